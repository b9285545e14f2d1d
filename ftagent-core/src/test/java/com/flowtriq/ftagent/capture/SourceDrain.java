package com.flowtriq.ftagent.capture;

import java.util.concurrent.TimeUnit;

/**
 * Polls sources in turn until their handlers have seen an expected number of frames, then keeps polling until
 * a run of rounds hands over nothing, so that a frame too many would be seen too. Bounded by a time limit.
 * Test code, single threaded.
 */
final class SourceDrain
{
    /** Rounds in a row with no frame after which a drain stops. */
    static final int QUIET_ROUNDS = 5;
    /** Longest a drain runs. */
    static final long TIME_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private SourceDrain()
    {
    }

    /**
     * @param expected frames to wait for across all handlers; 0 to drain only until quiet.
     * @return true if the handlers saw at least {@code expected} frames within the time limit.
     */
    static boolean drain(final PacketSource[] sources, final CountingFrameHandler[] handlers, final long expected)
    {
        final long deadline = System.nanoTime() + TIME_LIMIT_NANOS;
        while (seen(handlers) < expected && System.nanoTime() - deadline < 0)
        {
            for (int i = 0; i < sources.length; i++)
            {
                sources[i].poll(handlers[i]);
            }
        }
        final boolean reached = seen(handlers) >= expected;
        int quietRounds = 0;
        while (quietRounds < QUIET_ROUNDS && System.nanoTime() - deadline < 0)
        {
            int handed = 0;
            for (int i = 0; i < sources.length; i++)
            {
                handed += Math.max(0, sources[i].poll(handlers[i]));
            }
            quietRounds = 0 == handed ? quietRounds + 1 : 0;
        }
        return reached;
    }

    static boolean drain(final PacketSource source, final CountingFrameHandler handler, final long expected)
    {
        return drain(new PacketSource[]{ source }, new CountingFrameHandler[]{ handler }, expected);
    }

    private static long seen(final CountingFrameHandler[] handlers)
    {
        long seen = 0;
        for (final CountingFrameHandler handler : handlers)
        {
            seen += handler.packets;
        }
        return seen;
    }
}
