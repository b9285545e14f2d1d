package com.flowtriq.ftagent.count;

import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.capture.PcapFileSource;
import com.flowtriq.ftagent.decode.FrameDecoder;
import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static com.flowtriq.ftagent.count.WindowAssertions.assertSameCounts;
import static com.flowtriq.ftagent.count.WindowAssertions.assertSelfConsistent;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The shared real captures ({@code <ftagent.repo.root>/../shared/realdata/pcaps}), decoded by the {@link FrameDecoder}
 * into a scratch record and published, as a capture thread does, to both counting stages; each file is one tick.
 * Expected figures come from the realdata README (counted there with tcpdump and a separate parser).
 */
class RealCaptureCountingTest
{
    @ParameterizedTest
    @ValueSource(strings = {
        "stopddos_pkt.TCP.synflood.spoofed.pcap",
        "stopddos_amp.dns.RRSIG.fragmented.pcap",
        "stopddos_amp.UDP.bacnet.IOT.37810.pcap",
        "tcpreplay_test_benign-mix.pcap",
        "ndpi_ip_fragmented_garbage.pcap" })
    void shouldCountARealCaptureTheSameWithTwoWorkersAsWithOne(final String name) throws IOException
    {
        final Path file = capture(name);
        final SingleThreadedCountingStage single = new SingleThreadedCountingStage();
        final TrafficWindow expected = single.newWindow();
        final long frames = replay(file, single.newPublisher());
        single.tick(1, expected);

        try (FanOutCountingStage threaded = new FanOutCountingStage(2, 1 << 22, 32, 12, TimeUnit.SECONDS.toNanos(20)))
        {
            threaded.start();
            final TrafficWindow actual = threaded.newWindow();
            assertEquals(frames, replay(file, threaded.newPublisher()));
            assertTrue(threaded.tick(1, actual));

            assertEquals(0, actual.backPressureDrops());
            assertEquals(frames, expected.packets());
            assertSameCounts(expected, actual);
            assertSelfConsistent(actual);
            // With more sources than K the per-worker sketches differ from one sketch, but the heaviest source of a
            // capture is far above N / K in every file here, so both must rank it first.
            if (expected.topSources().size() > 0 && expected.topSources().error(0) == 0)
            {
                assertEquals(expected.topSources().key(0), actual.topSources().key(0));
            }
        }
    }

    @Test
    void shouldSeeTheSpoofedSynFloodAsSynOnlyFromTensOfThousandsOfSources() throws IOException
    {
        final TrafficWindow window = countWholeFile("stopddos_pkt.TCP.synflood.spoofed.pcap");

        assertEquals(37_841, window.packets());
        assertEquals(37_841, window.tcpFlagPackets(TcpFlagClass.SYN));
        assertEquals(37_841, window.lengthBucketPackets(0), "all frames are 60 bytes");
        assertEquals(37_623, window.distinctSources(), 37_623 * 3 * window.sourceSketch().standardError());
        assertTrue(window.sourceEntropy() > 0.95, "spoofed sources spread evenly: " + window.sourceEntropy());
        assertEquals((6L << 16) | 25_565, window.topDstPorts().key(0));
        assertEquals(37_841, window.topDstPorts().packets(0));
    }

    @Test
    void shouldClassifySynWithEceAndCwrAsSyn() throws IOException
    {
        final TrafficWindow window = countWholeFile("stopddos_pkt.TCP.DOMINATE.syn.ecn.cwr.pcap");

        assertEquals(9_878, window.packets());
        assertEquals(9_639, window.tcpFlagPackets(TcpFlagClass.SYN));
        assertEquals(239, window.tcpFlagPackets(TcpFlagClass.RST));
    }

    @Test
    void shouldCountSnmpReflectionBySourcePort() throws IOException
    {
        final TrafficWindow window = countWholeFile("stopddos_amp.UDP.snmp.src161.pcap");

        assertEquals(4_373, window.packets());
        assertEquals(4_079, window.amplificationPackets(AmplificationPort.SNMP));
        assertEquals(294, window.packets(Protocol.ICMP));
    }

    @Test
    void shouldSeeTheSingleSourceHping3FloodAsOneHeavySource() throws IOException
    {
        final TrafficWindow window = countWholeFile("ddosgrid_synflood_hping3-style.pcap");

        assertEquals(7_769, window.packets());
        assertEquals(0x0A00_0102L, window.topSources().key(0), "10.0.1.2");
        assertTrue(window.topSources().packets(0) >= 7_665);
        assertTrue(window.sourceEntropy() < 0.1, "one source dominates: " + window.sourceEntropy());
    }

    private static TrafficWindow countWholeFile(final String name) throws IOException
    {
        final SingleThreadedCountingStage stage = new SingleThreadedCountingStage();
        final TrafficWindow window = stage.newWindow();
        replay(capture(name), stage.newPublisher());
        stage.tick(1, window);
        assertSelfConsistent(window);

        return window;
    }

    /** Decodes every frame into a scratch record and publishes it; returns the number of frames. */
    private static long replay(final Path file, final RecordPublisher publisher) throws IOException
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
        try (PcapFileSource source = PcapFileSource.open(file))
        {
            final FrameDecoder decoder = new FrameDecoder(source.linkType());
            long frames = 0;
            int polled;
            while ((polled = source.poll((frame, offset, capturedLength, wireLength, timestampNanos) ->
            {
                decoder.decode(frame, offset, capturedLength, wireLength, timestampNanos, scratch, 0);
                assertTrue(publisher.publish(scratch, 0), "dropped");
            })) != PacketSource.END_OF_INPUT)
            {
                frames += polled;
                publisher.flush(); // as a capture thread after each poll
            }

            return frames;
        }
    }

    private static Path capture(final String name)
    {
        final String root = System.getProperty("ftagent.repo.root");
        final Path file = root == null ? null :
            Path.of(root).resolve("../shared/realdata/pcaps").resolve(name).normalize();
        Assumptions.assumeTrue(file != null && Files.isReadable(file),
            "real capture " + name + " not found: set ftagent.repo.root so that <root>/../shared/realdata exists");

        return file;
    }
}
