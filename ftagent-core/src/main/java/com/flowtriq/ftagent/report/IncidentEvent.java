package com.flowtriq.ftagent.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.flowtriq.ftagent.incident.MitigationEntry;

/**
 * One incident lifecycle event as reporting sees it: the fields of the one incident schema (DESIGN.md) that
 * the journal, the Flowtriq API and the notifiers use. Immutable; safe to pass between threads.
 * <p>
 * This is reporting's own minimal type; the incident stage maps its event onto it.
 *
 * @param incidentId         local incident id, stable over open/update/resolve.
 * @param kind               {@code l3l4} or {@code l7}.
 * @param state              open, update or resolve.
 * @param family             attack family (e.g. {@code udp_flood}).
 * @param subtype            attack subtype, or "".
 * @param startedAt          when the incident opened.
 * @param timestamp          when this event was produced.
 * @param endedAt            when it resolved, or null.
 * @param peakPps            peak packets per second so far.
 * @param peakBps            peak bits per second so far.
 * @param baselinePps        baseline at open.
 * @param thresholdPps       threshold that was crossed.
 * @param topSrcIps          top sources by packets.
 * @param topDstIps          top destinations (the victim first).
 * @param topDstPorts        top destination ports.
 * @param protocolBreakdown  packets by {@code tcp, udp, icmp, other, fragments}.
 * @param tcpFlags           packets by flag {@code SYN, ACK, RST, FIN, PSH, URG}.
 * @param pktLengthHistogram packets by length bucket ({@code "0-64"} ... {@code "1500+"}).
 * @param ttlDistribution    packets by TTL bucket.
 * @param sourceIpCount      distinct sources (estimate).
 * @param totalPackets       packets attributed to the incident.
 * @param confidence         classifier confidence 0..100.
 * @param srcIpEntropy       Shannon entropy of the source addresses, bits.
 * @param avgPktLength       mean packet length, bytes.
 * @param schemaJson         the incident stage's own JSON of this event (the one schema, written by
 *                           {@code incident.IncidentJson}), or null; when set, the journal and the webhook
 *                           send it verbatim so every output carries the same object.
 * @param pcapFile           on {@code resolve}: the incident's capture file (issue #5), or null for none.
 * @param pcapPackets        frames written to {@code pcapFile} when the incident resolved.
 * @param pcapDropped        frames dropped from that capture when the incident resolved.
 * @param mitigation         what mitigation did for the incident so far (issue #8), empty for nothing.
 */
public record IncidentEvent(
    String incidentId,
    String kind,
    IncidentState state,
    String family,
    String subtype,
    Instant startedAt,
    Instant timestamp,
    Instant endedAt,
    double peakPps,
    double peakBps,
    double baselinePps,
    double thresholdPps,
    List<RankedItem> topSrcIps,
    List<RankedItem> topDstIps,
    List<RankedItem> topDstPorts,
    Map<String, Long> protocolBreakdown,
    Map<String, Long> tcpFlags,
    Map<String, Long> pktLengthHistogram,
    Map<String, Long> ttlDistribution,
    long sourceIpCount,
    long totalPackets,
    int confidence,
    double srcIpEntropy,
    double avgPktLength,
    byte[] schemaJson,
    String pcapFile,
    long pcapPackets,
    long pcapDropped,
    List<MitigationEntry> mitigation)
{
    /**
     * An event without the incident stage's JSON (tests, {@code ftagent test}).
     */
    public IncidentEvent(
        final String incidentId,
        final String kind,
        final IncidentState state,
        final String family,
        final String subtype,
        final Instant startedAt,
        final Instant timestamp,
        final Instant endedAt,
        final double peakPps,
        final double peakBps,
        final double baselinePps,
        final double thresholdPps,
        final List<RankedItem> topSrcIps,
        final List<RankedItem> topDstIps,
        final List<RankedItem> topDstPorts,
        final Map<String, Long> protocolBreakdown,
        final Map<String, Long> tcpFlags,
        final Map<String, Long> pktLengthHistogram,
        final Map<String, Long> ttlDistribution,
        final long sourceIpCount,
        final long totalPackets,
        final int confidence,
        final double srcIpEntropy,
        final double avgPktLength)
    {
        this(incidentId, kind, state, family, subtype, startedAt, timestamp, endedAt, peakPps, peakBps, baselinePps,
            thresholdPps, topSrcIps, topDstIps, topDstPorts, protocolBreakdown, tcpFlags, pktLengthHistogram,
            ttlDistribution, sourceIpCount, totalPackets, confidence, srcIpEntropy, avgPktLength, null, null, 0, 0,
            List.of());
    }

    public IncidentEvent
    {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(timestamp, "timestamp");
        kind = kind == null ? "l3l4" : kind;
        family = family == null ? "unknown" : family;
        subtype = subtype == null ? "" : subtype;
        topSrcIps = topSrcIps == null ? List.of() : List.copyOf(topSrcIps);
        topDstIps = topDstIps == null ? List.of() : List.copyOf(topDstIps);
        topDstPorts = topDstPorts == null ? List.of() : List.copyOf(topDstPorts);
        protocolBreakdown = copy(protocolBreakdown);
        tcpFlags = copy(tcpFlags);
        pktLengthHistogram = copy(pktLengthHistogram);
        ttlDistribution = copy(ttlDistribution);
        confidence = Math.max(0, Math.min(100, confidence));
        schemaJson = schemaJson == null ? null : schemaJson.clone();
        mitigation = mitigation == null ? List.of() : List.copyOf(mitigation);
    }

    /**
     * @return a copy of the incident stage's JSON, or null.
     */
    @Override
    public byte[] schemaJson()
    {
        return schemaJson == null ? null : schemaJson.clone();
    }

    /**
     * @return the attacked address (the top destination), or "" if unknown.
     */
    public String victim()
    {
        return topDstIps.isEmpty() ? "" : topDstIps.get(0).key();
    }

    /**
     * @return seconds from start to end (or to this event if not resolved).
     */
    public long durationSeconds()
    {
        final Instant end = endedAt != null ? endedAt : timestamp;
        return Math.max(0, end.getEpochSecond() - startedAt.getEpochSecond());
    }

    private static Map<String, Long> copy(final Map<String, Long> map)
    {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
