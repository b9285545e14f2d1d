package com.flowtriq.ftagent.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFileTcpdump;
import com.flowtriq.ftagent.pcap.PcapFileTestFrames;
import com.flowtriq.ftagent.pcap.PcapFileWriter;
import com.flowtriq.ftagent.pcap.PcapTimestampResolution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by {@link PcapFileWriter} are read by tcpdump with the same count and timestamps, and files that
 * tcpdump itself writes ({@code tcpdump -r ... -w ...}, micro and nano magic) read back through
 * {@link PcapFileSource} with the frames, lengths and timestamps that went in.
 */
class PcapFileTcpdumpRoundTripTest
{
    private static final int FRAMES = 2_000;

    @TempDir
    Path temp;

    private final List<byte[]> frames = new ArrayList<>();
    private final List<Integer> wireLengths = new ArrayList<>();
    private final List<Long> timestamps = new ArrayList<>();

    private Path writeWithWriter(final PcapTimestampResolution resolution) throws IOException
    {
        final SplittableRandom random = new SplittableRandom(42);
        long timestamp = 1_750_000_000_987_654_321L;
        final Path file = temp.resolve("writer-" + resolution + ".pcap");
        try (PcapFileWriter writer = PcapFileWriter.create(
            file, PcapFileDescriptor.LINKTYPE_ETHERNET, 65535, resolution, PcapFileWriter.DEFAULT_BUFFER_CAPACITY))
        {
            for (int i = 0; i < FRAMES; i++)
            {
                final int length = PcapFileTestFrames.ETHERNET_IPV4_UDP_HEADERS + random.nextInt(1473);
                final byte[] frame = PcapFileTestFrames.frame(length, i);
                final int wireLength = i % 7 == 0 ? length + 100 : length;
                timestamp += random.nextLong(1, 50_000_000L);
                writer.write(frame, length, wireLength, timestamp);
                frames.add(frame);
                wireLengths.add(wireLength);
                timestamps.add(timestamp - timestamp % resolution.nanosPerUnit());
            }
        }
        return file;
    }

    private static void assumeTcpdump()
    {
        Assumptions.assumeTrue(PcapFileTcpdump.available(), "tcpdump not installed: cannot cross-check with it");
    }

    @Test
    void shouldBeReadByTcpdumpWithSameCountAndNanosecondTimestamps() throws IOException, InterruptedException
    {
        assumeTcpdump();
        final Path file = writeWithWriter(PcapTimestampResolution.NANOSECONDS);

        final PcapFileTcpdump.Result result = PcapFileTcpdump.read(file, "--time-stamp-precision=nano");

        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(timestamps, result.timestampsNanos());
    }

    @Test
    void shouldReadFilesTcpdumpWroteWithMicrosecondAndNanosecondMagic() throws IOException, InterruptedException
    {
        assumeTcpdump();
        final Path ours = writeWithWriter(PcapTimestampResolution.NANOSECONDS);

        for (final PcapTimestampResolution resolution : PcapTimestampResolution.values())
        {
            final Path theirs = temp.resolve("tcpdump-" + resolution + ".pcap");
            final String precision = resolution == PcapTimestampResolution.NANOSECONDS ? "nano" : "micro";
            final Process process = new ProcessBuilder(
                "tcpdump", "-r", ours.toString(), "--time-stamp-precision=" + precision, "-w", theirs.toString())
                .redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes());
            assertEquals(0, process.waitFor(), output);
            assertEquals(
                resolution.magic(),
                ByteBuffer.wrap(Files.readAllBytes(theirs), 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(),
                "magic of the file tcpdump wrote");

            final List<PcapFileReadBack.Frame> read = PcapFileReadBack.readAll(theirs);

            assertEquals(FRAMES, read.size());
            for (int i = 0; i < FRAMES; i++)
            {
                final PcapFileReadBack.Frame frame = read.get(i);
                assertArrayEquals(frames.get(i), frame.bytes(), "bytes of frame " + i);
                assertEquals(frames.get(i).length, frame.capturedLength(), "captured length of frame " + i);
                assertEquals(wireLengths.get(i), frame.wireLength(), "wire length of frame " + i);
                assertEquals(
                    timestamps.get(i) - timestamps.get(i) % resolution.nanosPerUnit(),
                    frame.timestampNanos(),
                    "timestamp of frame " + i);
            }
        }
    }
}
