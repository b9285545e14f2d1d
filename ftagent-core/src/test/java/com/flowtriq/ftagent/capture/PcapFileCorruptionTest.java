package com.flowtriq.ftagent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFileTestFrames;
import com.flowtriq.ftagent.pcap.PcapFileWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncated and corrupt capture files: {@link PcapFileSource#open(Path)} either refuses them with a message naming
 * the file, or the source hands every intact frame before the damage, counts one truncated record, names the
 * defect and its offset, and ends. Nothing else is thrown.
 */
class PcapFileCorruptionTest
{
    private static final long BASE_NANOS = 1_700_000_000_000_000_000L;

    @TempDir
    Path temp;

    /** A classic file of frames of lengths 0..79; {@code recordEnds} receives each record's end offset. */
    private byte[] classicFile(final int frameCount, final List<Long> recordEnds) throws IOException
    {
        final Path file = temp.resolve("intact.pcap");
        try (PcapFileWriter writer = PcapFileWriter.create(file, PcapFileDescriptor.LINKTYPE_ETHERNET, 65535))
        {
            long end = PcapFileDescriptor.FILE_HEADER_LENGTH;
            for (int i = 0; i < frameCount; i++)
            {
                final int length = (i * 37) % 80;
                writer.write(PcapFileTestFrames.frame(length, i), length, length, BASE_NANOS + i * 1_000L);
                end += PcapFileDescriptor.RECORD_HEADER_LENGTH + length;
                recordEnds.add(end);
            }
        }
        return Files.readAllBytes(file);
    }

    private Path store(final String name, final byte[] bytes) throws IOException
    {
        final Path file = temp.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void shouldHandEveryWholeRecordAndCountTruncationAtEveryCutOfAClassicFile() throws IOException
    {
        final List<Long> recordEnds = new ArrayList<>();
        final byte[] intact = classicFile(25, recordEnds);

        for (int cut = PcapFileDescriptor.FILE_HEADER_LENGTH; cut <= intact.length; cut++)
        {
            final Path file = store("cut.pcap", Arrays.copyOf(intact, cut));
            int whole = 0;
            long lastEnd = PcapFileDescriptor.FILE_HEADER_LENGTH;
            for (final long end : recordEnds)
            {
                if (end <= cut)
                {
                    whole++;
                    lastEnd = end;
                }
            }

            try (PcapFileSource source = PcapFileSource.open(file))
            {
                assertEquals(whole, PcapFileReadBack.readAll(source).size(), "frames before cut at " + cut);
                if (lastEnd == cut)
                {
                    assertEquals(0, source.truncatedRecords(), "cut at record boundary " + cut);
                    assertEquals(PcapFileDefect.NONE, source.defect());
                }
                else
                {
                    assertEquals(1, source.truncatedRecords(), "cut inside a record at " + cut);
                    assertEquals(lastEnd, source.defectOffset(), "defect offset for cut at " + cut);
                    assertEquals(
                        cut - lastEnd < PcapFileDescriptor.RECORD_HEADER_LENGTH ?
                            PcapFileDefect.TRUNCATED_HEADER : PcapFileDefect.TRUNCATED_RECORD,
                        source.defect(),
                        "defect for cut at " + cut);
                    assertTrue(source.describe().contains("stopped at offset " + lastEnd), source.describe());
                }
            }
        }
    }

    @Test
    void shouldRefuseAClassicFileCutInsideItsHeaderNamingTheFile() throws IOException
    {
        final byte[] intact = classicFile(1, new ArrayList<>());
        for (int cut = 4; cut < PcapFileDescriptor.FILE_HEADER_LENGTH; cut++)
        {
            final Path file = store("header-cut.pcap", Arrays.copyOf(intact, cut));
            final PcapFileFormatException ex =
                assertThrows(PcapFileFormatException.class, () -> PcapFileSource.open(file));
            assertTrue(ex.getMessage().startsWith(file.toString()), ex.getMessage());
        }
    }

    @Test
    void shouldStopAtACapturedLengthAboveTheLibpcapMaximumAndKeepTheFramesBefore() throws IOException
    {
        final List<Long> recordEnds = new ArrayList<>();
        final byte[] bytes = classicFile(10, recordEnds);
        final long damaged = recordEnds.get(2);
        for (final int capturedLength : new int[]{PcapFileDescriptor.MAX_CAPTURED_LENGTH + 1, -1})
        {
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int)damaged + PcapFileDescriptor.CAPTURED_LENGTH_OFFSET, capturedLength);
            final Path file = store("absurd.pcap", bytes);

            try (PcapFileSource source = PcapFileSource.open(file))
            {
                assertEquals(3, PcapFileReadBack.readAll(source).size());
                assertEquals(PcapFileDefect.ABSURD_CAPTURED_LENGTH, source.defect());
                assertEquals(damaged, source.defectOffset());
                assertEquals(1, source.truncatedRecords());
            }
        }
    }

    @Test
    void shouldNeverThrowFromPollOnRandomlyDamagedClassicFiles() throws IOException
    {
        final byte[] intact = classicFile(40, new ArrayList<>());
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 500; round++)
        {
            final byte[] damaged = intact.clone();
            for (int flips = random.nextInt(1, 8); flips > 0; flips--)
            {
                damaged[random.nextInt(PcapFileDescriptor.FILE_HEADER_LENGTH, damaged.length)] =
                    (byte)random.nextInt(256);
            }
            final Path file = store("damaged.pcap", damaged);
            try (PcapFileSource source = PcapFileSource.open(file))
            {
                final List<PcapFileReadBack.Frame> frames = PcapFileReadBack.readAll(source);
                assertTrue(frames.size() <= damaged.length / PcapFileDescriptor.RECORD_HEADER_LENGTH);
                assertEquals(frames.size(), source.packets());
                assertTrue(source.truncatedRecords() <= 1);
            }
        }
    }

    /** SHB + IDB + EPBs, little-endian; {@code blockEnds} receives the end offset of every block. */
    private static byte[] pcapngFile(final int packets, final List<Long> blockEnds)
    {
        final PcapngFileBuilder builder = new PcapngFileBuilder().section(ByteOrder.LITTLE_ENDIAN);
        blockEnds.add((long)builder.toByteArray().length);
        builder.interfaceDescription(PcapFileDescriptor.LINKTYPE_ETHERNET, 65535, PcapngFileBuilder.NO_TSRESOL, 0);
        blockEnds.add((long)builder.toByteArray().length);
        for (int i = 0; i < packets; i++)
        {
            final int length = (i * 29) % 70;
            builder.enhancedPacket(0, 1_700_000_000_000_000L + i, PcapFileTestFrames.frame(length, i), length, length);
            blockEnds.add((long)builder.toByteArray().length);
        }
        return builder.toByteArray();
    }

    @Test
    void shouldHandEveryWholeBlockOrRefuseClearlyAtEveryCutOfAPcapngFile() throws IOException
    {
        final List<Long> blockEnds = new ArrayList<>();
        final byte[] intact = pcapngFile(12, blockEnds);
        final long interfaceEnd = blockEnds.get(1);

        for (int cut = 4; cut <= intact.length; cut++)
        {
            final Path file = store("cut.pcapng", Arrays.copyOf(intact, cut));
            if (cut < interfaceEnd)
            {
                final PcapFileFormatException ex =
                    assertThrows(PcapFileFormatException.class, () -> PcapFileSource.open(file), "cut at " + cut);
                assertTrue(ex.getMessage().startsWith(file.toString()), ex.getMessage());
                continue;
            }

            long lastEnd = 0;
            int wholePackets = 0;
            for (int i = 0; i < blockEnds.size(); i++)
            {
                if (blockEnds.get(i) <= cut)
                {
                    lastEnd = blockEnds.get(i);
                    wholePackets = Math.max(0, i - 1);
                }
            }
            try (PcapFileSource source = PcapFileSource.open(file))
            {
                assertEquals(wholePackets, PcapFileReadBack.readAll(source).size(), "frames before cut at " + cut);
                assertEquals(lastEnd == cut ? 0 : 1, source.truncatedRecords(), "cut at " + cut);
                if (lastEnd != cut)
                {
                    assertEquals(lastEnd, source.defectOffset(), "defect offset for cut at " + cut);
                    assertEquals(
                        cut - lastEnd < 12 ? PcapFileDefect.TRUNCATED_HEADER : PcapFileDefect.TRUNCATED_RECORD,
                        source.defect(),
                        "defect for cut at " + cut);
                }
            }
        }
    }

    @Test
    void shouldStopAtAPcapngBlockWhoseTrailerDisagreesWithItsLength() throws IOException
    {
        final List<Long> blockEnds = new ArrayList<>();
        final byte[] bytes = pcapngFile(6, blockEnds);
        // The trailer of the fourth packet block (blocks 0 and 1 are the section and interface).
        final int trailer = (int)(blockEnds.get(5) - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(trailer, 0x7FFF_FFF0);
        final Path file = store("trailer.pcapng", bytes);

        try (PcapFileSource source = PcapFileSource.open(file))
        {
            assertEquals(3, PcapFileReadBack.readAll(source).size());
            assertEquals(PcapFileDefect.BAD_BLOCK_TRAILER, source.defect());
            assertEquals(blockEnds.get(4), source.defectOffset());
        }
    }

    @Test
    void shouldStopAtAPcapngPacketWhoseCapturedLengthExceedsItsBlock() throws IOException
    {
        final List<Long> blockEnds = new ArrayList<>();
        final byte[] bytes = pcapngFile(6, blockEnds);
        final int secondPacket = (int)(long)blockEnds.get(3);
        // Captured length field of an Enhanced Packet Block: after type, length, interface id and timestamp.
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(secondPacket + 20, 4000);
        final Path file = store("exceeds.pcapng", bytes);

        try (PcapFileSource source = PcapFileSource.open(file))
        {
            assertEquals(2, PcapFileReadBack.readAll(source).size());
            assertEquals(PcapFileDefect.PACKET_EXCEEDS_BLOCK, source.defect());
            assertEquals(secondPacket, source.defectOffset());
        }
    }

    @Test
    void shouldNeverThrowFromPollOnRandomlyDamagedPcapngFiles() throws IOException
    {
        final List<Long> blockEnds = new ArrayList<>();
        final byte[] intact = pcapngFile(30, blockEnds);
        final int firstPacket = (int)(long)blockEnds.get(1);
        final SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 500; round++)
        {
            final byte[] damaged = intact.clone();
            for (int flips = random.nextInt(1, 8); flips > 0; flips--)
            {
                damaged[random.nextInt(firstPacket, damaged.length)] = (byte)random.nextInt(256);
            }
            final Path file = store("damaged.pcapng", damaged);
            try (PcapFileSource source = PcapFileSource.open(file))
            {
                final List<PcapFileReadBack.Frame> frames = PcapFileReadBack.readAll(source);
                assertTrue(frames.size() <= 30 + damaged.length / 12);
                assertTrue(source.truncatedRecords() <= 1);
            }
        }
    }
}
