package com.flowtriq.ftagent.frames;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Walks the records of a classic libpcap file mapped into memory, for tests: each frame is handed over where it
 * lies in the mapping, in a slice that ends at its captured length. Reads either byte order and microsecond or
 * nanosecond timestamps. Not pcapng.
 *
 * <pre>
 *   file header (24 bytes): magic, version major/minor, thiszone, sigfigs, snaplen, link type (at 20)
 *   record header (16 bytes): ts seconds, ts fraction, captured length, original (wire) length; then the frame
 * </pre>
 */
public final class PcapFileFrames
{
    /** Receives each frame of the file. */
    @FunctionalInterface
    public interface Visitor
    {
        void onFrame(MemorySegment frame, int capturedLength, int wireLength, long timestampNanos);
    }

    private static final int FILE_HEADER_LENGTH = 24;
    private static final int LINK_TYPE_OFFSET = 20;
    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;

    private PcapFileFrames()
    {
    }

    /** The link type in the file header. */
    public static int linkType(final Path file) throws IOException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mapped = map(file, arena);
            return mapped.get(layout(mapped), LINK_TYPE_OFFSET);
        }
    }

    /** Calls {@code visitor} for every record, in file order; returns the number of records. */
    public static long forEach(final Path file, final Visitor visitor) throws IOException
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mapped = map(file, arena);
            final ValueLayout.OfInt field = layout(mapped);
            final boolean nanos = magic(mapped) == MAGIC_NANOS;
            final long size = mapped.byteSize();
            long position = FILE_HEADER_LENGTH;
            long records = 0;
            while (position + RECORD_HEADER_LENGTH <= size)
            {
                final long seconds = Integer.toUnsignedLong(mapped.get(field, position));
                final long fraction = Integer.toUnsignedLong(mapped.get(field, position + 4));
                final int captured = mapped.get(field, position + 8);
                final int wire = mapped.get(field, position + 12);
                final long data = position + RECORD_HEADER_LENGTH;
                if (captured < 0 || data + captured > size)
                {
                    throw new IOException(file + ": record " + records + " runs past the end of the file");
                }
                final long timestamp = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000L);
                visitor.onFrame(mapped.asSlice(data, captured), captured, wire, timestamp);
                position = data + captured;
                records++;
            }
            return records;
        }
    }

    private static MemorySegment map(final Path file, final Arena arena) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            if (mapped.byteSize() < FILE_HEADER_LENGTH)
            {
                throw new IOException(file + ": shorter than a pcap file header");
            }
            final int magic = magic(mapped);
            if (magic != MAGIC_MICROS && magic != MAGIC_NANOS &&
                Integer.reverseBytes(magic) != MAGIC_MICROS && Integer.reverseBytes(magic) != MAGIC_NANOS)
            {
                throw new IOException(file + ": not a classic pcap file, magic " + Integer.toHexString(magic));
            }
            return mapped;
        }
    }

    /** The magic as written in the file's own byte order. */
    private static int magic(final MemorySegment mapped)
    {
        final int little = mapped.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        return little == MAGIC_MICROS || little == MAGIC_NANOS ? little : Integer.reverseBytes(little);
    }

    private static ValueLayout.OfInt layout(final MemorySegment mapped)
    {
        final int little = mapped.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        final ByteOrder order = little == MAGIC_MICROS || little == MAGIC_NANOS ?
            ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        return ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
    }
}
