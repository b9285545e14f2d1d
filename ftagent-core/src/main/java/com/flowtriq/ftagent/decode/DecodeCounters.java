package com.flowtriq.ftagent.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One counter per {@link DecodeEvent}: how many frames ended with each reason. Every decoded frame increments
 * exactly one counter, so the sum over all events is the number of frames decoded.
 *
 * <p>Threading: a single writer, the capture thread that owns the {@link FrameDecoder}, calls
 * {@link #increment(int)}. Any other thread (metrics, status) may read at any time: reads are opaque, so they see
 * each counter's value at some recent point, never a torn or out-of-thin-air value. A reader summing several
 * counters gets values that were not necessarily taken at the same instant.
 */
public final class DecodeCounters
{
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    /** Keeps the written counters off the cache lines of neighbouring heap objects. */
    private static final int PADDING = 8;

    private final long[] counts = new long[PADDING + DecodeEvent.count() + PADDING];

    /** Adds one frame to the counter of {@code reason} (a {@link DecodeEvent} ordinal). Capture thread only. */
    public void increment(final int reason)
    {
        final int index = PADDING + reason;
        COUNTS.setOpaque(counts, index, counts[index] + 1);
    }

    /** The count of one event. Any thread. */
    public long count(final DecodeEvent event)
    {
        return (long)COUNTS.getOpaque(counts, PADDING + event.ordinal());
    }

    /** The sum over all events: the frames decoded so far. Any thread. */
    public long total()
    {
        long sum = 0;
        for (int i = 0; i < DecodeEvent.count(); i++)
        {
            sum += (long)COUNTS.getOpaque(counts, PADDING + i);
        }
        return sum;
    }

    /** The sum over the events of one kind, for example every malformed frame. Any thread. */
    public long total(final DecodeEvent.Kind kind)
    {
        long sum = 0;
        for (int i = 0; i < DecodeEvent.count(); i++)
        {
            final DecodeEvent event = DecodeEvent.fromReason(i);
            if (event.kind() == kind)
            {
                sum += count(event);
            }
        }
        return sum;
    }
}
