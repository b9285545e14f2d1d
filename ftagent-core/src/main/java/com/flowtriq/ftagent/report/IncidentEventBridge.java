package com.flowtriq.ftagent.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.incident.IncidentListener;
import com.flowtriq.ftagent.incident.TopList;

/**
 * Connects the incident lifecycle to reporting: an {@link IncidentListener} (detection thread) that copies the
 * lifecycle's reused {@link com.flowtriq.ftagent.incident.IncidentEvent} into reporting's immutable
 * {@link IncidentEvent} and hands it to an {@link IncidentSink}, which only queues it. The copy allocates a few
 * small objects per incident event (at most one per incident per second), never per packet.
 * <p>
 * Mapping of what the lifecycle has no direct field for: {@code fragments} = {@code fragment_share} x packets;
 * {@code source_ip_count} = {@code distinct_sources_max}; {@code src_ip_entropy} = {@code source_entropy};
 * {@code avg_pkt_length} = {@code mean_packet_bytes}; icmp counts icmp and icmpv6, other counts gre and other;
 * the protocol's TCP flag counts are summed from the flag classes (SYN from syn and syn_ack, ACK from ack,
 * syn_ack and psh_ack, PSH from psh_ack). Packet-length histogram and TTL distribution are not in the lifecycle
 * event and are sent empty. The capture fields ({@code pcap_file}, {@code pcap_packets}, {@code pcap_dropped})
 * are copied on {@code resolve} only. The lifecycle's own JSON ({@code incident.IncidentJson}) is kept in
 * {@link IncidentEvent#schemaJson()}, so the journal and the webhook carry exactly the one schema. The
 * {@code mitigation} entries (issue #8) are shared, not copied: they are immutable.
 */
public final class IncidentEventBridge implements IncidentListener
{
    private static final int TCP = 0;
    private static final int UDP = 1;
    private static final int ICMP = 2;
    private static final int ICMPV6 = 3;
    private static final int GRE = 4;
    private static final int OTHER = 5;
    private static final int SYN = 0;
    private static final int SYN_ACK = 1;
    private static final int ACK = 2;
    private static final int RST = 3;
    private static final int FIN = 4;
    private static final int PSH_ACK = 5;
    private static final int URG = 6;

    private final IncidentSink sink;

    public IncidentEventBridge(final IncidentSink sink)
    {
        this.sink = sink;
    }

    @Override
    public void onIncidentEvent(final com.flowtriq.ftagent.incident.IncidentEvent event)
    {
        sink.onIncident(copy(event));
    }

    /**
     * @param e the lifecycle's event (read now, reused after return).
     * @return reporting's immutable copy.
     */
    public static IncidentEvent copy(final com.flowtriq.ftagent.incident.IncidentEvent e)
    {
        final IncidentState state = switch (e.type())
        {
            case OPEN -> IncidentState.OPEN;
            case UPDATE -> IncidentState.UPDATE;
            case RESOLVE -> IncidentState.RESOLVE;
        };
        // The lifecycle's event is reused: its capture fields are meaningful on a resolve only.
        final boolean resolve = state == IncidentState.RESOLVE;
        final Map<String, Long> protocols = new LinkedHashMap<>();
        protocols.put("tcp", e.protocolPackets(TCP));
        protocols.put("udp", e.protocolPackets(UDP));
        protocols.put("icmp", e.protocolPackets(ICMP) + e.protocolPackets(ICMPV6));
        protocols.put("other", e.protocolPackets(GRE) + e.protocolPackets(OTHER));
        protocols.put("fragments", Math.round(orZero(e.evidence("fragment_share")) * e.packets()));
        final Map<String, Long> flags = new LinkedHashMap<>();
        flags.put("SYN", e.tcpFlagPackets(SYN) + e.tcpFlagPackets(SYN_ACK));
        flags.put("ACK", e.tcpFlagPackets(ACK) + e.tcpFlagPackets(SYN_ACK) + e.tcpFlagPackets(PSH_ACK));
        flags.put("RST", e.tcpFlagPackets(RST));
        flags.put("FIN", e.tcpFlagPackets(FIN));
        flags.put("PSH", e.tcpFlagPackets(PSH_ACK));
        flags.put("URG", e.tcpFlagPackets(URG));
        return new IncidentEvent(
            e.incidentId(),
            e.kind(),
            state,
            e.family(),
            e.subtype(),
            Instant.ofEpochMilli(e.startedAtMillis()),
            Instant.ofEpochMilli(e.tsMillis()),
            e.endedAtMillis() == com.flowtriq.ftagent.incident.IncidentEvent.NOT_ENDED ?
                null : Instant.ofEpochMilli(e.endedAtMillis()),
            e.peakPps(),
            e.peakBps(),
            e.baselinePps(),
            e.thresholdPps(),
            ranked(e.topSources()),
            ranked(e.topDestinations()),
            ranked(e.topDstPorts()),
            protocols,
            flags,
            Map.of(),
            Map.of(),
            Math.round(orZero(e.evidence("distinct_sources_max"))),
            e.packets(),
            e.confidence(),
            orZero(e.evidence("source_entropy")),
            orZero(e.evidence("mean_packet_bytes")),
            IncidentJson.toJson(e).getBytes(StandardCharsets.UTF_8),
            resolve ? e.pcapFile() : null,
            resolve ? e.pcapPackets() : 0,
            resolve ? e.pcapDropped() : 0,
            e.mitigation());
    }

    private static List<RankedItem> ranked(final TopList list)
    {
        final List<RankedItem> items = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++)
        {
            final long key = list.key(i);
            final String text = switch (list.kind())
            {
                case TopList.SOURCE_ADDRESS -> IncidentJson.sourceAddress(key);
                case TopList.DESTINATION_ADDRESS -> IncidentJson.destinationAddress(key);
                default -> Integer.toString((int)key & 0xFFFF);
            };
            items.add(new RankedItem(text, list.packets(i)));
        }
        return items;
    }

    private static double orZero(final double value)
    {
        return Double.isNaN(value) ? 0 : value;
    }
}
