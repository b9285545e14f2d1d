package com.flowtriq.ftagent.pcap;

import static com.flowtriq.ftagent.pcap.PcapHandoffRecordDescriptor.FRAME_MSG_TYPE_ID;
import static com.flowtriq.ftagent.pcap.PcapHandoffRecordDescriptor.FRAME_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapHandoffRecordDescriptor.GENERATION_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapHandoffRecordDescriptor.TIMESTAMP_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapHandoffRecordDescriptor.WIRE_LENGTH_OFFSET;

import com.flowtriq.ftagent.capture.FrameHandler;
import java.lang.foreign.MemorySegment;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

/**
 * The capture thread's side of incident capture: one tap per capture thread, called with every frame that thread
 * sees. It keeps the frame in its own {@link PcapPreAttackRing}; while a capture is running it also copies the
 * frame into the ring to the {@link PcapIncidentRecorder}, after first handing over its pre-attack frames once
 * per capture.
 *
 * <p>Per frame: one volatile read, copies, no allocation, no lock, no system call. When the ring to the writer is
 * full the frame is not written to the incident file: it is counted (here and in the capture's dropped count) and
 * capture carries on.
 *
 * <p>With a {@link PcapIncidentFilter} on the capture, pre-attack and live frames it does not match are left out
 * and counted.
 *
 * <p>With several capture threads each hands over its own pre-attack frames, so the file holds each thread's
 * frames in order but not one merged time order.
 *
 * <p>Threading: single threaded, owned by its capture thread, which also calls {@link #close()}. The counters are
 * plain fields for that thread.
 */
public final class PcapFrameTap implements FrameHandler, AutoCloseable
{
    private final PcapIncidentRecorder recorder;
    private final PcapPreAttackRing preAttackRing;
    private final ManyToOneRingBuffer handoff;
    private final AtomicBuffer handoffBuffer;
    private final MemorySegment handoffMemory;
    private final int keptLength;
    /** Bound once: draining the pre-attack ring forwards through this without allocating. */
    private final FrameHandler preAttackForwarder = this::forwardPreAttack;

    private final int linkType;
    private PcapIncidentFilter filter;
    private long forwardingGeneration;
    private long forwardedFrames;
    private long droppedFrames;
    private long filteredFrames;

    PcapFrameTap(
        final PcapIncidentRecorder recorder,
        final PcapPreAttackRing preAttackRing,
        final ManyToOneRingBuffer handoff,
        final MemorySegment handoffMemory,
        final int keptLength,
        final int linkType)
    {
        this.linkType = linkType;
        this.recorder = recorder;
        this.preAttackRing = preAttackRing;
        this.handoff = handoff;
        this.handoffBuffer = handoff.buffer();
        this.handoffMemory = handoffMemory;
        this.keptLength = keptLength;
    }

    @Override
    public void onFrame(
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos)
    {
        final long generation = catchUpTo(timestampNanos);
        if (generation != PcapIncidentRecorder.NO_CAPTURE)
        {
            forward(generation, frame, offset, capturedLength, wireLength, timestampNanos);
        }
        if (preAttackRing != null)
        {
            preAttackRing.record(frame, offset, capturedLength, wireLength, timestampNanos);
        }
    }

    /**
     * Hands over the pre-attack frames of a capture that started while no frame has passed since, e.g. at the end of
     * a replayed file where the incident opens on the last tick. Same thread as {@link #onFrame}.
     *
     * @param nowNanos the capture clock, for the pre-attack window.
     */
    public void catchUp(final long nowNanos)
    {
        catchUpTo(nowNanos);
    }

    /**
     * On the first frame (or idle call) of a new capture generation: take its filter and hand over the pre-attack
     * frames once.
     *
     * @return the running generation, {@link PcapIncidentRecorder#NO_CAPTURE} if none.
     */
    private long catchUpTo(final long nowNanos)
    {
        final long generation = recorder.activeGeneration();
        if (generation != PcapIncidentRecorder.NO_CAPTURE && generation != forwardingGeneration)
        {
            forwardingGeneration = generation;
            filter = recorder.activeFilter();
            if (preAttackRing != null)
            {
                recorder.countPreAttack(preAttackRing.drain(preAttackForwarder, nowNanos));
            }
        }
        return generation;
    }

    private void forwardPreAttack(
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos)
    {
        forward(forwardingGeneration, frame, offset, capturedLength, wireLength, timestampNanos);
    }

    private void forward(
        final long generation,
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos)
    {
        final PcapIncidentFilter filter = this.filter;
        if (filter != null && !filter.matches(linkType, frame, offset, capturedLength))
        {
            filteredFrames++;
            recorder.countFiltered();
            return;
        }
        final int kept = Math.max(0, Math.min(capturedLength, keptLength));
        final int index = handoff.tryClaim(FRAME_MSG_TYPE_ID, FRAME_OFFSET + kept);
        if (index < 0)
        {
            droppedFrames++;
            recorder.countDropped();
            return;
        }
        final AtomicBuffer buffer = handoffBuffer;
        buffer.putLong(index + GENERATION_OFFSET, generation);
        buffer.putLong(index + TIMESTAMP_OFFSET, timestampNanos);
        buffer.putInt(index + WIRE_LENGTH_OFFSET, wireLength);
        MemorySegment.copy(frame, offset, handoffMemory, index + FRAME_OFFSET, kept);
        handoff.commit(index);
        forwardedFrames++;
    }

    /** Frames this tap put in the ring to the writer. */
    public long forwardedFrames()
    {
        return forwardedFrames;
    }

    /** Frames this tap could not put in the ring to the writer because it was full. */
    public long droppedFrames()
    {
        return droppedFrames;
    }

    /** Frames this tap left out of a capture because they did not match its {@link PcapIncidentFilter}. */
    public long filteredFrames()
    {
        return filteredFrames;
    }

    /** This tap's pre-attack ring, or null when {@code pcap_preattack_packets} is 0. */
    public PcapPreAttackRing preAttackRing()
    {
        return preAttackRing;
    }

    /** Frees the pre-attack ring's memory. */
    @Override
    public void close()
    {
        if (preAttackRing != null)
        {
            preAttackRing.close();
        }
    }
}
