package com.flowtriq.ftagent.capture;

import com.flowtriq.ftagent.testbed.TestFrames;

import java.lang.foreign.MemorySegment;

/**
 * Counts the frames a source hands over and which numbered test frames ({@link TestFrames}) it saw, how often.
 * Single threaded: used by the thread that polls the source.
 */
final class CountingFrameHandler implements FrameHandler
{
    private final int[] timesSeen;
    long packets;
    long bytes;
    long foreignFrames;
    long truncatedFrames;
    long lengthMismatches;
    long firstTimestampNanos;
    long lastTimestampNanos;

    /**
     * @param sequenceCapacity numbered frames 0..capacity-1 are tracked.
     */
    CountingFrameHandler(final int sequenceCapacity)
    {
        timesSeen = new int[sequenceCapacity];
    }

    @Override
    public void onFrame(
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos)
    {
        packets++;
        bytes += wireLength;
        if (capturedLength < wireLength)
        {
            truncatedFrames++;
        }
        if (0 == firstTimestampNanos)
        {
            firstTimestampNanos = timestampNanos;
        }
        lastTimestampNanos = timestampNanos;
        final int sequence = TestFrames.sequenceOf(frame, offset, capturedLength);
        if (sequence < 0 || sequence >= timesSeen.length)
        {
            foreignFrames++;
            return;
        }
        if (TestFrames.lengthOf(sequence) != wireLength)
        {
            lengthMismatches++;
        }
        timesSeen[sequence]++;
    }

    /**
     * @return how many times numbered frame {@code sequence} was seen.
     */
    int timesSeen(final int sequence)
    {
        return timesSeen[sequence];
    }

    /**
     * @return the numbered frames seen at least once.
     */
    int distinctSeen()
    {
        int distinct = 0;
        for (final int times : timesSeen)
        {
            if (times > 0)
            {
                distinct++;
            }
        }
        return distinct;
    }

    /**
     * @return the numbered frames seen more than once, counting each extra sighting.
     */
    long duplicates()
    {
        long duplicates = 0;
        for (final int times : timesSeen)
        {
            if (times > 1)
            {
                duplicates += times - 1;
            }
        }
        return duplicates;
    }
}
