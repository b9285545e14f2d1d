package com.flowtriq.ftagent.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFileTcpdump;
import com.flowtriq.ftagent.pcap.PcapFileTestFrames;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapngFileSourceTest
{
    private static final long SECONDS = 1_700_000_000L;
    private static final int LINKTYPE_RAW = 101;

    @TempDir
    Path temp;

    private Path store(final String name, final byte[] bytes) throws IOException
    {
        final Path file = temp.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void shouldReadPacketsOfBothByteOrdersWithEachInterfacesResolutionAndOffset() throws IOException
    {
        final byte[] a = PcapFileTestFrames.frame(60, 1);
        final byte[] b = PcapFileTestFrames.frame(1514, 2);
        final byte[] c = PcapFileTestFrames.frame(301, 3);
        final byte[] d = PcapFileTestFrames.frame(99, 4);
        final byte[] bytes = new PcapngFileBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            // Default resolution: microseconds.
            .interfaceDescription(PcapFileDescriptor.LINKTYPE_ETHERNET, 65535, PcapngFileBuilder.NO_TSRESOL, 0)
            // Nanoseconds, with an offset of 10 seconds.
            .interfaceDescription(PcapFileDescriptor.LINKTYPE_ETHERNET, 65535, 9, 10)
            .enhancedPacket(0, SECONDS * 1_000_000L + 123_456L, a, 60, 60)
            .otherBlock(0x0BAD, 16)
            .enhancedPacket(1, SECONDS * 1_000_000_000L + 7L, b, 200, 1514)
            .section(ByteOrder.BIG_ENDIAN)
            // 2^-10 second units (0x80 | 10).
            .interfaceDescription(PcapFileDescriptor.LINKTYPE_ETHERNET, 9000, 0x80 | 10, 0)
            .obsoletePacket(0, (SECONDS << 10) | 512, c, 301, 301)
            .simplePacket(d, 99, 99)
            .toByteArray();
        final Path file = store("mixed.pcapng", bytes);

        try (PcapFileSource source = PcapFileSource.open(file))
        {
            assertEquals(PcapFileFormat.PCAPNG, source.format());
            assertEquals(PcapFileDescriptor.LINKTYPE_ETHERNET, source.linkType());
            assertEquals(65535, source.snapLength());
            final List<PcapFileReadBack.Frame> frames = PcapFileReadBack.readAll(source);

            assertEquals(4, frames.size());
            assertArrayEquals(a, frames.get(0).bytes());
            assertEquals(SECONDS * 1_000_000_000L + 123_456_000L, frames.get(0).timestampNanos());
            assertArrayEquals(Arrays.copyOf(b, 200), frames.get(1).bytes());
            assertEquals(1514, frames.get(1).wireLength());
            assertEquals((SECONDS + 10) * 1_000_000_000L + 7L, frames.get(1).timestampNanos());
            assertArrayEquals(c, frames.get(2).bytes());
            assertEquals(SECONDS * 1_000_000_000L + 500_000_000L, frames.get(2).timestampNanos());
            // A Simple Packet Block has no timestamp: it takes the one before it.
            assertArrayEquals(d, frames.get(3).bytes());
            assertEquals(frames.get(2).timestampNanos(), frames.get(3).timestampNanos());
            assertEquals(PcapFileDefect.NONE, source.defect());
            assertEquals(0, source.skippedPackets());
            assertTrue(source.describe().contains("sections=2"), source.describe());
        }
    }

    @Test
    void shouldSkipAndCountPacketsOfAnInterfaceWithAnotherLinkType() throws IOException
    {
        final byte[] frame = PcapFileTestFrames.frame(80, 5);
        final byte[] bytes = new PcapngFileBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceDescription(PcapFileDescriptor.LINKTYPE_ETHERNET, 65535, 9, 0)
            .interfaceDescription(LINKTYPE_RAW, 65535, 9, 0)
            .enhancedPacket(0, 1, frame, 80, 80)
            .enhancedPacket(1, 2, frame, 80, 80)
            .enhancedPacket(1, 3, frame, 80, 80)
            .enhancedPacket(0, 4, frame, 80, 80)
            // Interface 7 was never described.
            .enhancedPacket(7, 5, frame, 80, 80)
            .toByteArray();
        final Path file = store("foreign.pcapng", bytes);

        try (PcapFileSource source = PcapFileSource.open(file))
        {
            final List<PcapFileReadBack.Frame> frames = PcapFileReadBack.readAll(source);
            assertEquals(List.of(1L, 4L), frames.stream().map(PcapFileReadBack.Frame::timestampNanos).toList());
            assertEquals(3, source.skippedPackets());
            assertEquals(2, source.packets());
            assertTrue(source.describe().contains("linktype=" + LINKTYPE_RAW), source.describe());
        }
    }

    @Test
    void shouldRefuseAPcapngFileWithAPacketBeforeAnyInterface() throws IOException
    {
        final byte[] frame = PcapFileTestFrames.frame(60, 6);
        final Path noInterface = store("none.pcapng", new PcapngFileBuilder()
            .section(ByteOrder.LITTLE_ENDIAN).toByteArray());
        final Path packetFirst = store("first.pcapng", new PcapngFileBuilder()
            .section(ByteOrder.LITTLE_ENDIAN).simplePacket(frame, 60, 60).toByteArray());

        assertTrue(assertThrows(PcapFileFormatException.class, () -> PcapFileSource.open(noInterface))
            .getMessage().endsWith("pcapng file has no interface description block"));
        assertTrue(assertThrows(PcapFileFormatException.class, () -> PcapFileSource.open(packetFirst))
            .getMessage().contains("before any interface description block"));
    }

    @Test
    void shouldAgreeWithTcpdumpOnCountAndTimestampsOfAPcapngFile() throws IOException, InterruptedException
    {
        org.junit.jupiter.api.Assumptions.assumeTrue(PcapFileTcpdump.available(), "tcpdump not installed");
        final PcapngFileBuilder builder = new PcapngFileBuilder()
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceDescription(PcapFileDescriptor.LINKTYPE_ETHERNET, 65535, 9, 0);
        for (int i = 0; i < 300; i++)
        {
            final int length = 42 + (i * 13) % 1400;
            builder.enhancedPacket(
                0, SECONDS * 1_000_000_000L + i * 3_333_333L, PcapFileTestFrames.frame(length, i), length, length);
        }
        final Path file = store("tcpdump.pcapng", builder.toByteArray());

        final List<Long> ours = PcapFileReadBack.readAll(file).stream()
            .map(PcapFileReadBack.Frame::timestampNanos).toList();
        final PcapFileTcpdump.Result tcpdump = PcapFileTcpdump.read(file, "--time-stamp-precision=nano");

        assertEquals(0, tcpdump.exitCode(), tcpdump.stderr());
        assertEquals(300, ours.size());
        assertEquals(tcpdump.timestampsNanos(), ours);
    }
}
