package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The one incident schema (DESIGN.md) as JSON: the object the journal stores, the generic webhook posts and
 * replay prints. Stateless and thread-safe.
 */
public final class IncidentJson
{
    private final FlowtriqJson json;

    public IncidentJson(final FlowtriqJson json)
    {
        this.json = json;
    }

    /**
     * @param event the event.
     * @return its JSON object, UTF-8, without a trailing newline: the incident stage's own JSON when the event
     * carries it, else this class's rendering of the same schema.
     */
    public byte[] toJson(final IncidentEvent event)
    {
        final byte[] schema = event.schemaJson();
        return schema != null ? schema : json.write((g) -> fields(g, event));
    }

    static void fields(final JsonGenerator g, final IncidentEvent event) throws IOException
    {
        g.writeStringField("incident_id", event.incidentId());
        g.writeStringField("kind", event.kind());
        g.writeStringField("event", event.state().wireName());
        g.writeStringField("family", event.family());
        g.writeStringField("subtype", event.subtype());
        g.writeArrayFieldStart("vectors");
        g.writeString(event.family());
        g.writeEndArray();
        g.writeStringField("started_at", FlowtriqJson.iso(event.startedAt()));
        g.writeStringField("ts", FlowtriqJson.iso(event.timestamp()));
        if (event.endedAt() == null)
        {
            g.writeNullField("ended_at");
        }
        else
        {
            g.writeStringField("ended_at", FlowtriqJson.iso(event.endedAt()));
        }
        if (event.pcapFile() != null)
        {
            g.writeStringField("pcap_file", event.pcapFile());
            g.writeNumberField("pcap_packets", event.pcapPackets());
            g.writeNumberField("pcap_dropped", event.pcapDropped());
        }
        g.writeNumberField("peak_pps", event.peakPps());
        g.writeNumberField("peak_bps", event.peakBps());
        g.writeNumberField("baseline_pps", event.baselinePps());
        g.writeNumberField("threshold_pps", event.thresholdPps());
        ranked(g, "top_src_ips", event.topSrcIps());
        ranked(g, "top_dst_ips", event.topDstIps());
        ranked(g, "top_dst_ports", event.topDstPorts());
        ranked(g, "top_src_ports", List.of());
        counts(g, "protocol_breakdown", event.protocolBreakdown());
        counts(g, "tcp_flags", event.tcpFlags());
        g.writeNumberField("confidence", event.confidence());
        g.writeObjectFieldStart("evidence");
        g.writeNumberField("source_ip_count", event.sourceIpCount());
        g.writeNumberField("total_packets", event.totalPackets());
        g.writeNumberField("src_ip_entropy", event.srcIpEntropy());
        g.writeNumberField("avg_pkt_length", event.avgPktLength());
        counts(g, "pkt_length_histogram", event.pktLengthHistogram());
        counts(g, "ttl_distribution", event.ttlDistribution());
        g.writeEndObject();
        com.flowtriq.ftagent.incident.IncidentJson.writeMitigation(g, event.mitigation());
    }

    private static void ranked(final JsonGenerator g, final String field, final List<RankedItem> items)
        throws IOException
    {
        g.writeArrayFieldStart(field);
        for (final RankedItem item : items)
        {
            g.writeStartObject();
            g.writeStringField("key", item.key());
            g.writeNumberField("count", item.count());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void counts(final JsonGenerator g, final String field, final Map<String, Long> values)
        throws IOException
    {
        g.writeObjectFieldStart(field);
        for (final Map.Entry<String, Long> entry : values.entrySet())
        {
            g.writeNumberField(entry.getKey(), entry.getValue());
        }
        g.writeEndObject();
    }
}
