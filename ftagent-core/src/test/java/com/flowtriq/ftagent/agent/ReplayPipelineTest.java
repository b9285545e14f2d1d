package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.capture.PcapFileSource;
import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.detect.DetectionSettings;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.testbed.RealCaptures;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ftagent replay}'s pipeline on real captures (see ../shared/realdata/README.md for what each holds): the
 * same decode, count and detect stages as {@code run}, in packet time.
 */
class ReplayPipelineTest
{
    @Test
    void shouldRaiseOneSynFloodIncidentWithHonestTopSourcesForSpoofedFlood() throws Exception
    {
        final List<String> events = new ArrayList<>();
        final long[] topSourcePackets = new long[1];
        final long frames = replay("stopddos_pkt.TCP.synflood.spoofed.pcap", event ->
        {
            events.add(event.type().wireName() + " " + event.family() + "/" + event.subtype());
            if (event.type() == IncidentEvent.Type.OPEN)
            {
                topSourcePackets[0] = event.topSources().packets(0);
            }
        });

        assertEquals(37_841, frames, "the README's packet count");
        assertEquals(List.of("open tcp_flood/syn", "resolve tcp_flood/syn"), events);
        // 37,623 distinct sources for 37,841 packets: no source sent more than a handful, and the evidence must not
        // show the counts the heavy-hitter sketch's entries inherit from the keys they evict.
        assertTrue(topSourcePackets[0] <= 5, "top source shown with " + topSourcePackets[0] + " packets");
    }

    @Test
    void shouldRaiseNothingForBenignTraffic() throws Exception
    {
        final List<String> events = new ArrayList<>();
        final long frames = replay("ndpi_netflix_benign.pcap", event -> events.add(IncidentJson.toJson(event)));
        assertEquals(1_793, frames);
        assertEquals(List.of(), events);
    }

    @Test
    void shouldResolveAnIncidentStillOpenAtTheEndOfTheFileAsTruncated() throws Exception
    {
        final List<String> events = new ArrayList<>();
        replay("lucid_CIC-DDoS-2019-SynFlood.pcap", event ->
            events.add(event.type().wireName() + (event.truncated() ? " truncated " + event.resolveReason() : "")));
        assertEquals(List.of("open", "resolve truncated " + Detector.REASON_END_OF_INPUT), events);
    }

    private static long replay(final String name, final com.flowtriq.ftagent.incident.IncidentListener listener)
        throws Exception
    {
        final Path file = RealCaptures.pcap(name);
        final Detector detector = new Detector(DetectionSettings.defaults(), listener);
        final ReplayPipeline pipeline = new ReplayPipeline(detector, new SingleThreadedCountingStage());
        try (PcapFileSource source = PcapFileSource.open(file))
        {
            return pipeline.replay(source, (frames, packetTime) ->
            {
            });
        }
    }
}
