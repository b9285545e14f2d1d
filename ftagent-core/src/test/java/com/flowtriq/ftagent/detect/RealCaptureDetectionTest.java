package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.incident.IncidentEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detector with default settings on the shared real captures (skipped with a reason when they are absent),
 * through the real decoder and counting stage. The captures are short, so the baseline is still warming up and the
 * default floors (5,000 pps, 50 Mbit/s) decide.
 */
class RealCaptureDetectionTest
{
    @Test
    void shouldReportTheSpoofedSynFloodFromItsFirstConfirmedSecond() throws IOException
    {
        // Per second: 22,322 (alone: not confirmed), 1,973, none, 7,538, 5,206, then a trickle.
        final RecordingListener listener = new RecordingListener();
        CaptureReplay.replay(
            CaptureReplay.realCapture("stopddos_pkt.TCP.synflood.spoofed.pcap"), DetectionSettings.defaults(), listener);

        final List<RecordingListener.Seen> opens = listener.ofType(IncidentEvent.Type.OPEN);
        final List<RecordingListener.Seen> resolves = listener.ofType(IncidentEvent.Type.RESOLVE);
        assertEquals(1, opens.size(), () -> "" + listener.events);
        assertEquals("tcp_flood", opens.get(0).family(), opens.get(0)::json);
        assertEquals("syn", opens.get(0).subtype(), opens.get(0)::json);
        assertEquals(1_619_605_824_000L, opens.get(0).startedAtMillis());
        assertEquals(1, resolves.size());
        assertEquals(Detector.REASON_BELOW_THRESHOLD, resolves.get(0).reason());
        assertEquals(1_619_605_826_000L, resolves.get(0).endedAtMillis());
        assertEquals("syn", resolves.get(0).subtype(), resolves.get(0)::json);
        assertTrue(resolves.get(0).confidence() >= 80, resolves.get(0)::json);
    }

    @Test
    void shouldOpenAtOnceOnASevereSecondAndResolveTruncatedAtTheEnd() throws IOException
    {
        // 26,316 packets in 0.69 s: above 5 x the 5,000 pps floor in its only second.
        final RecordingListener listener = new RecordingListener();
        CaptureReplay.replay(
            CaptureReplay.realCapture("lucid_CIC-DDoS-2019-SynFlood.pcap"), DetectionSettings.defaults(), listener);

        assertEquals(2, listener.events.size(), () -> "" + listener.events);
        final RecordingListener.Seen open = listener.events.get(0);
        final RecordingListener.Seen resolve = listener.events.get(1);
        assertEquals(IncidentEvent.Type.OPEN, open.type());
        assertEquals("syn", open.subtype(), open::json);
        assertEquals(IncidentEvent.Type.RESOLVE, resolve.type());
        assertTrue(resolve.truncated());
        assertEquals(Detector.REASON_END_OF_INPUT, resolve.reason());
        assertTrue(resolve.endedAtMillis() > resolve.startedAtMillis(), resolve::json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ndpi_netflix_benign.pcap",
        "tcpreplay_test_benign-mix.pcap",
        "ndpi_synscan.pcap",
        "lucid_CIC-DDoS-2019-WebDDoS.pcap",
        "stopddos_amp.TCP.syn.optionallyACK.optionallysamePort.pcap" })
    void shouldStayQuietOnLowRateCaptures(final String name) throws IOException
    {
        final RecordingListener listener = new RecordingListener();
        final Detector detector =
            CaptureReplay.replay(CaptureReplay.realCapture(name), DetectionSettings.defaults(), listener);

        assertEquals(List.of(), listener.events);
        assertTrue(detector.ticks() > 0);
    }
}
