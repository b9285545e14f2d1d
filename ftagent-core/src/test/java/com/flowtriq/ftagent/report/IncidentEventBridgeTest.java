package com.flowtriq.ftagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class IncidentEventBridgeTest
{
    @Test
    void shouldCopyLifecycleEventSoReuseAfterReturnDoesNotChangeWhatWasQueued()
    {
        final List<IncidentEvent> queued = new ArrayList<>();
        final IncidentEventBridge bridge = new IncidentEventBridge(queued::add);
        final com.flowtriq.ftagent.incident.IncidentEvent e = new com.flowtriq.ftagent.incident.IncidentEvent()
            .incidentId("inc-1").kind("l3l4").type(com.flowtriq.ftagent.incident.IncidentEvent.Type.OPEN)
            .family("udp_flood").subtype("dns_amplification")
            .startedAtMillis(1_700_000_000_000L).tsMillis(1_700_000_005_000L)
            .endedAtMillis(com.flowtriq.ftagent.incident.IncidentEvent.NOT_ENDED)
            .totals(5, 1000, 1_200_000).rates(200, 1_600_000, 250, 2_000_000).reference(10, 80_000, 50, 400_000)
            .confidence(91).protocolPackets(1, 980).protocolPackets(2, 5).protocolPackets(3, 3)
            .tcpFlagPackets(0, 4).tcpFlagPackets(1, 2);
        e.addEvidence("fragment_share", 0.02);
        e.addEvidence("distinct_sources_max", 321);
        e.addEvidence("source_entropy", 7.5);
        e.addEvidence("mean_packet_bytes", 1200);
        e.topSources().add(0xC612_0007L, 600, 700_000);
        e.topDestinations().add(0xC613_0001L, 1000, 1_200_000);
        e.topDstPorts().add((17L << 16) | 53, 900, 1_000_000);
        bridge.onIncidentEvent(e);
        e.clearLists();
        e.incidentId("other").family("syn_flood");

        final IncidentEvent copy = queued.get(0);
        assertEquals("inc-1", copy.incidentId());
        assertEquals(IncidentState.OPEN, copy.state());
        assertEquals("udp_flood", copy.family());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), copy.startedAt());
        assertNull(copy.endedAt());
        assertEquals(250.0, copy.peakPps());
        assertEquals(2_000_000.0, copy.peakBps());
        assertEquals(50.0, copy.thresholdPps());
        assertEquals(List.of(new RankedItem("198.18.0.7", 600)), copy.topSrcIps());
        assertEquals("198.19.0.1", copy.victim());
        assertEquals(List.of(new RankedItem("53", 900)), copy.topDstPorts());
        assertEquals(980L, copy.protocolBreakdown().get("udp"));
        assertEquals(8L, copy.protocolBreakdown().get("icmp"));
        assertEquals(20L, copy.protocolBreakdown().get("fragments"));
        assertEquals(6L, copy.tcpFlags().get("SYN"));
        assertEquals(321, copy.sourceIpCount());
        assertEquals(7.5, copy.srcIpEntropy());
        assertEquals(91, copy.confidence());
        final java.util.Map<String, Object> schema = JsonTree.object(copy.schemaJson());
        assertEquals("inc-1", schema.get("incident_id"));
        assertEquals("open", schema.get("event"));
        assertEquals(new String(copy.schemaJson(), java.nio.charset.StandardCharsets.UTF_8),
            new String(new IncidentJson(new FlowtriqJson(new com.fasterxml.jackson.core.JsonFactory())).toJson(copy),
                java.nio.charset.StandardCharsets.UTF_8), "journal and webhook send the lifecycle's JSON verbatim");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCarryMitigationToJournalApiUpdateAndResolveBodies()
    {
        final List<IncidentEvent> queued = new ArrayList<>();
        final IncidentEventBridge bridge = new IncidentEventBridge(queued::add);
        final com.flowtriq.ftagent.incident.MitigationEntry failed = new com.flowtriq.ftagent.incident.MitigationEntry(
            "cloudflare_block", com.flowtriq.ftagent.incident.MitigationEntry.State.FAILED, List.of("198.18.0.7"), 1,
            "HTTP 403: Authentication error", 1_700_000_006_000L);
        for (final com.flowtriq.ftagent.incident.IncidentEvent.Type type : List.of(
            com.flowtriq.ftagent.incident.IncidentEvent.Type.UPDATE,
            com.flowtriq.ftagent.incident.IncidentEvent.Type.RESOLVE))
        {
            final com.flowtriq.ftagent.incident.IncidentEvent e = new com.flowtriq.ftagent.incident.IncidentEvent();
            e.clearLists();
            e.incidentId("inc-1").type(type).family("tcp_flood").subtype("syn")
                .startedAtMillis(1_700_000_000_000L).tsMillis(1_700_000_007_000L)
                .endedAtMillis(com.flowtriq.ftagent.incident.IncidentEvent.NOT_ENDED);
            e.mitigation(List.of(failed));
            bridge.onIncidentEvent(e);
        }
        final FlowtriqJson json = new FlowtriqJson(new com.fasterxml.jackson.core.JsonFactory());
        final IncidentEvent update = queued.get(0);
        final IncidentEvent resolve = queued.get(1);
        assertEquals(List.of(failed), update.mitigation());

        for (final byte[] body : List.of(new IncidentJson(json).toJson(update), json.incidentUpdate(update),
            json.incidentResolve(resolve)))
        {
            final java.util.Map<String, Object> mitigation =
                (java.util.Map<String, Object>)JsonTree.object(body).get("mitigation");
            final java.util.Map<String, Object> action =
                (java.util.Map<String, Object>)((List<Object>)mitigation.get("actions")).get(0);
            assertEquals("cloudflare_block", action.get("action"));
            assertEquals("failed", action.get("state"));
            assertEquals("HTTP 403: Authentication error", action.get("detail"));
        }
    }
}
