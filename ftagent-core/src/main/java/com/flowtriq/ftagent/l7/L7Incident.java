package com.flowtriq.ftagent.l7;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.incident.MitigationEntry;

/**
 * State of one L7 incident as carried by its open/update/resolve events, in the shared incident schema
 * ({@code kind} "l7", {@code family} "http_flood"). Reused by the detector; the top lists are filled on the detector
 * thread when an event is emitted (a cold path: at most once per second while an incident is open).
 */
public final class L7Incident
{
    /** Entries kept in each top list. */
    public static final int TOP_ENTRIES = 10;

    /** Event kinds. */
    public enum Event
    {
        OPEN("open"), UPDATE("update"), RESOLVE("resolve");

        private final String schemaName;

        Event(final String schemaName)
        {
            this.schemaName = schemaName;
        }

        public String schemaName()
        {
            return schemaName;
        }
    }

    final String[] topClientIps = new String[TOP_ENTRIES];
    final long[] topClientCounts = new long[TOP_ENTRIES];
    final String[] topPaths = new String[TOP_ENTRIES];
    final long[] topPathCounts = new long[TOP_ENTRIES];
    final String[] topUserAgents = new String[TOP_ENTRIES];
    final long[] topUserAgentCounts = new long[TOP_ENTRIES];
    int topClientCount;
    int topPathCount;
    int topUserAgentCount;

    long sequence;
    Event event;
    L7Subtype subtype;
    long startedAtMillis;
    long tsMillis;
    long endedAtMillis;
    long peakRps;
    long baselineRps;
    long thresholdRps;
    int confidence;
    long evidenceRps;
    long evidenceDistinctClients;
    double evidenceTopClientShare;
    double evidenceTopPathShare;
    double evidenceErrorShare;
    double evidenceUniqueQueryShare;
    double evidenceSlowShare;
    double evidenceRequestsPerClient;
    /** Reset to empty by the detector for every event; set by L7 mitigation's listener before reporting's. */
    List<MitigationEntry> mitigation = List.of();
    /** Reset to none by the detector for every event; set on resolve by the L7 capture listener before reporting's. */
    String pcapFile;
    long pcapPackets;
    long pcapDropped;

    /** Identifier unique within this agent run: "l7-" + start second + "-" + sequence. */
    public String incidentId()
    {
        return "l7-" + startedAtMillis / 1000 + "-" + sequence;
    }

    public Event event()
    {
        return event;
    }

    /**
     * Hangs what mitigation did for this incident so far on the event, as its {@code mitigation} section: set on
     * the detector thread by the L7 mitigation listener, which the agent calls before the reporting listener, and
     * cleared by the detector before every event. No copy: the entries are immutable.
     *
     * @param entries the incident's mitigation entries, empty for nothing (or mitigation off).
     * @return this event.
     */
    public L7Incident mitigation(final List<MitigationEntry> entries)
    {
        this.mitigation = null == entries ? List.of() : entries;
        return this;
    }

    /**
     * Names the incident's capture file and its counts so far on a resolve event ({@code pcap_file},
     * {@code pcap_packets}, {@code pcap_dropped}); set on the detector thread by the L7 capture listener, which the
     * agent calls before the reporting listener, and cleared by the detector before every event.
     *
     * @param file    the capture file, null for none (no capture, refused or failed).
     * @return this event.
     */
    public L7Incident pcap(final String file, final long packets, final long dropped)
    {
        this.pcapFile = file;
        this.pcapPackets = packets;
        this.pcapDropped = dropped;
        return this;
    }

    /** The capture file named on this event, or null. */
    public String pcapFile()
    {
        return pcapFile;
    }

    public long pcapPackets()
    {
        return pcapPackets;
    }

    public long pcapDropped()
    {
        return pcapDropped;
    }

    /** The {@code mitigation} section: actions applied, failed, refused or reverting for this incident so far. */
    public List<MitigationEntry> mitigation()
    {
        return mitigation;
    }

    public L7Subtype subtype()
    {
        return subtype;
    }

    public long startedAtMillis()
    {
        return startedAtMillis;
    }

    public long tsMillis()
    {
        return tsMillis;
    }

    /** End time on resolve, else 0. */
    public long endedAtMillis()
    {
        return endedAtMillis;
    }

    public long peakRps()
    {
        return peakRps;
    }

    public long baselineRps()
    {
        return baselineRps;
    }

    public long thresholdRps()
    {
        return thresholdRps;
    }

    public int confidence()
    {
        return confidence;
    }

    public int topClientCount()
    {
        return topClientCount;
    }

    /** The i-th busiest client as logged; these are what L7 mitigation would block. */
    public String topClientIp(final int i)
    {
        return topClientIps[i];
    }

    public long topClientRequests(final int i)
    {
        return topClientCounts[i];
    }

    public int topPathCount()
    {
        return topPathCount;
    }

    public String topPath(final int i)
    {
        return topPaths[i];
    }

    public double evidenceTopClientShare()
    {
        return evidenceTopClientShare;
    }

    public double evidenceTopPathShare()
    {
        return evidenceTopPathShare;
    }

    public double evidenceErrorShare()
    {
        return evidenceErrorShare;
    }

    public double evidenceUniqueQueryShare()
    {
        return evidenceUniqueQueryShare;
    }

    public long evidenceDistinctClients()
    {
        return evidenceDistinctClients;
    }

    /**
     * Writes the event as one JSON object in the shared incident schema (fields of the L3/L4 schema that L7 has no
     * value for are left out), without a newline, and flushes; the writer stays open. Cold path.
     */
    public void writeJson(final JsonFactory factory, final Writer out)
    {
        try (JsonGenerator json = factory.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET))
        {
            json.writeStartObject();
            json.writeStringField("incident_id", incidentId());
            json.writeStringField("kind", "l7");
            json.writeStringField("event", event.schemaName());
            json.writeStringField("family", "http_flood");
            json.writeStringField("subtype", subtype.schemaName());
            json.writeStringField("started_at", Instant.ofEpochMilli(startedAtMillis).toString());
            json.writeStringField("ts", Instant.ofEpochMilli(tsMillis).toString());
            if (endedAtMillis != 0)
            {
                json.writeStringField("ended_at", Instant.ofEpochMilli(endedAtMillis).toString());
            }
            json.writeNumberField("peak_rps", peakRps);
            json.writeNumberField("baseline_rps", baselineRps);
            json.writeNumberField("threshold_rps", thresholdRps);
            json.writeArrayFieldStart("top_src_ips");
            for (int i = 0; i < topClientCount; i++)
            {
                json.writeStartObject();
                json.writeStringField("ip", topClientIps[i]);
                json.writeNumberField("requests", topClientCounts[i]);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("top_paths");
            for (int i = 0; i < topPathCount; i++)
            {
                json.writeStartObject();
                json.writeStringField("path", topPaths[i]);
                json.writeNumberField("requests", topPathCounts[i]);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("top_user_agents");
            for (int i = 0; i < topUserAgentCount; i++)
            {
                json.writeStartObject();
                json.writeStringField("user_agent", topUserAgents[i]);
                json.writeNumberField("requests", topUserAgentCounts[i]);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("confidence", confidence);
            json.writeObjectFieldStart("evidence");
            json.writeNumberField("rps", evidenceRps);
            json.writeNumberField("distinct_clients", evidenceDistinctClients);
            json.writeNumberField("top_ip_share", evidenceTopClientShare);
            json.writeNumberField("top_path_share", evidenceTopPathShare);
            json.writeNumberField("error_share", evidenceErrorShare);
            json.writeNumberField("unique_query_share", evidenceUniqueQueryShare);
            json.writeNumberField("slow_share", evidenceSlowShare);
            json.writeNumberField("requests_per_ip", evidenceRequestsPerClient);
            json.writeEndObject();
            if (pcapFile != null)
            {
                json.writeStringField("pcap_file", pcapFile);
                json.writeNumberField("pcap_packets", pcapPackets);
                json.writeNumberField("pcap_dropped", pcapDropped);
            }
            IncidentJson.writeMitigation(json, mitigation);
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
