package com.flowtriq.ftagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.flowtriq.ftagent.count.Protocol;
import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.decode.DecodeCounters;
import com.flowtriq.ftagent.decode.DecodeEvent;
import com.flowtriq.ftagent.detect.DetectionSettings;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.detect.TrafficWindowSample;
import com.flowtriq.ftagent.pcap.PcapCaptureConfiguration;
import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFrameTap;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import com.flowtriq.ftagent.report.PrometheusTextParser;
import com.flowtriq.ftagent.report.PrometheusTextWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMetricsTest
{
    @TempDir
    Path temp;

    private static Map<String, Double> scrape(final java.util.function.Consumer<PrometheusTextWriter> source)
    {
        final PrometheusTextWriter writer = new PrometheusTextWriter();
        source.accept(writer);
        return PrometheusTextParser.parse(writer.text());
    }

    /** Issue #4: until a tenth of the baseline window is learned, {@code status} (/health) says it is warming up. */
    @Test
    void shouldSayInHealthThatTheBaselineIsWarmingUpUntilATenthOfTheWindowIsLearned() throws IOException
    {
        final DetectionSettings settings =
            DetectionSettings.builder().baselineWindowMinutes(1).stateDir(temp.toString()).build();
        final Detector detector = new Detector(settings, event -> { });
        final SingleThreadedCountingStage stage = new SingleThreadedCountingStage();
        final TrafficWindow window = stage.newWindow();
        final TrafficWindowSample sample = new TrafficWindowSample();
        final AgentStatus status = new AgentStatus("test");
        final long t0 = 1_790_000_000L;

        // A 60 s window is warm once 6 seconds are learned: after the tick of second 5.
        for (int t = 0; t < 5; t++)
        {
            assertTrue(health(status, stage, window, detector, sample, t0 + t).contains("\"baseline\":\"warming up\""),
                "second " + t);
        }
        assertTrue(health(status, stage, window, detector, sample, t0 + 5).contains("\"baseline\":\"ready\""));
    }

    private static String health(
        final AgentStatus status,
        final SingleThreadedCountingStage stage,
        final TrafficWindow window,
        final Detector detector,
        final TrafficWindowSample sample,
        final long second) throws IOException
    {
        stage.tick(second, window);
        detector.onTick(second, sample.wrap(window));
        status.publish(window, detector, false);
        final StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out))
        {
            json.writeStartObject();
            status.writeDetails(json);
            json.writeEndObject();
        }
        return out.toString();
    }

    @Test
    void shouldExportPacketsAndBytesByProtocolAsTheyAddUp()
    {
        final AgentStatus status = new AgentStatus("test");
        status.addProtocolTotals(Protocol.UDP, 10, 1_000);
        status.addProtocolTotals(Protocol.TCP, 3, 180);
        status.addProtocolTotals(Protocol.UDP, 7, 700);

        final Map<String, Double> series = scrape(status::collect);

        assertEquals(17.0, series.get("ftagent_protocol_packets_total{protocol=udp}"));
        assertEquals(1_700.0, series.get("ftagent_protocol_bytes_total{protocol=udp}"));
        assertEquals(3.0, series.get("ftagent_protocol_packets_total{protocol=tcp}"));
        assertEquals(180.0, series.get("ftagent_protocol_bytes_total{protocol=tcp}"));
        for (int p = 0; p < Protocol.COUNT; p++)
        {
            final String label = Protocol.ofOrdinal(p).name().toLowerCase(java.util.Locale.ROOT);
            assertTrue(series.containsKey("ftagent_protocol_packets_total{protocol=" + label + "}"), label);
        }
        assertEquals(0.0, series.get("ftagent_protocol_packets_total{protocol=gre}"));
        assertFalse(series.keySet().stream().anyMatch(name -> name.startsWith(MalformedFrameMetrics.NAME)),
            "no runtime yet: no decoder counters to export");
    }

    @Test
    void shouldExportMalformedFramesByReasonSummedOverDecoders()
    {
        final DecodeCounters first = new DecodeCounters();
        final DecodeCounters second = new DecodeCounters();
        first.increment(DecodeEvent.IPV4_TRUNC_PKT.ordinal());
        first.increment(DecodeEvent.IPV4_TRUNC_PKT.ordinal());
        second.increment(DecodeEvent.IPV4_TRUNC_PKT.ordinal());
        second.increment(DecodeEvent.UDP_BAD_LEN.ordinal());
        first.increment(DecodeEvent.OK.ordinal());
        second.increment(DecodeEvent.SNAPLEN_TRUNC.ordinal());

        final Map<String, Double> series = scrape(w ->
            MalformedFrameMetrics.collect(w, reason -> first.count(reason) + second.count(reason)));

        assertEquals(3.0, series.get("ftagent_malformed_frames_total{reason=decode.ipv4.trunc_pkt}"));
        assertEquals(1.0, series.get("ftagent_malformed_frames_total{reason=decode.udp.bad_len}"));
        assertEquals(0.0, series.get("ftagent_malformed_frames_total{reason=decode.gre.bad_flags}"));
        assertFalse(series.containsKey("ftagent_malformed_frames_total{reason=decode.ok}"), "not malformed");
        assertFalse(series.containsKey("ftagent_malformed_frames_total{reason=decode.capture.snaplen_trunc}"));
        final double sum = series.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(
            first.total(DecodeEvent.Kind.MALFORMED) + second.total(DecodeEvent.Kind.MALFORMED), (long)sum,
            "every malformed reason has its series");
    }

    @Test
    void shouldExportUndecodedFramesByReasonAndFragmentTableEvictions()
    {
        final DecodeCounters counters = new DecodeCounters();
        counters.increment(DecodeEvent.IPV6_UNKNOWN_EXT_HDR.ordinal());
        counters.increment(DecodeEvent.IPV6_UNKNOWN_EXT_HDR.ordinal());
        counters.increment(DecodeEvent.FRAG_FIRST_NOT_SEEN.ordinal());
        counters.increment(DecodeEvent.IPV4_TRUNC_PKT.ordinal());
        counters.increment(DecodeEvent.OK.ordinal());

        final Map<String, Double> series = scrape(w -> DecoderMetrics.collect(w, counters::count, 17));

        assertEquals(2.0, series.get("ftagent_undecoded_frames_total{reason=decode.ipv6.unknown_ext_hdr}"));
        assertEquals(1.0, series.get("ftagent_undecoded_frames_total{reason=decode.frag.first_not_seen}"));
        assertEquals(0.0, series.get("ftagent_undecoded_frames_total{reason=decode.l3.unsupported_ethertype}"));
        assertFalse(series.containsKey("ftagent_undecoded_frames_total{reason=decode.ipv4.trunc_pkt}"), "malformed");
        assertFalse(series.containsKey("ftagent_undecoded_frames_total{reason=decode.ok}"));
        assertEquals(17.0, series.get("ftagent_fragment_table_evictions_total"));
        final double undecoded = series.entrySet().stream()
            .filter(e -> e.getKey().startsWith(DecoderMetrics.UNDECODED)).mapToDouble(Map.Entry::getValue).sum();
        assertEquals(counters.total(DecodeEvent.Kind.OTHER), (long)undecoded, "every undecoded reason has its series");
    }

    @Test
    void shouldExportFramesDroppedFromIncidentCaptures()
    {
        final Path directory = temp.resolve("pcaps");
        final PcapCaptureConfiguration defaults =
            PcapCaptureConfiguration.defaults(directory, PcapFileDescriptor.LINKTYPE_ETHERNET);
        final PcapCaptureConfiguration configuration = new PcapCaptureConfiguration(
            directory, PcapFileDescriptor.LINKTYPE_ETHERNET, 256, 0, 0, 0, 10_000,
            TimeUnit.SECONDS.toNanos(60), defaults.retentionAgeNanos(), defaults.maxDiskBytes(), 0, 0,
            4096, defaults.retentionIntervalNanos());
        final long now = TimeUnit.SECONDS.toNanos(1_700_000_000L);
        final PcapIncidentRecorder recorder = new PcapIncidentRecorder(configuration, () -> now, result -> { });
        try (Arena arena = Arena.ofConfined(); PcapFrameTap tap = recorder.newTap())
        {
            recorder.requestStart("l3l4-m", now);
            recorder.doWork();
            final MemorySegment frame = arena.allocate(100);
            for (int i = 0; i < 100; i++)
            {
                tap.onFrame(frame, 0, 100, 100, now + i);
            }

            final Map<String, Double> series = scrape(w -> PcapRecorderMetrics.collect(w, recorder));

            assertTrue(tap.droppedFrames() > 0, "a 4 KiB ring cannot take 100 frames");
            assertEquals((double)tap.droppedFrames(), series.get(PcapRecorderMetrics.DROPPED));
            assertEquals(1.0, series.get("ftagent_pcap_captures_total"));
            assertEquals(1.0, series.get("ftagent_pcap_capturing"));
            recorder.onClose();
        }
    }
}
