package com.flowtriq.ftagent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFileTcpdump;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared real capture reads with the packet count its README gives, and agrees packet by packet with tcpdump
 * on timestamps when tcpdump is installed.
 */
class PcapFileRealDataTest
{
    static Stream<Path> realCaptures() throws IOException
    {
        final Path directory = PcapFileRealData.directory();
        Assumptions.assumeTrue(directory != null, PcapFileRealData.absentReason());
        try (Stream<Path> files = Files.list(directory.resolve("pcaps")))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(".pcap")).sorted().toList().stream();
        }
    }

    @Test
    void shouldFindAReadmeCountForEveryRealCapture() throws IOException
    {
        final Path directory = PcapFileRealData.directory();
        Assumptions.assumeTrue(directory != null, PcapFileRealData.absentReason());
        final Map<String, Long> counts = PcapFileRealData.readmeCounts(directory);
        final List<Path> captures = realCaptures().toList();

        assertFalse(captures.isEmpty());
        assertEquals(37_841L, counts.get("stopddos_pkt.TCP.synflood.spoofed.pcap"));
        for (final Path capture : captures)
        {
            assertNotNull(counts.get(capture.getFileName().toString()), "no README count for " + capture);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realCaptures")
    void shouldReadEveryFrameOfRealCaptureAsReadmeAndTcpdumpCount(final Path capture)
        throws IOException, InterruptedException
    {
        final long expected = PcapFileRealData.readmeCounts(PcapFileRealData.directory())
            .get(capture.getFileName().toString());
        final List<Long> timestamps = new ArrayList<>();
        final long[] byteSum = new long[1];
        final FrameHandler handler = (frame, offset, capturedLength, wireLength, timestampNanos) ->
        {
            timestamps.add(timestampNanos);
            // Touch the last captured byte: it must lie inside the mapping.
            if (capturedLength > 0)
            {
                byteSum[0] += frame.get(ValueLayout.JAVA_BYTE, offset + capturedLength - 1);
            }
            assertTrue(wireLength >= capturedLength);
        };

        try (PcapFileSource source = PcapFileSource.open(capture))
        {
            while (source.poll(handler) != PacketSource.END_OF_INPUT)
            {
                assertTrue(timestamps.size() <= expected);
            }
            assertEquals(expected, timestamps.size(), source.describe());
            assertEquals(expected, source.packets());
            assertEquals(0, source.truncatedRecords(), source.describe());
            assertEquals(PcapFileDescriptor.LINKTYPE_ETHERNET, source.linkType());
            assertEquals(PcapFileFormat.PCAP_MICROSECONDS, source.format());
            assertEquals(timestamps.getFirst(), source.firstTimestampNanos());
            assertEquals(timestamps.getLast(), source.lastTimestampNanos());
        }

        if (!PcapFileTcpdump.available())
        {
            System.out.println("tcpdump not installed: skipping the tcpdump cross-check of " + capture);
            return;
        }
        final PcapFileTcpdump.Result tcpdump = PcapFileTcpdump.read(capture);
        assertEquals(0, tcpdump.exitCode(), tcpdump.stderr());
        assertEquals(timestamps, tcpdump.timestampsNanos(), "per-packet timestamps differ from tcpdump's");
    }
}
