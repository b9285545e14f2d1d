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

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Walks a classic libpcap file (see {@link com.flowtriq.ftagent.pcap.PcapFileDescriptor}) of either byte order,
 * with microsecond or nanosecond timestamps.
 *
 * <p>A record whose header or data runs past the end of the mapping, or whose captured length is above
 * 256 KiB, stops the walk: the classic format has no framing to resynchronise on.
 */
final class PcapFileClassicCursor extends PcapFileCursor
{
    private final boolean swapped;
    private final long nanosPerFractionUnit;
    private final int linkType;
    private final int snapLength;

    /**
     * @param swapped true when the file's byte order is big-endian (the magic read little-endian is reversed).
     * @param nanosecond true for the nanosecond variant of the format.
     */
    PcapFileClassicCursor(
        final Path path, final MemorySegment file, final boolean swapped, final boolean nanosecond)
        throws PcapFileFormatException
    {
        super(file, FILE_HEADER_LENGTH);
        if (file.byteSize() < FILE_HEADER_LENGTH)
        {
            throw new PcapFileFormatException(
                path, "pcap file header needs " + FILE_HEADER_LENGTH + " bytes, file has " + file.byteSize());
        }
        final int major = unsignedShort(file, VERSION_MAJOR_OFFSET, swapped);
        final int minor = unsignedShort(file, VERSION_MINOR_OFFSET, swapped);
        if (major != VERSION_MAJOR)
        {
            throw new PcapFileFormatException(path, "unsupported pcap version " + major + "." + minor);
        }
        this.swapped = swapped;
        this.nanosPerFractionUnit = nanosecond ? 1L : 1_000L;
        this.linkType = swap(file.get(INT_LE, LINK_TYPE_OFFSET), swapped) & LINK_TYPE_MASK;
        this.snapLength = swap(file.get(INT_LE, SNAP_LENGTH_OFFSET), swapped);
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

        final MemorySegment file = this.file;
        final long end = this.fileLength;
        final boolean swapped = this.swapped;
        final long nanosPerFractionUnit = this.nanosPerFractionUnit;
        long position = this.position;
        int frames = 0;
        long wireBytes = 0;
        long firstTimestamp = PcapFileSource.NO_TIMESTAMP;
        long timestamp = PcapFileSource.NO_TIMESTAMP;

        while (frames < frameLimit)
        {
            final long remaining = end - position;
            if (remaining < RECORD_HEADER_LENGTH)
            {
                if (remaining == 0)
                {
                    finished = true;
                }
                else
                {
                    stopAt(PcapFileDefect.TRUNCATED_HEADER, position);
                }
                break;
            }

            final long capturedLength = unsignedInt(file, position + CAPTURED_LENGTH_OFFSET, swapped);
            if (capturedLength > MAX_CAPTURED_LENGTH)
            {
                stopAt(PcapFileDefect.ABSURD_CAPTURED_LENGTH, position);
                break;
            }
            if (capturedLength > remaining - RECORD_HEADER_LENGTH)
            {
                stopAt(PcapFileDefect.TRUNCATED_RECORD, position);
                break;
            }

            final long originalLength = unsignedInt(file, position + ORIGINAL_LENGTH_OFFSET, swapped);
            final long seconds = unsignedInt(file, position + TIMESTAMP_SECONDS_OFFSET, swapped);
            final long fraction = unsignedInt(file, position + TIMESTAMP_FRACTION_OFFSET, swapped);
            timestamp = seconds * NANOS_PER_SECOND + fraction * nanosPerFractionUnit;
            if (frames == 0)
            {
                firstTimestamp = timestamp;
            }

            final int wireLength = wireLength(originalLength, capturedLength);
            handler.onFrame(file, position + RECORD_HEADER_LENGTH, (int)capturedLength, wireLength, timestamp);
            wireBytes += wireLength;
            frames++;
            position += RECORD_HEADER_LENGTH + capturedLength;
        }

        this.position = position;
        account(frames, wireBytes, firstTimestamp, timestamp);
        return frames;
    }
}
