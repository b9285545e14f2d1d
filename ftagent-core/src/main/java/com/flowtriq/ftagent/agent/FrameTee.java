package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.capture.FrameHandler;

import java.lang.foreign.MemorySegment;

/**
 * Hands each frame to two handlers in turn: the PCAP tap first (it copies what it keeps), then the decoder.
 * Per frame: two calls, nothing else. Used by the agent and by {@code ftagent bench}, on the capture thread.
 */
public final class FrameTee implements FrameHandler
{
    private final FrameHandler first;
    private final FrameHandler second;

    public FrameTee(final FrameHandler first, final FrameHandler second)
    {
        this.first = first;
        this.second = second;
    }

    @Override
    public void onFrame(
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos)
    {
        first.onFrame(frame, offset, capturedLength, wireLength, timestampNanos);
        second.onFrame(frame, offset, capturedLength, wireLength, timestampNanos);
    }

    @Override
    public void onBatchEnd()
    {
        first.onBatchEnd();
        second.onBatchEnd();
    }
}
