package com.flowtriq.ftagent.detect;

/**
 * Turns a {@link DetectorClock} reading into detector ticks, one per clock second, in order. The tick for epoch
 * second {@code S} covers the traffic of {@code [S, S + 1)} and falls due once the clock reaches {@code S + 1}.
 * <p>
 * Usage, on the detection thread (replay: after advancing the packet clock; live: after waking up):
 * <pre>{@code
 * long second;
 * while ((second = ticker.pollDueSecond(clock.epochNanos())) != SecondTicker.NO_TICK)
 * {
 *     detector.tick(second, window);
 * }
 * }</pre>
 * Every second is ticked, including seconds without traffic (replay gaps), so holddown and cooldown keep running
 * through silence. Two clock faults are handled and counted rather than trusted:
 * <ul>
 *   <li>A forward jump longer than {@code maxCatchUpSeconds} (a wall-clock step, a bogus pcap timestamp) ticks
 *       only the last {@code maxCatchUpSeconds} seconds of the gap; earlier ones are skipped and counted in
 *       {@link #skippedSeconds()}. That is still enough for an open incident to resolve and its cooldown to end.</li>
 *   <li>A backward step of the clock (only a wall clock can do that) re-anchors the ticker at the new second;
 *       counted in {@link #backwardSteps()}.</li>
 * </ul>
 * Single-threaded (the detection thread); no allocation.
 */
public final class SecondTicker
{
    /** Returned by {@link #pollDueSecond(long)} when no tick is due. */
    public static final long NO_TICK = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long maxCatchUpSeconds;
    private long currentSecond = NO_TICK;
    private long skippedSeconds;
    private long backwardSteps;

    /**
     * @param maxCatchUpSeconds the most empty seconds ticked across one clock gap; at least 1.
     */
    public SecondTicker(final long maxCatchUpSeconds)
    {
        if (maxCatchUpSeconds < 1)
        {
            throw new IllegalArgumentException("maxCatchUpSeconds=" + maxCatchUpSeconds + ": expected >= 1");
        }
        this.maxCatchUpSeconds = maxCatchUpSeconds;
    }

    /**
     * The next second whose tick is due at clock time {@code nowNanos}, or {@link #NO_TICK}. Call until it returns
     * {@link #NO_TICK}; each call returns the next second in order.
     *
     * @param nowNanos the clock reading, or {@link DetectorClock#NOT_STARTED}.
     */
    public long pollDueSecond(final long nowNanos)
    {
        if (nowNanos == DetectorClock.NOT_STARTED)
        {
            return NO_TICK;
        }

        final long nowSecond = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
        if (currentSecond == NO_TICK)
        {
            currentSecond = nowSecond;
            return NO_TICK;
        }

        if (nowSecond < currentSecond)
        {
            backwardSteps++;
            currentSecond = nowSecond;
            return NO_TICK;
        }

        if (nowSecond == currentSecond)
        {
            return NO_TICK;
        }

        final long gap = nowSecond - currentSecond;
        if (gap > maxCatchUpSeconds)
        {
            final long skip = gap - maxCatchUpSeconds;
            skippedSeconds += skip;
            currentSecond += skip;
        }

        final long due = currentSecond;
        currentSecond = due + 1;
        return due;
    }

    /**
     * Nanoseconds from {@code nowNanos} until the current second's tick falls due; 0 if one is due now. For the live
     * detector's sleep.
     */
    public long nanosUntilDue(final long nowNanos)
    {
        if (currentSecond == NO_TICK || nowNanos == DetectorClock.NOT_STARTED)
        {
            return 0;
        }

        final long dueAt = (currentSecond + 1) * NANOS_PER_SECOND;
        return Math.max(0, dueAt - nowNanos);
    }

    /** The second currently accumulating (its tick is not yet due), or {@link #NO_TICK} before the first reading. */
    public long currentSecond()
    {
        return currentSecond;
    }

    /** Seconds of clock gaps that were not ticked because the gap exceeded the catch-up limit. */
    public long skippedSeconds()
    {
        return skippedSeconds;
    }

    /** Times the clock was seen to go backwards. */
    public long backwardSteps()
    {
        return backwardSteps;
    }
}
