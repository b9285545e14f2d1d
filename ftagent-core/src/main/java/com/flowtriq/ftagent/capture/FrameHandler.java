package com.flowtriq.ftagent.capture;

import java.lang.foreign.MemorySegment;

/**
 * Receives each captured frame where it lies (in a kernel ring, a libpcap buffer or a mapped file).
 *
 * <p>Called on the capture thread, once per frame. The frame bytes are valid only for the duration of
 * the call: an implementation that needs them later must copy them. Implementations must not allocate,
 * lock or throw: this is the hot path.
 */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * @param frame          memory holding the frame; read from {@code offset}, at most {@code capturedLength} bytes.
     * @param offset         offset of the first byte of the link-layer header within {@code frame}.
     * @param capturedLength bytes of the frame present in memory (after the snap length).
     * @param wireLength     length of the frame on the wire (may be larger than {@code capturedLength}).
     * @param timestampNanos capture time, nanoseconds since the Unix epoch.
     */
    void onFrame(MemorySegment frame, long offset, int capturedLength, int wireLength, long timestampNanos);

    /**
     * Called by the capture loop on the capture thread after each {@code PacketSource.poll}, whether or not it
     * brought frames, so that a handler that batches its output (for example records for the counting workers)
     * hands it over: nothing it holds waits longer than one poll. Does nothing by default.
     */
    default void onBatchEnd()
    {
    }
}
