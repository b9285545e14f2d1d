package com.flowtriq.ftagent.pcap;

import com.flowtriq.ftagent.capture.FrameHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The last frames a capture thread saw, kept so that an incident's capture can start with the packets from
 * before detection. Memory is fixed when the ring is made: one off-heap byte area for frame bytes and four
 * primitive arrays for the per-frame metadata. Recording a frame copies at most {@link #keptLengthLimit()} of its
 * bytes and never allocates, locks or makes a system call.
 *
 * <p>Frames are placed one after the other in a circular byte area, each contiguously: a frame that does not fit
 * before the end of the area starts again at offset 0 and the tail is left unused. Positions are kept as an
 * ever-growing byte position, so "the oldest frame's bytes are about to be overwritten" is one comparison.
 * <pre>
 *   byte area: | f5 f6 f7 ...free... | f2 f3 f4 | unused tail |
 *                          ^ next write     ^ oldest
 * </pre>
 *
 * <p>Overflow is defined and counted: when a new frame needs a metadata slot or bytes that are taken, the oldest
 * frames are dropped from the ring, each counted in {@link #overwrittenFrames()}. A frame longer than the kept
 * length limit is cut to it (its wire length is kept), as a capture snapshot length would.
 *
 * <p>{@link #drain(FrameHandler, long)} hands the frames still in the ring, oldest first, and empties it. Frames
 * older than the time window before the given time are skipped and counted in {@link #agedOutFrames()}.
 *
 * <p>Threading: single threaded. The capture thread that records into the ring is the only thread that drains it
 * and reads its counters; {@link #close()} is called by that thread after its last use.
 */
public final class PcapPreAttackRing implements AutoCloseable
{
    private final Arena arena;
    private final MemorySegment bytes;
    private final long byteCapacity;
    private final int packetCapacity;
    private final int keptLengthLimit;
    private final long windowNanos;

    private final long[] startPositions;
    private final long[] timestamps;
    private final int[] keptLengths;
    private final int[] wireLengths;

    /** Sequence of the oldest frame in the ring; the ring holds {@code nextSequence - oldestSequence} frames. */
    private long oldestSequence;
    private long nextSequence;
    private long nextBytePosition;

    private long recordedFrames;
    private long overwrittenFrames;
    private long agedOutFrames;

    /**
     * @param packetCapacity  most frames kept, at least 1.
     * @param byteCapacity    bytes of frame data kept, at least {@code keptLengthLimit}.
     * @param keptLengthLimit most bytes kept of one frame (a snapshot length), at least 1.
     * @param windowNanos     frames older than this before the drain time are not handed over; 0 for no limit.
     */
    public PcapPreAttackRing(
        final int packetCapacity, final long byteCapacity, final int keptLengthLimit, final long windowNanos)
    {
        if (packetCapacity < 1)
        {
            throw new IllegalArgumentException("packetCapacity=" + packetCapacity + " must be at least 1");
        }
        if (keptLengthLimit < 1)
        {
            throw new IllegalArgumentException("keptLengthLimit=" + keptLengthLimit + " must be at least 1");
        }
        if (byteCapacity < keptLengthLimit)
        {
            throw new IllegalArgumentException(
                "byteCapacity=" + byteCapacity + " must be at least keptLengthLimit=" + keptLengthLimit);
        }
        if (windowNanos < 0)
        {
            throw new IllegalArgumentException("windowNanos=" + windowNanos + " must not be negative");
        }
        this.packetCapacity = packetCapacity;
        this.byteCapacity = byteCapacity;
        this.keptLengthLimit = keptLengthLimit;
        this.windowNanos = windowNanos;
        this.startPositions = new long[packetCapacity];
        this.timestamps = new long[packetCapacity];
        this.keptLengths = new int[packetCapacity];
        this.wireLengths = new int[packetCapacity];
        this.arena = Arena.ofShared();
        this.bytes = arena.allocate(byteCapacity, Long.BYTES);
    }

    /**
     * Keeps a copy of the frame, dropping the oldest frames if the ring is full.
     *
     * @param frame          memory holding the frame.
     * @param offset         of the frame's first byte in {@code frame}.
     * @param capturedLength bytes of the frame present in {@code frame}.
     * @param wireLength     length of the frame on the wire.
     * @param timestampNanos capture time.
     */
    public void record(
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos)
    {
        final int kept = Math.max(0, Math.min(capturedLength, keptLengthLimit));
        final long byteCapacity = this.byteCapacity;

        long start = nextBytePosition;
        final long startInArea = start % byteCapacity;
        if (startInArea + kept > byteCapacity)
        {
            // Frames are kept contiguous: skip the tail and start at the beginning of the area.
            start += byteCapacity - startInArea;
        }
        final long end = start + kept;

        final int packetCapacity = this.packetCapacity;
        long oldest = oldestSequence;
        final long next = nextSequence;
        while (oldest < next &&
            (next - oldest >= packetCapacity || end - startPositions[(int)(oldest % packetCapacity)] > byteCapacity))
        {
            oldest++;
            overwrittenFrames++;
        }
        oldestSequence = oldest;

        final int slot = (int)(next % packetCapacity);
        MemorySegment.copy(frame, offset, bytes, start % byteCapacity, kept);
        startPositions[slot] = start;
        timestamps[slot] = timestampNanos;
        keptLengths[slot] = kept;
        wireLengths[slot] = wireLength;
        nextSequence = next + 1;
        nextBytePosition = end;
        recordedFrames++;
    }

    /**
     * Hands every frame in the ring, oldest first, to {@code sink}, then empties the ring. Frames whose timestamp
     * is more than the window before {@code nowNanos} are skipped and counted as aged out.
     *
     * @return frames handed to the sink.
     */
    public int drain(final FrameHandler sink, final long nowNanos)
    {
        final int packetCapacity = this.packetCapacity;
        final long windowNanos = this.windowNanos;
        final long byteCapacity = this.byteCapacity;
        int handed = 0;
        for (long sequence = oldestSequence; sequence < nextSequence; sequence++)
        {
            final int slot = (int)(sequence % packetCapacity);
            final long timestamp = timestamps[slot];
            if (windowNanos > 0 && nowNanos - timestamp > windowNanos)
            {
                agedOutFrames++;
                continue;
            }
            sink.onFrame(bytes, startPositions[slot] % byteCapacity, keptLengths[slot], wireLengths[slot], timestamp);
            handed++;
        }
        oldestSequence = nextSequence;
        return handed;
    }

    /** Frames in the ring now. */
    public int size()
    {
        return (int)(nextSequence - oldestSequence);
    }

    /** Frames recorded since the ring was made. */
    public long recordedFrames()
    {
        return recordedFrames;
    }

    /** Frames dropped from the ring, unread, to make room for newer ones. */
    public long overwrittenFrames()
    {
        return overwrittenFrames;
    }

    /** Frames skipped by a drain because they were older than the window. */
    public long agedOutFrames()
    {
        return agedOutFrames;
    }

    public int packetCapacity()
    {
        return packetCapacity;
    }

    public long byteCapacity()
    {
        return byteCapacity;
    }

    public int keptLengthLimit()
    {
        return keptLengthLimit;
    }

    /** Frees the off-heap area. */
    @Override
    public void close()
    {
        arena.close();
    }
}
