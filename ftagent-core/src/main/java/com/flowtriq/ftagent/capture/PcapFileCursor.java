package com.flowtriq.ftagent.capture;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Walks the records of one capture file (mapped, or read in windows into a buffer) and hands their frames in place
 * to a {@link FrameHandler}.
 * One subclass per file format; {@link PcapFileSource} owns the mapping or buffer and publishes the counters.
 *
 * <p>Threading: single threaded, used only by the thread that polls the source. Every read checks that the
 * bytes it touches lie inside the mapping before touching them, so corruption stops the walk (see
 * {@link #defect()}) instead of throwing.
 */
abstract class PcapFileCursor
{
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Fields are read as little-endian and reversed for big-endian files: one constant layout keeps the
     * access path foldable by the JIT, and the swap branch is the same for a whole section. */
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final MemorySegment file;
    final long fileLength;

    /** Offset of the next record or block to read. */
    long position;
    boolean finished;
    PcapFileDefect defect = PcapFileDefect.NONE;
    long defectPosition = -1;

    long packets;
    long bytes;
    long skippedPackets;
    long firstTimestampNanos = PcapFileSource.NO_TIMESTAMP;
    long lastTimestampNanos = PcapFileSource.NO_TIMESTAMP;

    PcapFileCursor(final MemorySegment file, final long startPosition)
    {
        this(file, file.byteSize(), startPosition);
    }

    /**
     * @param file       the mapped file, or the read buffer of a cursor that reads the file in windows.
     * @param fileLength length of the file in bytes.
     */
    PcapFileCursor(final MemorySegment file, final long fileLength, final long startPosition)
    {
        this.file = file;
        this.fileLength = fileLength;
        this.position = startPosition;
    }

    /**
     * Hands at most {@code frameLimit} frames to {@code handler}, in file order.
     *
     * @return the number of frames handed over; 0 once {@link #finished} is set.
     */
    abstract int read(FrameHandler handler, int frameLimit);

    /** The LINKTYPE of the frames handed over. */
    abstract int linkType();

    /** The snapshot length the file declares (of its first interface for pcapng); 0 if it declares none. */
    abstract int snapLength();

    /** Frames found in the file but not handed over, for example because their interface has another link type. */
    final long skippedPackets()
    {
        return skippedPackets;
    }

    final PcapFileDefect defect()
    {
        return defect;
    }

    /** Called once per batch, not per frame, to keep the per-frame loop on locals. */
    final void account(final int frames, final long wireBytes, final long firstTimestamp, final long lastTimestamp)
    {
        if (frames > 0)
        {
            if (packets == 0)
            {
                firstTimestampNanos = firstTimestamp;
            }
            packets += frames;
            bytes += wireBytes;
            lastTimestampNanos = lastTimestamp;
        }
    }

    final void stopAt(final PcapFileDefect defect, final long position)
    {
        this.defect = defect;
        this.defectPosition = position;
        this.finished = true;
    }

    static int swap(final int value, final boolean swapped)
    {
        return swapped ? Integer.reverseBytes(value) : value;
    }

    static long unsignedInt(final MemorySegment file, final long offset, final boolean swapped)
    {
        return Integer.toUnsignedLong(swap(file.get(INT_LE, offset), swapped));
    }

    static int unsignedShort(final MemorySegment file, final long offset, final boolean swapped)
    {
        final short raw = file.get(SHORT_LE, offset);
        return (swapped ? Short.reverseBytes(raw) : raw) & 0xFFFF;
    }

    static long signedLong(final MemorySegment file, final long offset, final boolean swapped)
    {
        final long raw = file.get(LONG_LE, offset);
        return swapped ? Long.reverseBytes(raw) : raw;
    }

    /** Wire length as handed to the handler: never below the captured length, and clamped to an int. */
    static int wireLength(final long originalLength, final long capturedLength)
    {
        return (int)Math.min(Math.max(originalLength, capturedLength), Integer.MAX_VALUE);
    }
}
