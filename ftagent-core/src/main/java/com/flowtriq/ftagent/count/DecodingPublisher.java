package com.flowtriq.ftagent.count;

import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.decode.FrameDecoder;
import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;

/**
 * The work of a capture thread: decode each frame in place into a {@code PacketRecord} and hand the record to
 * the counting stage.
 *
 * <p>The record is decoded into a 32-byte scratch buffer and then published by copy, because the counting
 * worker is chosen by the source address, which is only known once the frame has been decoded. Copying 32
 * bytes costs less than a second pass over the headers.
 *
 * <p>Per frame: no allocation, no lock, no exception. A record the stage cannot take (its worker's ring is
 * full) is dropped and counted by the stage as back-pressure, never waited for.
 *
 * <p>Threading: one instance per capture thread, confined to it.
 */
public final class DecodingPublisher implements FrameHandler
{
    private final FrameDecoder decoder;
    private final RecordPublisher publisher;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);

    /**
     * @param decoder   the decoder of this capture thread, built for its source's link type.
     * @param publisher the publisher of this capture thread, from {@link CountingStage#newPublisher()}.
     */
    public DecodingPublisher(final FrameDecoder decoder, final RecordPublisher publisher)
    {
        this.decoder = decoder;
        this.publisher = publisher;
    }

    @Override
    public void onFrame(
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos)
    {
        decoder.decode(frame, offset, capturedLength, wireLength, timestampNanos, scratch, 0);
        publisher.publish(scratch, 0);
    }

    /**
     * Hands the records still batched in the publisher to the counting stage. The capture loop calls it at the
     * end of each poll batch.
     */
    @Override
    public void onBatchEnd()
    {
        publisher.flush();
    }

    /** @return the decoder, for its per-reason counters. */
    public FrameDecoder decoder()
    {
        return decoder;
    }
}
