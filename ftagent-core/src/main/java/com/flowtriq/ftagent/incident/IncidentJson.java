package com.flowtriq.ftagent.incident;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Writes an {@link IncidentEvent} as one JSON object with jackson-core's streaming generator: the one schema used by
 * replay output, journal, API mapping and notifiers.
 * <pre>{@code
 * {"incident_id":"l3l4-20261124T130501Z-1","kind":"l3l4","event":"open","family":"udp_flood",
 *  "subtype":"dns_amplification","vectors":[...],"started_at":"2026-11-24T13:05:01Z","ts":"...","ended_at":null,
 *  "peak_pps":..,"peak_bps":..,"current_pps":..,"current_bps":..,"baseline_pps":..,"baseline_bps":..,
 *  "threshold_pps":..,"threshold_bps":..,"duration_seconds":..,"packets":..,"bytes":..,
 *  "top_src_ips":[{"ip":"198.18.0.7","packets":..,"bytes":..,"pps":..,"share":..}],"top_dst_ips":[...],
 *  "top_dst_ports":[{"protocol":"udp","port":53,...}],"top_src_ports":[...],
 *  "protocol_breakdown":{"tcp":..,...},"tcp_flags":{"syn":..,...},"confidence":93,"evidence":{...}}
 * }</pre>
 * {@code resolve_reason} and {@code truncated} are present on {@code resolve} only, and so are
 * {@code pcap_file}, {@code pcap_packets} and {@code pcap_dropped} when the incident was captured (issue #5). IPv6 addresses appear as
 * {@code v6digest:<hex>}: the packet record carries a digest, not the address. {@code mitigation} is present when
 * mitigation acted on the incident (issue #8): {@code {"actions":[{"action":..,"state":..,"targets":[..],
 * "target_count":..,"detail":..,"at":..}]}}, see {@link MitigationEntry}.
 * <p>
 * Cold path (a few events per incident): allocates freely. Stateless apart from the shared factory; thread-safe.
 */
public final class IncidentJson
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private IncidentJson()
    {
    }

    /** The event as a one-line JSON string. */
    public static String toJson(final IncidentEvent event)
    {
        final StringWriter out = new StringWriter(2048);
        try (JsonGenerator generator = FACTORY.createGenerator(out))
        {
            write(event, generator);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /** Writes the event as one JSON object to a generator the caller owns (and flushes). */
    public static void write(final IncidentEvent event, final JsonGenerator g) throws IOException
    {
        g.writeStartObject();
        g.writeStringField("incident_id", event.incidentId());
        g.writeStringField("kind", event.kind());
        g.writeStringField("event", event.type().wireName());
        g.writeStringField("family", event.family());
        g.writeStringField("subtype", event.subtype());

        g.writeArrayFieldStart("vectors");
        for (int i = 0; i < event.vectorCount(); i++)
        {
            g.writeStartObject();
            g.writeStringField("family", event.vectorFamily(i));
            g.writeStringField("subtype", event.vectorSubtype(i));
            g.writeNumberField("share", round4(event.vectorShare(i)));
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeStringField("started_at", iso(event.startedAtMillis()));
        g.writeStringField("ts", iso(event.tsMillis()));
        if (event.endedAtMillis() == IncidentEvent.NOT_ENDED)
        {
            g.writeNullField("ended_at");
        }
        else
        {
            g.writeStringField("ended_at", iso(event.endedAtMillis()));
        }
        if (event.type() == IncidentEvent.Type.RESOLVE)
        {
            g.writeStringField("resolve_reason", event.resolveReason());
            g.writeBooleanField("truncated", event.truncated());
            if (event.pcapFile() != null)
            {
                g.writeStringField("pcap_file", event.pcapFile());
                g.writeNumberField("pcap_packets", event.pcapPackets());
                g.writeNumberField("pcap_dropped", event.pcapDropped());
            }
        }

        g.writeNumberField("peak_pps", event.peakPps());
        g.writeNumberField("peak_bps", event.peakBps());
        g.writeNumberField("current_pps", event.currentPps());
        g.writeNumberField("current_bps", event.currentBps());
        g.writeNumberField("baseline_pps", event.baselinePps());
        g.writeNumberField("baseline_bps", event.baselineBps());
        g.writeNumberField("threshold_pps", event.thresholdPps());
        g.writeNumberField("threshold_bps", event.thresholdBps());
        g.writeNumberField("duration_seconds", event.seconds());
        g.writeNumberField("packets", event.packets());
        g.writeNumberField("bytes", event.bytes());

        writeTop(g, "top_src_ips", event.topSources(), event);
        writeTop(g, "top_dst_ips", event.topDestinations(), event);
        writeTop(g, "top_dst_ports", event.topDstPorts(), event);
        writeTop(g, "top_src_ports", event.topSrcPorts(), event);

        g.writeObjectFieldStart("protocol_breakdown");
        for (int p = 0; p < IncidentEvent.PROTOCOLS; p++)
        {
            g.writeNumberField(IncidentEvent.PROTOCOL_NAMES[p], event.protocolPackets(p));
        }
        g.writeEndObject();

        g.writeObjectFieldStart("tcp_flags");
        for (int f = 0; f < IncidentEvent.FLAG_CLASSES; f++)
        {
            g.writeNumberField(IncidentEvent.FLAG_CLASS_NAMES[f], event.tcpFlagPackets(f));
        }
        g.writeEndObject();

        g.writeNumberField("confidence", event.confidence());
        g.writeObjectFieldStart("evidence");
        for (int i = 0; i < event.evidenceCount(); i++)
        {
            g.writeNumberField(event.evidenceName(i), round4(event.evidenceValue(i)));
        }
        g.writeEndObject();
        writeMitigation(g, event.mitigation());
        g.writeEndObject();
    }

    /**
     * Writes the {@code mitigation} field, or nothing when the list is empty (mitigation off or idle), so events
     * of agents without mitigation keep their shape.
     *
     * @param g       generator positioned inside an object.
     * @param entries the incident's mitigation entries.
     */
    public static void writeMitigation(final JsonGenerator g, final List<MitigationEntry> entries)
        throws IOException
    {
        if (entries.isEmpty())
        {
            return;
        }
        g.writeObjectFieldStart("mitigation");
        g.writeArrayFieldStart("actions");
        for (int i = 0, size = entries.size(); i < size; i++)
        {
            final MitigationEntry entry = entries.get(i);
            g.writeStartObject();
            g.writeStringField("action", entry.action());
            g.writeStringField("state", entry.state().wireName());
            g.writeArrayFieldStart("targets");
            for (int t = 0, count = entry.targets().size(); t < count; t++)
            {
                g.writeString(entry.targets().get(t));
            }
            g.writeEndArray();
            g.writeNumberField("target_count", entry.targetCount());
            if (null == entry.detail())
            {
                g.writeNullField("detail");
            }
            else
            {
                g.writeStringField("detail", entry.detail());
            }
            g.writeStringField("at", iso(entry.atMillis()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeTop(
        final JsonGenerator g, final String name, final TopList list, final IncidentEvent event) throws IOException
    {
        final long seconds = Math.max(1, event.seconds());
        final long total = event.packets();
        g.writeArrayFieldStart(name);
        for (int i = 0; i < list.size(); i++)
        {
            final long key = list.key(i);
            g.writeStartObject();
            switch (list.kind())
            {
                case TopList.SOURCE_ADDRESS -> g.writeStringField("ip", sourceAddress(key));
                case TopList.DESTINATION_ADDRESS -> g.writeStringField("ip", destinationAddress(key));
                default ->
                {
                    g.writeStringField("protocol", ipProtocolName((int)(key >>> 16) & 0xFF));
                    g.writeNumberField("port", (int)key & 0xFFFF);
                }
            }
            g.writeNumberField("packets", list.packets(i));
            g.writeNumberField("bytes", list.bytes(i));
            g.writeNumberField("pps", list.packets(i) / seconds);
            g.writeNumberField("share", total == 0 ? 0.0 : round4((double)list.packets(i) / total));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** ISO-8601 UTC with millisecond precision when needed. */
    public static String iso(final long epochMillis)
    {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** A source key as text: dotted IPv4, or the IPv6 digest. */
    public static String sourceAddress(final long key)
    {
        if (key < 0)
        {
            return "v6digest:" + Long.toHexString(key & Long.MAX_VALUE);
        }
        return ipv4(key);
    }

    /** A destination key as text: dotted IPv4, or the IPv6 digest. */
    public static String destinationAddress(final long key)
    {
        final long family = key >>> 32;
        final long address = key & 0xFFFF_FFFFL;
        if (family == 2)
        {
            return "v6digest:" + Long.toHexString(address);
        }
        return ipv4(address);
    }

    /** An unsigned 32-bit IPv4 address (host order) as dotted quad. */
    public static String ipv4(final long address)
    {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }

    /** Name of an IP protocol number as printed in port lists. */
    public static String ipProtocolName(final int protocol)
    {
        return switch (protocol)
        {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "icmpv6";
            case 47 -> "gre";
            default -> Integer.toString(protocol);
        };
    }

    private static double round4(final double value)
    {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
