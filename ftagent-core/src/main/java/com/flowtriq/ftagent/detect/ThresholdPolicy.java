package com.flowtriq.ftagent.detect;

/**
 * Turns a {@link Baseline} into the PPS and BPS thresholds of the current tick. Each dimension resolves on its own:
 * <ol>
 *   <li>{@code pps_threshold} / {@code bps_threshold} above 0: that fixed value (an explicit override, as the
 *       Flowtriq config response's {@code pps_threshold} is).</li>
 *   <li>otherwise, with {@code dynamic_threshold}: {@code max(floor, ceil(p99 x threshold_multiplier))}, and just
 *       the floor while the baseline {@link Baseline#isWarmingUp() warms up}.</li>
 *   <li>otherwise the floor, {@code min_pps_threshold} / {@code min_bps_threshold}.</li>
 * </ol>
 * Traffic is above threshold when PPS or BPS is strictly greater than its threshold.
 * <p>
 * Immutable; each call is allocation-free.
 */
public final class ThresholdPolicy
{
    private final boolean dynamicPps;
    private final boolean dynamicBps;
    private final long fixedPps;
    private final long fixedBps;
    private final long floorPps;
    private final long floorBps;
    private final double multiplier;

    public ThresholdPolicy(final DetectionSettings settings)
    {
        this.fixedPps = settings.ppsThreshold() > 0 ? settings.ppsThreshold() : 0;
        this.fixedBps = settings.bpsThreshold() > 0 ? settings.bpsThreshold() : 0;
        this.dynamicPps = fixedPps == 0 && settings.dynamicThreshold();
        this.dynamicBps = fixedBps == 0 && settings.dynamicThreshold();
        this.floorPps = settings.minPpsThreshold();
        this.floorBps = settings.minBpsThreshold();
        this.multiplier = settings.thresholdMultiplier();
    }

    /** The PPS threshold for the current state of the baseline. */
    public long ppsThreshold(final Baseline baseline)
    {
        if (fixedPps > 0)
        {
            return fixedPps;
        }

        if (!dynamicPps || baseline.isWarmingUp())
        {
            return floorPps;
        }

        return Math.max(floorPps, scaled(baseline.p99Pps()));
    }

    /** The BPS threshold (bits per second) for the current state of the baseline. */
    public long bpsThreshold(final Baseline baseline)
    {
        if (fixedBps > 0)
        {
            return fixedBps;
        }

        if (!dynamicBps || baseline.isWarmingUp())
        {
            return floorBps;
        }

        return Math.max(floorBps, scaled(baseline.p99Bps()));
    }

    private long scaled(final long p99)
    {
        final double value = Math.ceil(p99 * multiplier);
        return value >= Long.MAX_VALUE ? Long.MAX_VALUE : (long)value;
    }

    /** True when the PPS threshold follows the baseline. */
    public boolean dynamicPps()
    {
        return dynamicPps;
    }

    /** True when the BPS threshold follows the baseline. */
    public boolean dynamicBps()
    {
        return dynamicBps;
    }

    /** True when either threshold follows the baseline, so a baseline adaptation can end an incident. */
    public boolean followsBaseline()
    {
        return dynamicPps || dynamicBps;
    }
}
