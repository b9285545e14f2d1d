package com.flowtriq.ftagent.detect;

/**
 * The time detection runs on. {@code run} uses {@link WallDetectorClock} (real time); {@code replay} uses
 * {@link PacketClock}, advanced by packet timestamps, so a replayed capture yields the same ticks, and therefore the
 * same incidents, as living through it. The detector ticks on the second boundaries of this clock, through a
 * {@link SecondTicker}.
 * <p>
 * Implementations are read by the detection thread; {@link #epochNanos()} must not allocate.
 */
public interface DetectorClock
{
    /**
     * The current time of this clock.
     *
     * @return nanoseconds since the Unix epoch, or {@link #NOT_STARTED} while the clock has no time yet (a packet
     * clock before its first packet).
     */
    long epochNanos();

    /** Returned by {@link #epochNanos()} before the clock has any time. */
    long NOT_STARTED = Long.MIN_VALUE;
}
