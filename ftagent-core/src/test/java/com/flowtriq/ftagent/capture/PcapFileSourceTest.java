package com.flowtriq.ftagent.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFileTestFrames;
import com.flowtriq.ftagent.pcap.PcapFileWriter;
import com.flowtriq.ftagent.pcap.PcapTimestampResolution;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapFileSourceTest
{
    private static final long BASE_NANOS = 1_700_000_000_123_456_789L;

    @TempDir
    Path temp;

    private record Written(byte[] frame, int capturedLength, int wireLength, long timestampNanos)
    {
    }

    /** Frames of lengths 0..1514 and a few jumbo ones, some with a wire length above the captured one. */
    private static List<Written> variedFrames(final int count, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Written> frames = new ArrayList<>();
        long timestamp = BASE_NANOS;
        for (int i = 0; i < count; i++)
        {
            final int length = i % 97 == 0 ? 9000 : random.nextInt(1515);
            final byte[] frame = PcapFileTestFrames.frame(length, seed + i);
            final int wireLength = i % 5 == 0 ? length + random.nextInt(1, 60000) : length;
            timestamp += random.nextLong(0, 2_000_000_000L);
            frames.add(new Written(frame, length, wireLength, timestamp));
        }
        return frames;
    }

    private Path write(final List<Written> frames, final PcapTimestampResolution resolution, final boolean viaSegment)
        throws IOException
    {
        final Path file = temp.resolve("round-trip-" + resolution + "-" + viaSegment + ".pcap");
        try (PcapFileWriter writer = PcapFileWriter.create(
                file, PcapFileDescriptor.LINKTYPE_ETHERNET, 65535, resolution, 64 * 1024);
            Arena arena = Arena.ofConfined())
        {
            for (final Written written : frames)
            {
                if (viaSegment)
                {
                    // Frames at a non-zero, odd offset in a larger segment, as in a ring block.
                    final MemorySegment block = arena.allocate(written.frame().length + 13L);
                    MemorySegment.copy(MemorySegment.ofArray(written.frame()), 0, block, 13, written.frame().length);
                    writer.write(
                        block, 13, written.capturedLength(), written.wireLength(), written.timestampNanos());
                }
                else
                {
                    writer.write(
                        written.frame(), written.capturedLength(), written.wireLength(), written.timestampNanos());
                }
            }
            assertEquals(frames.size(), writer.packetsWritten());
        }
        return file;
    }

    private static void assertSameFrames(
        final List<Written> expected, final List<PcapFileReadBack.Frame> actual, final long timestampUnit)
    {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++)
        {
            final Written written = expected.get(i);
            final PcapFileReadBack.Frame read = actual.get(i);
            assertEquals(written.capturedLength(), read.capturedLength(), "captured length of frame " + i);
            assertEquals(written.wireLength(), read.wireLength(), "wire length of frame " + i);
            assertEquals(
                written.timestampNanos() - written.timestampNanos() % timestampUnit,
                read.timestampNanos(),
                "timestamp of frame " + i);
            assertArrayEquals(written.frame(), read.bytes(), "bytes of frame " + i);
        }
    }

    @Test
    void shouldReadBackFramesWrittenWithNanosecondTimestamps() throws IOException
    {
        final List<Written> frames = variedFrames(3_000, 1);
        final Path file = write(frames, PcapTimestampResolution.NANOSECONDS, true);

        try (PcapFileSource source = PcapFileSource.open(file))
        {
            assertEquals(PcapFileFormat.PCAP_NANOSECONDS, source.format());
            assertEquals(PcapFileDescriptor.LINKTYPE_ETHERNET, source.linkType());
            assertEquals(65535, source.snapLength());
            assertSameFrames(frames, PcapFileReadBack.readAll(source), 1);
            assertEquals(0, source.truncatedRecords());
            assertEquals(PcapFileDefect.NONE, source.defect());
            assertEquals(frames.getFirst().timestampNanos(), source.firstTimestampNanos());
            assertEquals(frames.getLast().timestampNanos(), source.lastTimestampNanos());
        }
    }

    @Test
    void shouldReadBackFramesWrittenWithMicrosecondTimestamps() throws IOException
    {
        final List<Written> frames = variedFrames(3_000, 2);
        final Path file = write(frames, PcapTimestampResolution.MICROSECONDS, false);

        try (PcapFileSource source = PcapFileSource.open(file))
        {
            assertEquals(PcapFileFormat.PCAP_MICROSECONDS, source.format());
            assertSameFrames(frames, PcapFileReadBack.readAll(source), 1_000);
        }
    }

    @Test
    void shouldCutFramesToSnapLengthAndKeepWireLength() throws IOException
    {
        final Path file = temp.resolve("snap.pcap");
        final byte[] frame = PcapFileTestFrames.frame(1500, 3);
        try (PcapFileWriter writer = PcapFileWriter.create(file, PcapFileDescriptor.LINKTYPE_ETHERNET, 96))
        {
            writer.write(frame, 1500, 1500, BASE_NANOS);
            writer.write(frame, 60, 60, BASE_NANOS + 1);
        }

        final List<PcapFileReadBack.Frame> read = PcapFileReadBack.readAll(file);
        assertEquals(2, read.size());
        assertEquals(96, read.get(0).capturedLength());
        assertEquals(1500, read.get(0).wireLength());
        assertArrayEquals(java.util.Arrays.copyOf(frame, 96), read.get(0).bytes());
        assertEquals(60, read.get(1).capturedLength());
        assertEquals(60, read.get(1).wireLength());
    }

    @Test
    void shouldReadBigEndianFilesLikeLittleEndianOnes() throws IOException
    {
        final List<Written> frames = variedFrames(500, 4);
        for (final PcapTimestampResolution resolution : PcapTimestampResolution.values())
        {
            final Path littleEndian = write(frames, resolution, false);
            final Path bigEndian = temp.resolve("big-endian-" + resolution + ".pcap");
            Files.write(bigEndian, classicFile(frames, resolution, ByteOrder.BIG_ENDIAN));

            try (PcapFileSource source = PcapFileSource.open(bigEndian))
            {
                assertEquals(PcapFileDescriptor.LINKTYPE_ETHERNET, source.linkType());
                assertEquals(65535, source.snapLength());
                final List<PcapFileReadBack.Frame> fromBigEndian = PcapFileReadBack.readAll(source);
                assertSameFrames(frames, fromBigEndian, resolution.nanosPerUnit());
                assertSameFrames(frames, PcapFileReadBack.readAll(littleEndian), resolution.nanosPerUnit());
            }
        }
    }

    /** A classic pcap file built field by field in the given byte order, independently of the writer. */
    static byte[] classicFile(
        final List<Written> frames, final PcapTimestampResolution resolution, final ByteOrder order)
    {
        int size = 24;
        for (final Written written : frames)
        {
            size += 16 + written.capturedLength();
        }
        final ByteBuffer buffer = ByteBuffer.allocate(size).order(order);
        buffer.putInt(resolution.magic()).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(65535).putInt(1);
        for (final Written written : frames)
        {
            final long nanos = written.timestampNanos();
            buffer.putInt((int)(nanos / 1_000_000_000L))
                .putInt((int)(nanos % 1_000_000_000L / resolution.nanosPerUnit()))
                .putInt(written.capturedLength())
                .putInt(written.wireLength())
                .put(written.frame(), 0, written.capturedLength());
        }
        return buffer.array();
    }

    @Test
    void shouldHandAtMostTheBatchLimitPerPollThenEndOfInput() throws IOException
    {
        final List<Written> frames = variedFrames(25, 5);
        final Path file = write(frames, PcapTimestampResolution.NANOSECONDS, false);
        final int[] handed = new int[1];
        final FrameHandler counter = (frame, offset, capturedLength, wireLength, timestampNanos) -> handed[0]++;

        try (PcapFileSource source = PcapFileSource.open(file, 10))
        {
            assertEquals(10, source.poll(counter));
            assertEquals(10, source.poll(counter));
            assertEquals(5, source.poll(counter));
            assertEquals(PacketSource.END_OF_INPUT, source.poll(counter));
            assertEquals(PacketSource.END_OF_INPUT, source.poll(counter));
            assertEquals(25, handed[0]);
        }
    }

    @Test
    void shouldAddFramesAndWireBytesToStatistics() throws IOException
    {
        final List<Written> frames = variedFrames(200, 6);
        final Path file = write(frames, PcapTimestampResolution.NANOSECONDS, false);
        final long wireBytes = frames.stream().mapToLong(Written::wireLength).sum();

        try (PcapFileSource source = PcapFileSource.open(file))
        {
            PcapFileReadBack.readAll(source);
            final CaptureStatistics statistics = new CaptureStatistics();
            statistics.packets = 1;
            source.statistics(statistics);
            assertEquals(1 + 200, statistics.packets);
            assertEquals(wireBytes, statistics.bytes);
            assertEquals(-1, statistics.kernelPackets);
            assertTrue(source.describe().contains("packets=200"), source.describe());
        }
    }

    @Test
    void shouldReturnEndOfInputAfterClose() throws IOException
    {
        final Path file = write(variedFrames(5, 7), PcapTimestampResolution.NANOSECONDS, false);
        final PcapFileSource source = PcapFileSource.open(file);
        source.close();
        source.close();
        assertEquals(PacketSource.END_OF_INPUT, source.poll((frame, offset, captured, wire, timestamp) -> { }));
    }

    @Test
    void shouldReadHeaderOnlyFileAsEmpty() throws IOException
    {
        final Path file = temp.resolve("empty.pcap");
        PcapFileWriter.create(file, PcapFileDescriptor.LINKTYPE_ETHERNET, 65535).close();

        try (PcapFileSource source = PcapFileSource.open(file))
        {
            assertEquals(PacketSource.END_OF_INPUT, source.poll((frame, offset, captured, wire, timestamp) -> { }));
            assertEquals(0, source.truncatedRecords());
            assertEquals(PcapFileSource.NO_TIMESTAMP, source.firstTimestampNanos());
        }
    }

    @Test
    void shouldRejectFileThatIsNotACaptureNamingPathAndFirstBytes() throws IOException
    {
        final Path file = temp.resolve("program");
        Files.write(file, new byte[]{0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});

        final PcapFileFormatException ex = assertThrows(PcapFileFormatException.class, () -> PcapFileSource.open(file));
        assertEquals(file + ": not a pcap or pcapng file: first 4 bytes are 7f454c46", ex.getMessage());
    }

    @Test
    void shouldRejectFilesTooShortForAHeader() throws IOException
    {
        final Path empty = Files.createFile(temp.resolve("empty"));
        assertTrue(assertThrows(PcapFileFormatException.class, () -> PcapFileSource.open(empty))
            .getMessage().contains("only 0 bytes"));

        final Path shortHeader = temp.resolve("short.pcap");
        Files.write(shortHeader, ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(PcapFileDescriptor.MAGIC_MICROSECONDS).array());
        assertTrue(assertThrows(PcapFileFormatException.class, () -> PcapFileSource.open(shortHeader))
            .getMessage().contains("needs 24 bytes, file has 20"));
    }

    @Test
    void shouldRejectUnsupportedVersionAndModifiedFormat() throws IOException
    {
        final Path version3 = temp.resolve("v3.pcap");
        Files.write(version3, ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(PcapFileDescriptor.MAGIC_MICROSECONDS).putShort((short)3).putShort((short)0).array());
        assertTrue(assertThrows(PcapFileFormatException.class, () -> PcapFileSource.open(version3))
            .getMessage().endsWith("unsupported pcap version 3.0"));

        final Path modified = temp.resolve("modified.pcap");
        Files.write(modified, ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN)
            .putInt(PcapFileDescriptor.MAGIC_MODIFIED).array());
        assertTrue(assertThrows(PcapFileFormatException.class, () -> PcapFileSource.open(modified))
            .getMessage().contains("modified (Kuznetzov) pcap"));
    }

    @Test
    void shouldRejectMissingFileAndDirectory()
    {
        final Path missing = temp.resolve("missing.pcap");
        assertTrue(assertThrows(NoSuchFileException.class, () -> PcapFileSource.open(missing))
            .getMessage().contains(missing.toString()));
        assertTrue(assertThrows(PcapFileFormatException.class, () -> PcapFileSource.open(temp))
            .getMessage().contains("not a regular file"));
    }

    @Test
    void shouldMapFilesLargerThan2GiB() throws IOException
    {
        final Path file = temp.resolve("sparse.pcap");
        try (PcapFileWriter writer = PcapFileWriter.create(file, PcapFileDescriptor.LINKTYPE_ETHERNET, 65535))
        {
            writer.write(PcapFileTestFrames.frame(64, 8), 64, 64, BASE_NANOS);
        }
        final long size = 3L << 30;
        try (RandomAccessFile extend = new RandomAccessFile(file.toFile(), "rw"))
        {
            // A hole: reads as zero-length records, costs no disk and is never walked to the end here.
            extend.setLength(size);
        }

        try (PcapFileSource source = PcapFileSource.open(file, 3))
        {
            assertEquals(size, source.fileSize());
            final List<Integer> lengths = new ArrayList<>();
            assertEquals(3, source.poll((frame, offset, captured, wire, timestamp) -> lengths.add(captured)));
            assertEquals(List.of(64, 0, 0), lengths);
        }
    }

    @Test
    void shouldNotAllocatePerFrame() throws IOException
    {
        final Path file = temp.resolve("allocation.pcap");
        final int frames = 200_000;
        final byte[] frame = PcapFileTestFrames.frame(64, 9);
        try (PcapFileWriter writer = PcapFileWriter.create(file, PcapFileDescriptor.LINKTYPE_ETHERNET, 65535))
        {
            for (int i = 0; i < frames; i++)
            {
                writer.write(frame, 64, 64, BASE_NANOS + i);
            }
        }
        final long[] sum = new long[1];
        final FrameHandler summing = (segment, offset, captured, wire, timestamp) -> sum[0] += captured + timestamp;
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

        // Warm-up pass, then a measured one: the source, its cursor and mapping are per file, not per frame.
        readCounting(file, summing);
        final long before = threads.getCurrentThreadAllocatedBytes();
        final long read = readCounting(file, summing);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(frames, read);
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes reading " + frames + " frames");
    }

    private static long readCounting(final Path file, final FrameHandler handler) throws IOException
    {
        long frames = 0;
        try (PcapFileSource source = PcapFileSource.open(file))
        {
            int polled;
            while ((polled = source.poll(handler)) != PacketSource.END_OF_INPUT)
            {
                frames += polled;
            }
        }
        return frames;
    }
}
