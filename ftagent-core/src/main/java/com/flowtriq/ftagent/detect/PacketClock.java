package com.flowtriq.ftagent.detect;

/**
 * Time as told by packet timestamps, for replay: the clock stands at the latest timestamp seen. It never runs
 * backwards: an out-of-order packet (older than the latest) leaves it where it is and is counted in
 * {@link #outOfOrderPackets()}.
 * <p>
 * Single writer: the replay thread calls {@link #advance(long)} per packet and reads it when ticking. No allocation.
 */
public final class PacketClock implements DetectorClock
{
    private long nowNanos = NOT_STARTED;
    private long outOfOrderPackets;

    /**
     * Moves the clock to a packet's timestamp if it is later than the current time.
     *
     * @param timestampNanos the packet timestamp in nanoseconds since the epoch.
     */
    public void advance(final long timestampNanos)
    {
        if (timestampNanos > nowNanos)
        {
            nowNanos = timestampNanos;
        }
        else if (timestampNanos < nowNanos)
        {
            outOfOrderPackets++;
        }
    }

    @Override
    public long epochNanos()
    {
        return nowNanos;
    }

    public boolean hasStarted()
    {
        return nowNanos != NOT_STARTED;
    }

    /** Packets whose timestamp was earlier than the clock (they did not move it). */
    public long outOfOrderPackets()
    {
        return outOfOrderPackets;
    }
}
