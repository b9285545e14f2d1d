package com.flowtriq.ftagent.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The request bodies of the Flowtriq agent API ({@code flowtriq-agent-api.md}), written with jackson-core's
 * streaming generator, and the few reply fields we read. Stateless and thread-safe; cold path.
 */
public final class FlowtriqJson
{
    /** Keys of {@code protocol_breakdown}, in the order the protocol lists them. */
    public static final List<String> PROTOCOL_KEYS = List.of("tcp", "udp", "icmp", "other", "fragments");
    /** Keys of {@code tcp_flag_breakdown}. */
    public static final List<String> TCP_FLAG_KEYS = List.of("SYN", "ACK", "RST", "FIN", "PSH", "URG");

    private final JsonFactory factory;

    public FlowtriqJson(final JsonFactory factory)
    {
        this.factory = factory;
    }

    public JsonFactory factory()
    {
        return factory;
    }

    /**
     * @return the body of {@code POST /agent/incidents}.
     */
    public byte[] incidentOpen(final IncidentEvent event)
    {
        return write((json) ->
        {
            json.writeNumberField("peak_pps", event.peakPps());
            json.writeNumberField("peak_bps", event.peakBps());
            json.writeStringField("started_at", iso(event.startedAt()));
            json.writeStringField("attack_family", event.family());
            json.writeStringField("attack_subtype", event.subtype());
            json.writeNumberField("baseline_pps", event.baselinePps());
            json.writeNumberField("duration", 0);
            ranked(json, "top_src_ips", "ip", event.topSrcIps(), -1);
            rankedPorts(json, event.topDstPorts());
            json.writeNumberField("source_ip_count", event.sourceIpCount());
        });
    }

    /**
     * @return the body of {@code POST /agent/incidents/{uuid}}.
     */
    public byte[] incidentUpdate(final IncidentEvent event)
    {
        return write((json) -> updateFields(json, event));
    }

    /**
     * @return the body of {@code POST /agent/incidents/{uuid}/resolve}: the update fields and the summary.
     */
    public byte[] incidentResolve(final IncidentEvent event)
    {
        return write((json) ->
        {
            updateFields(json, event);
            json.writeNumberField("duration_seconds", event.durationSeconds());
            json.writeNumberField("confidence", event.confidence());
            json.writeNumberField("src_ip_entropy", event.srcIpEntropy());
            fixedKeys(json, "tcp_flag_breakdown", TCP_FLAG_KEYS, event.tcpFlags());
            counts(json, "pkt_length_histogram", event.pktLengthHistogram());
            counts(json, "ttl_distribution", event.ttlDistribution());
            json.writeNumberField("avg_pkt_length", event.avgPktLength());
        });
    }

    /**
     * @param status     agent state.
     * @param queueDepth outbox depth, sent as {@code retry_queue_size}.
     * @return the body of {@code POST /agent/heartbeat}.
     */
    public byte[] heartbeat(final HeartbeatStatus status, final long queueDepth)
    {
        return write((json) ->
        {
            json.writeStringField("version", status.version());
            json.writeBooleanField("baseline_ready", status.baselineReady());
            json.writeNumberField("baseline_avg_pps", status.baselineAvgPps());
            json.writeNumberField("baseline_p99_pps", status.baselineP99Pps());
            json.writeBooleanField("pcap_active", status.pcapActive());
            json.writeNumberField("retry_queue_size", queueDepth);
        });
    }

    /**
     * @return the body of {@code POST /agent/metrics}.
     */
    public byte[] metrics(final TrafficSample sample)
    {
        return write((json) ->
        {
            json.writeNumberField("pps", sample.pps());
            json.writeNumberField("bps", sample.bps());
            json.writeNumberField("tcp_pct", sample.tcpPct());
            json.writeNumberField("udp_pct", sample.udpPct());
            json.writeNumberField("icmp_pct", sample.icmpPct());
            json.writeNumberField("conn_count", sample.connCount());
            json.writeNumberField("threshold", sample.threshold());
            json.writeNumberField("avg_pps", sample.avgPps());
            json.writeNumberField("samples", sample.samples());
        });
    }

    /**
     * @return the body of {@code POST /agent/commands/ack}.
     */
    public byte[] commandAck(final String commandId, final boolean applied, final String error)
    {
        return write((json) ->
        {
            json.writeStringField("command_id", commandId);
            json.writeStringField("status", applied ? "applied" : "failed");
            if (error == null)
            {
                json.writeNullField("error");
            }
            else
            {
                json.writeStringField("error", error);
            }
        });
    }

    /**
     * @return the body of {@code POST /agent/l7/metrics}.
     */
    public byte[] l7Metrics(final L7Sample sample)
    {
        return write((json) ->
        {
            json.writeNumberField("rps", sample.rps());
            json.writeNumberField("error_rate", sample.errorRate());
            json.writeNumberField("unique_ips", sample.uniqueIps());
            json.writeNumberField("total_requests", sample.totalRequests());
            ranked(json, "top_paths", "path", sample.topPaths(), -1);
            ranked(json, "top_ips", "ip", sample.topIps(), -1);
            counts(json, "status_codes", sample.statusCodes());
            json.writeNumberField("window_seconds", sample.windowSeconds());
        });
    }

    /**
     * @param body reply of {@code POST /agent/incidents}.
     * @return the {@code uuid} field if it is a non-empty string of sane length, else null.
     */
    public String uuidOf(final byte[] body)
    {
        try (JsonParser parser = factory.createParser(body))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                if ("uuid".equals(name) && value == JsonToken.VALUE_STRING)
                {
                    final String uuid = parser.getText();
                    // The uuid goes into a URL path: accept only a plain token.
                    return uuid.matches("[A-Za-z0-9_-]{1,128}") ? uuid : null;
                }
                parser.skipChildren();
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
        return null;
    }

    /**
     * @param body a JSON error reply.
     * @return its {@code message}, {@code error} or {@code detail} field, else the start of the body as text.
     */
    public String messageOf(final byte[] body)
    {
        try (JsonParser parser = factory.createParser(body))
        {
            if (parser.nextToken() == JsonToken.START_OBJECT)
            {
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    final JsonToken value = parser.nextToken();
                    if (value == JsonToken.VALUE_STRING &&
                        ("message".equals(name) || "error".equals(name) || "detail".equals(name)))
                    {
                        return clip(parser.getText());
                    }
                    parser.skipChildren();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // not JSON: fall back to the raw text
        }
        return clip(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    static String iso(final Instant instant)
    {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static String clip(final String text)
    {
        return text.length() > 512 ? text.substring(0, 512) + "..." : text;
    }

    private static void updateFields(final JsonGenerator json, final IncidentEvent event) throws IOException
    {
        json.writeNumberField("peak_pps", event.peakPps());
        json.writeNumberField("peak_bps", event.peakBps());
        json.writeStringField("attack_family", event.family());
        json.writeStringField("attack_subtype", event.subtype());
        fixedKeys(json, "protocol_breakdown", PROTOCOL_KEYS, event.protocolBreakdown());
        json.writeNumberField("source_ip_count", event.sourceIpCount());
        json.writeNumberField("total_packets", event.totalPackets());
        ranked(json, "top_src_ips", "ip", event.topSrcIps(), event.totalPackets());
        rankedPorts(json, event.topDstPorts());
        // Not in the documented body; the server ignores unknown keys, and the dashboard sees what was done.
        com.flowtriq.ftagent.incident.IncidentJson.writeMitigation(json, event.mitigation());
    }

    private static void ranked(
        final JsonGenerator json, final String field, final String keyName, final List<RankedItem> items,
        final long total) throws IOException
    {
        json.writeArrayFieldStart(field);
        for (final RankedItem item : items)
        {
            json.writeStartObject();
            json.writeStringField(keyName, item.key());
            json.writeNumberField("count", item.count());
            if (total >= 0)
            {
                json.writeNumberField("pct", total == 0 ? 0.0 : Math.round(item.count() * 10_000.0 / total) / 100.0);
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void rankedPorts(final JsonGenerator json, final List<RankedItem> ports) throws IOException
    {
        json.writeArrayFieldStart("top_dst_ports");
        for (final RankedItem item : ports)
        {
            json.writeStartObject();
            json.writeFieldName("port");
            final int port = parsePort(item.key());
            if (port >= 0)
            {
                json.writeNumber(port);
            }
            else
            {
                json.writeString(item.key());
            }
            json.writeNumberField("count", item.count());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static int parsePort(final String key)
    {
        if (key.isEmpty() || key.length() > 5)
        {
            return -1;
        }
        int port = 0;
        for (int i = 0; i < key.length(); i++)
        {
            final char c = key.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535 ? port : -1;
    }

    private static void fixedKeys(
        final JsonGenerator json, final String field, final List<String> keys, final Map<String, Long> values)
        throws IOException
    {
        json.writeObjectFieldStart(field);
        for (final String key : keys)
        {
            final Long value = values.get(key);
            json.writeNumberField(key, value == null ? 0 : value);
        }
        json.writeEndObject();
    }

    private static void counts(final JsonGenerator json, final String field, final Map<String, Long> values)
        throws IOException
    {
        json.writeObjectFieldStart(field);
        for (final Map.Entry<String, Long> entry : values.entrySet())
        {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }

    /**
     * Fills one JSON object.
     */
    @FunctionalInterface
    interface ObjectWriter
    {
        void writeFields(JsonGenerator json) throws IOException;
    }

    byte[] write(final ObjectWriter writer)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = factory.createGenerator(out))
        {
            json.writeStartObject();
            writer.writeFields(json);
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
