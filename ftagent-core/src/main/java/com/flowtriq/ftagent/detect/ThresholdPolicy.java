package com.flowtriq.ftagent.detect;

/**
 * Turns a {@link Baseline} into the PPS and BPS thresholds of the current tick. Each dimension on its own:
 * <ul>
 *   <li>{@code dynamic_threshold} true: {@code max(min_*_threshold, *_threshold, ceil(p99 x threshold_multiplier))};
 *       while the baseline {@link Baseline#isWarmingUp() warms up}, {@code max(min_*_threshold, *_threshold)}.</li>
 *   <li>{@code dynamic_threshold} false: {@code max(min_*_threshold, *_threshold)}, the static threshold.</li>
 * </ul>
 * So {@code pps_threshold}/{@code bps_threshold} (0 = unset) is the static threshold when dynamic is off and a
 * second floor when it is on, and {@code min_pps_threshold}/{@code min_bps_threshold} is never undercut.
 * Traffic is above threshold when PPS or BPS is strictly greater than its threshold.
 * <p>
 * Immutable; each call is allocation-free.
 */
public final class ThresholdPolicy
{
    private final boolean dynamic;
    private final long staticPps;
    private final long staticBps;
    private final double multiplier;

    public ThresholdPolicy(final DetectionSettings settings)
    {
        this.dynamic = settings.dynamicThreshold();
        this.staticPps = staticPps(settings);
        this.staticBps = staticBps(settings);
        this.multiplier = settings.thresholdMultiplier();
    }

    /** The threshold that holds without a baseline: {@code max(min_pps_threshold, pps_threshold)}. */
    public static long staticPps(final DetectionSettings settings)
    {
        return Math.max(settings.minPpsThreshold(), settings.ppsThreshold());
    }

    /** The threshold that holds without a baseline: {@code max(min_bps_threshold, bps_threshold)}. */
    public static long staticBps(final DetectionSettings settings)
    {
        return Math.max(settings.minBpsThreshold(), settings.bpsThreshold());
    }

    /** The PPS threshold for the current state of the baseline. */
    public long ppsThreshold(final Baseline baseline)
    {
        if (!dynamic || baseline.isWarmingUp())
        {
            return staticPps;
        }

        return Math.max(staticPps, scaled(baseline.p99Pps()));
    }

    /** The BPS threshold (bits per second) for the current state of the baseline. */
    public long bpsThreshold(final Baseline baseline)
    {
        if (!dynamic || baseline.isWarmingUp())
        {
            return staticBps;
        }

        return Math.max(staticBps, scaled(baseline.p99Bps()));
    }

    private long scaled(final long p99)
    {
        final double value = Math.ceil(p99 * multiplier);
        return value >= Long.MAX_VALUE ? Long.MAX_VALUE : (long)value;
    }

    /** True when the thresholds follow the baseline, so a baseline adaptation can end an incident. */
    public boolean followsBaseline()
    {
        return dynamic;
    }
}
