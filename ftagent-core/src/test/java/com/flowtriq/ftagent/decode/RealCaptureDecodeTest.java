package com.flowtriq.ftagent.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

import com.flowtriq.ftagent.frames.PcapFileFrames;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real captures in {@code <repo>/../shared/realdata/pcaps} decoded in place from the mapped file, each frame in a
 * slice that ends at its captured length. Every frame is counted once, and no frame is malformed except the ones
 * listed in {@link #EXPECTED_MALFORMED}, each with the reason it is there.
 */
class RealCaptureDecodeTest
{
    /**
     * Malformed frames that the captures really contain, per file; every other file must have none.
     * <ul>
     *   <li>{@code ndpi_badpackets_dns-large-fragments.pcap}: all 93 records were cut (to 46-305 bytes) by
     *   whatever wrote the file, which then set the original length to the cut length too. The IPv4 total length
     *   (1500) is therefore larger than the frame as the file describes it on the wire; {@code tcpdump -v} says
     *   "truncated-ip - N bytes missing!" for each. With a true wire length, as AF_PACKET reports it, the same
     *   frames count as {@code decode.capture.snaplen_trunc} or decode fully.</li>
     *   <li>{@code ndpi_ip_fragmented_garbage.pcap}: the 4 first fragments are 36-byte IPv4 packets carrying 16
     *   bytes of a TCP header, the tiny-fragment attack of RFC 1858. A first fragment too short for the TCP header
     *   is malformed; its 1,248 later fragments then count as {@code decode.frag.first_not_seen} (other).</li>
     * </ul>
     */
    private static final Map<String, Map<DecodeEvent, Long>> EXPECTED_MALFORMED = Map.of(
        "ndpi_badpackets_dns-large-fragments.pcap", Map.of(DecodeEvent.IPV4_BAD_TOTAL_LEN, 93L),
        "ndpi_ip_fragmented_garbage.pcap", Map.of(DecodeEvent.TCP_TRUNC, 4L));

    static Stream<Path> captures() throws IOException
    {
        final String root = System.getProperty("ftagent.repo.root");
        final Path directory = root == null ? null : Path.of(root, "..", "shared", "realdata", "pcaps").normalize();
        Assumptions.assumeTrue(
            directory != null && Files.isDirectory(directory),
            "real captures not found: set ftagent.repo.root so that <root>/../shared/realdata/pcaps exists");
        return Files.list(directory).filter(path -> path.toString().endsWith(".pcap")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void shouldDecodeRealCaptureWithoutUnexpectedMalformedFrames(final Path capture) throws IOException
    {
        final int linkType = PcapFileFrames.linkType(capture);
        final FrameDecoder decoder = new FrameDecoder(linkType);
        final UnsafeBuffer recordBuffer = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);

        final long frames = PcapFileFrames.forEach(capture, (frame, captured, wire, timestamp) ->
            decoder.decode(frame, 0, captured, wire, timestamp, recordBuffer, 0));

        final DecodeCounters counters = decoder.counters();
        final Map<DecodeEvent, Long> seen = new EnumMap<>(DecodeEvent.class);
        final Map<DecodeEvent, Long> malformed = new EnumMap<>(DecodeEvent.class);
        for (final DecodeEvent event : DecodeEvent.values())
        {
            final long count = counters.count(event);
            if (count > 0)
            {
                seen.put(event, count);
                if (event.kind() == DecodeEvent.Kind.MALFORMED)
                {
                    malformed.put(event, count);
                }
            }
        }
        System.out.println(capture.getFileName() + ": " + frames + " frames, link type " + linkType + ", " + seen +
            ", fragment table hits " + decoder.fragmentTable().hits() + " misses " +
            decoder.fragmentTable().misses());

        assertTrue(frames > 0);
        assertEquals(frames, counters.total());
        assertEquals(
            EXPECTED_MALFORMED.getOrDefault(capture.getFileName().toString(), Map.of()),
            malformed,
            "malformed frames by reason");
    }

    @org.junit.jupiter.api.Test
    void shouldAttributeLaterFragmentsOfRealDnsAmplificationToSourcePort53() throws IOException
    {
        final Path capture = captures()
            .filter(path -> path.getFileName().toString().equals("stopddos_amp.dns.RRSIG.fragmented.pcap"))
            .findFirst()
            .orElse(null);
        Assumptions.assumeTrue(capture != null, "stopddos_amp.dns.RRSIG.fragmented.pcap not in realdata");
        final FrameDecoder decoder = new FrameDecoder(PcapFileFrames.linkType(capture));
        final UnsafeBuffer recordBuffer = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
        final PacketRecord record = new PacketRecord().wrapForRead(recordBuffer, 0);
        final long[] attributed = new long[2];

        PcapFileFrames.forEach(capture, (frame, captured, wire, timestamp) ->
        {
            decoder.decode(frame, 0, captured, wire, timestamp, recordBuffer, 0);
            if (record.portsFromFragmentTable())
            {
                attributed[0]++;
                if (record.protocol() == IpProtocol.UDP && record.srcPort() == 53 && record.dstPort() == 22)
                {
                    attributed[1]++;
                }
            }
        });

        assertTrue(attributed[0] > 0, "no later fragment found its first fragment");
        assertEquals(decoder.fragmentTable().hits(), attributed[0]);
        assertEquals(attributed[0], attributed[1], "later fragments attributed to a port other than UDP 53 -> 22");
    }
}
