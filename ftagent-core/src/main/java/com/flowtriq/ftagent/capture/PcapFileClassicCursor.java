package com.flowtriq.ftagent.capture;

import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.CAPTURED_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.FILE_HEADER_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.LINK_TYPE_MASK;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.LINK_TYPE_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.MAX_CAPTURED_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.ORIGINAL_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.RECORD_HEADER_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.SNAP_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.TIMESTAMP_FRACTION_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.TIMESTAMP_SECONDS_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.VERSION_MAJOR;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.VERSION_MAJOR_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.VERSION_MINOR_OFFSET;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Walks a classic libpcap file (see {@link com.flowtriq.ftagent.pcap.PcapFileDescriptor}) of either byte order,
 * with microsecond or nanosecond timestamps.
 *
 * <p>The file is read with positional reads into one reused native buffer of {@link #READ_BUFFER_BYTES}, and each
 * frame is handed to the handler where it lies in that buffer. Walking a mapping of the whole file costs a page
 * walk and a cache miss per record on a cold TLB, and the walk cannot run ahead because each record's length
 * gives the next record's position; measured on the replay host, that made the walk of a 694 MB file about six
 * times slower than reading the same bytes with {@code read(2)} into an L2-sized buffer, which the kernel fills
 * with one streaming copy. A record cut by the end of the buffer is moved to its start before the next read.
 *
 * <p>Buffer layout (file offsets; {@code windowStart} is buffer offset 0):
 * <pre>
 *   windowStart      position                    windowEnd          windowStart + READ_BUFFER_BYTES
 *   |  handed over   | records not yet handed over |  not read yet                    |
 * </pre>
 *
 * <p>A record whose header or data runs past the end of the file, or whose captured length is above
 * 256 KiB, stops the walk: the classic format has no framing to resynchronise on. A failed read stops it too
 * ({@link PcapFileDefect#READ_ERROR}), never throws.
 */
final class PcapFileClassicCursor extends PcapFileCursor
{
    /**
     * Bytes of the read buffer: fits in L2 on current server cores, and holds the largest record (header plus
     * 256 KiB) with room to spare, so every refill reads at least 240 KiB.
     */
    static final int READ_BUFFER_BYTES = 512 * 1024;

    private final FileChannel channel;
    private final ByteBuffer readBuffer;
    private final boolean swapped;
    private final long nanosPerFractionUnit;
    private final int linkType;
    private final int snapLength;
    /** File offset of buffer offset 0. */
    private long windowStart = FILE_HEADER_LENGTH;
    /** File offset one past the last byte read into the buffer. */
    private long windowEnd = FILE_HEADER_LENGTH;

    /**
     * @param header     the first bytes of the file, at least the file header if the file has one.
     * @param channel    the open file; read from, never closed by the cursor.
     * @param fileLength the file's size when it was opened; bytes appended later are not read.
     * @param buffer     the read buffer, {@link #READ_BUFFER_BYTES} long, owned by the source.
     * @param swapped    true when the file's byte order is big-endian (the magic read little-endian is reversed).
     * @param nanosecond true for the nanosecond variant of the format.
     */
    PcapFileClassicCursor(
        final Path path,
        final MemorySegment header,
        final FileChannel channel,
        final long fileLength,
        final MemorySegment buffer,
        final boolean swapped,
        final boolean nanosecond)
        throws PcapFileFormatException
    {
        super(buffer, fileLength, FILE_HEADER_LENGTH);
        if (fileLength < FILE_HEADER_LENGTH || header.byteSize() < FILE_HEADER_LENGTH)
        {
            throw new PcapFileFormatException(
                path, "pcap file header needs " + FILE_HEADER_LENGTH + " bytes, file has " + fileLength);
        }
        final int major = unsignedShort(header, VERSION_MAJOR_OFFSET, swapped);
        final int minor = unsignedShort(header, VERSION_MINOR_OFFSET, swapped);
        if (major != VERSION_MAJOR)
        {
            throw new PcapFileFormatException(path, "unsupported pcap version " + major + "." + minor);
        }
        this.channel = channel;
        this.readBuffer = buffer.asByteBuffer();
        this.swapped = swapped;
        this.nanosPerFractionUnit = nanosecond ? 1L : 1_000L;
        this.linkType = swap(header.get(INT_LE, LINK_TYPE_OFFSET), swapped) & LINK_TYPE_MASK;
        this.snapLength = swap(header.get(INT_LE, SNAP_LENGTH_OFFSET), swapped);
    }

    @Override
    int linkType()
    {
        return linkType;
    }

    @Override
    int snapLength()
    {
        return snapLength;
    }

    @Override
    int read(final FrameHandler handler, final int frameLimit)
    {
        if (finished)
        {
            return 0;
        }

        final MemorySegment buffer = this.file;
        final long fileEnd = this.fileLength;
        final boolean swapped = this.swapped;
        final long nanosPerFractionUnit = this.nanosPerFractionUnit;
        long windowStart = this.windowStart;
        long windowEnd = this.windowEnd;
        long position = this.position;
        int frames = 0;
        long wireBytes = 0;
        long firstTimestamp = PcapFileSource.NO_TIMESTAMP;
        long timestamp = PcapFileSource.NO_TIMESTAMP;

        while (frames < frameLimit)
        {
            final long buffered = windowEnd - position;
            if (buffered < RECORD_HEADER_LENGTH)
            {
                if (windowEnd < fileEnd)
                {
                    if (!refill(position))
                    {
                        break;
                    }
                    windowStart = this.windowStart;
                    windowEnd = this.windowEnd;
                    continue;
                }
                if (buffered == 0)
                {
                    finished = true;
                }
                else
                {
                    stopAt(PcapFileDefect.TRUNCATED_HEADER, position);
                }
                break;
            }

            final long at = position - windowStart;
            final long capturedLength = unsignedInt(buffer, at + CAPTURED_LENGTH_OFFSET, swapped);
            if (capturedLength > MAX_CAPTURED_LENGTH)
            {
                stopAt(PcapFileDefect.ABSURD_CAPTURED_LENGTH, position);
                break;
            }
            if (capturedLength > buffered - RECORD_HEADER_LENGTH)
            {
                if (windowEnd < fileEnd)
                {
                    if (!refill(position))
                    {
                        break;
                    }
                    windowStart = this.windowStart;
                    windowEnd = this.windowEnd;
                    continue;
                }
                stopAt(PcapFileDefect.TRUNCATED_RECORD, position);
                break;
            }

            final long originalLength = unsignedInt(buffer, at + ORIGINAL_LENGTH_OFFSET, swapped);
            final long seconds = unsignedInt(buffer, at + TIMESTAMP_SECONDS_OFFSET, swapped);
            final long fraction = unsignedInt(buffer, at + TIMESTAMP_FRACTION_OFFSET, swapped);
            timestamp = seconds * NANOS_PER_SECOND + fraction * nanosPerFractionUnit;
            if (frames == 0)
            {
                firstTimestamp = timestamp;
            }

            final int wireLength = wireLength(originalLength, capturedLength);
            handler.onFrame(buffer, at + RECORD_HEADER_LENGTH, (int)capturedLength, wireLength, timestamp);
            wireBytes += wireLength;
            frames++;
            position += RECORD_HEADER_LENGTH + capturedLength;
        }

        this.position = position;
        account(frames, wireBytes, firstTimestamp, timestamp);
        return frames;
    }

    /**
     * Moves the bytes from {@code from} to the end of the window to the start of the buffer and fills the rest from
     * the file. Cold path: once per {@link #READ_BUFFER_BYTES} read.
     *
     * @return true if at least one byte was added; false if reading failed or the file shrank, after recording
     * {@link PcapFileDefect#READ_ERROR} at {@code from}.
     */
    private boolean refill(final long from)
    {
        final MemorySegment buffer = this.file;
        final long kept = windowEnd - from;
        if (kept > 0)
        {
            MemorySegment.copy(buffer, from - windowStart, buffer, 0, kept);
        }
        final int wanted = (int)Math.min(READ_BUFFER_BYTES, fileLength - from);
        int filled = (int)kept;
        try
        {
            while (filled < wanted)
            {
                readBuffer.limit(wanted).position(filled);
                final int read = channel.read(readBuffer, from + filled);
                if (read < 0)
                {
                    break;
                }
                filled += read;
            }
        }
        catch (final IOException ex)
        {
            // Counted as the defect below; poll never throws.
        }
        windowStart = from;
        windowEnd = from + filled;
        if (filled < wanted)
        {
            stopAt(PcapFileDefect.READ_ERROR, from);
            return false;
        }
        return true;
    }
}
