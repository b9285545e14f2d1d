package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.incident.IncidentEvent;

import java.util.Arrays;

import static com.flowtriq.ftagent.detect.TrafficFeatures.*;

/**
 * Names the attack in an incident from its counters: family, subtype, the vectors of a multi-vector attack with
 * their shares, a confidence and the evidence behind the verdict.
 *
 * <h2>Attack traffic, not total traffic</h2>
 * Every counter is first reduced by what the baseline mix ({@link BaselineMix}) predicts for the incident's
 * seconds: {@code excess = max(0, sum - mean_per_second x seconds)}. Vectors are built from the excess, so the web
 * traffic and DNS answers a server always has are not part of the verdict. If the excess is (almost) nothing, the
 * raw sums are used and confidence halves ({@code baseline_subtracted} = 0 in the evidence).
 *
 * <h2>Vectors (packets of each, from the excess)</h2>
 * <ul>
 *   <li>TCP: one vector per flag class (SYN, SYN-ACK, ACK, RST, FIN, PSH-ACK, XMAS, NULL); URG and odd
 *       combinations are {@code tcp_mixed}.</li>
 *   <li>UDP: replies from an amplification service port (DNS, NTP, SSDP, memcached, CLDAP, chargen, SNMP, WSD,
 *       mDNS) are that amplification; packets to port 53 a {@code dns_query_flood}, to 443 a {@code quic_flood};
 *       the rest of UDP is {@code udp_generic}. Later fragments carry the ports of their first fragment (the
 *       decoder's fragment table), so a fragmented amplification stays an amplification.</li>
 *   <li>ICMP and ICMPv6: split into echo and other by the share of echo request/reply types among the incident's
 *       ICMP source "ports" (the type).</li>
 *   <li>GRE and other IP protocols: {@code gre}, {@code other}.</li>
 *   <li>Fragments: when fragments are at least half of the excess packets, the packets of the unspecific vectors
 *       ({@code udp_generic}, {@code tcp_mixed}, {@code icmp_other}, {@code other}) move, up to the fragment
 *       count, into {@code ip_fragment}: fragments nobody can attribute to a service are the attack.</li>
 * </ul>
 * A vector's share is its packets over the packets of all vectors. Two or more vectors of at least
 * {@link #MULTI_VECTOR_MIN_SHARE} make a {@code multi_vector} attack whose subtype is the largest vector's. The
 * event lists every vector of at least {@link #LISTED_VECTOR_MIN_SHARE}, largest first (for a single-vector attack
 * too, so the operator sees what else was there).
 * <p>
 * Confidence = 100 x (share of the dominant vector, or the summed shares of the significant vectors of a
 * multi-vector attack) x clarity, where clarity = min(1, excess fraction of the traffic / 0.5): an attack that is
 * a small part of the traffic is classified with less certainty.
 * <p>
 * Single-threaded (the detection thread); no allocation after construction.
 */
public final class AttackClassifier
{
    /** A vector with at least this share of attack packets counts towards multi-vector. */
    public static final double MULTI_VECTOR_MIN_SHARE = 0.20;
    /** Vectors with at least this share are listed in the event. */
    public static final double LISTED_VECTOR_MIN_SHARE = 0.05;
    /** Fragments above this share of the excess make unattributed packets a fragment flood. */
    public static final double FRAGMENT_FLOOD_MIN_SHARE = 0.5;
    /** Below this fraction of the incident's packets the excess is treated as nothing. */
    public static final double MIN_EXCESS_FRACTION = 0.01;

    private static final int ICMP_PROTOCOL = 1;
    private static final int ICMPV6_PROTOCOL = 58;

    private final double[] excess = new double[COUNT];
    private final double[] vectorPackets = new double[AttackVector.COUNT];
    private final int[] order = new int[AttackVector.COUNT];

    private AttackVector dominant = AttackVector.OTHER;
    private boolean multiVector;
    private int confidence;

    /**
     * Classifies the incident's traffic and writes family, subtype, vectors, confidence and evidence into the event
     * (whose lists the caller has cleared).
     */
    public void classify(final AttackCounters counters, final BaselineMix mix, final IncidentEvent event)
    {
        final long seconds = counters.seconds();
        final double totalPackets = counters.sum(PACKETS);
        for (int i = 0; i < COUNT; i++)
        {
            excess[i] = Math.max(0.0, counters.sum(i) - mix.meanPerSecond(i) * seconds);
        }

        boolean baselineSubtracted = true;
        computeVectors(counters);
        if (excess[PACKETS] < totalPackets * MIN_EXCESS_FRACTION || sumVectors() <= 0)
        {
            baselineSubtracted = false;
            for (int i = 0; i < COUNT; i++)
            {
                excess[i] = counters.sum(i);
            }
            computeVectors(counters);
        }

        final double vectorTotal = sumVectors();
        sortVectors();
        final double dominantShare = vectorTotal <= 0 ? 0 : vectorPackets[order[0]] / vectorTotal;
        dominant = vectorTotal <= 0 ? AttackVector.OTHER : AttackVector.ofOrdinal(order[0]);

        int significant = 0;
        double significantShare = 0;
        for (int i = 0; i < AttackVector.COUNT; i++)
        {
            final double share = vectorTotal <= 0 ? 0 : vectorPackets[order[i]] / vectorTotal;
            if (share < MULTI_VECTOR_MIN_SHARE)
            {
                break;
            }
            significant++;
            significantShare += share;
        }
        multiVector = significant >= 2;

        final double excessPackets = excess[PACKETS];
        final double excessFraction = totalPackets <= 0 ? 0 : Math.min(1.0, excessPackets / totalPackets);
        final double clarity = baselineSubtracted ? Math.min(1.0, excessFraction / 0.5) : 0.5;
        confidence = (int)Math.round(100.0 * (multiVector ? significantShare : dominantShare) * clarity);

        event.family(multiVector ? AttackVector.MULTI_VECTOR : dominant.family());
        event.subtype(dominant.subtype());
        event.confidence(confidence);

        for (int i = 0; i < AttackVector.COUNT && vectorTotal > 0; i++)
        {
            final AttackVector vector = AttackVector.ofOrdinal(order[i]);
            final double share = vectorPackets[order[i]] / vectorTotal;
            if (share < LISTED_VECTOR_MIN_SHARE)
            {
                break;
            }
            event.addVector(vector.family(), vector.subtype(), share);
        }

        event.addEvidence("excess_packets", excessPackets);
        event.addEvidence("excess_fraction", excessFraction);
        event.addEvidence("baseline_subtracted", baselineSubtracted ? 1 : 0);
        event.addEvidence("dominant_share", dominantShare);
        for (int i = 0; i < event.vectorCount(); i++)
        {
            final AttackVector vector = AttackVector.ofOrdinal(order[i]);
            event.addEvidence(vector.shareEvidenceName(), vectorPackets[order[i]] / vectorTotal);
        }
        final double denominator = Math.max(1.0, excessPackets);
        event.addEvidence("tcp_share", share(excess[PROTOCOL + TrafficSample.PROTOCOL_TCP], denominator));
        event.addEvidence("udp_share", share(excess[PROTOCOL + TrafficSample.PROTOCOL_UDP], denominator));
        event.addEvidence("icmp_share", share(
            excess[PROTOCOL + TrafficSample.PROTOCOL_ICMP] + excess[PROTOCOL + TrafficSample.PROTOCOL_ICMPV6],
            denominator));
        event.addEvidence("fragment_share", share(excess[FIRST_FRAGMENTS] + excess[LATER_FRAGMENTS], denominator));
        event.addEvidence("mean_packet_bytes", excess[BYTES] / denominator);
        event.addEvidence("source_entropy", counters.meanSourceEntropy());
        event.addEvidence("distinct_sources_max", counters.maxDistinctSources());
        event.addEvidence("top_source_share",
            totalPackets <= 0 ? 0 : Math.min(1.0, counters.sources().heaviestPackets() / totalPackets));
        event.addEvidence("top_dst_port_share",
            totalPackets <= 0 ? 0 : Math.min(1.0, counters.dstPorts().heaviestPackets() / totalPackets));
    }

    /**
     * A part over a whole, at most 1: each feature's excess is clamped at 0 on its own, so parts can add up to a
     * little more than the total excess.
     */
    private static double share(final double part, final double whole)
    {
        return Math.min(1.0, part / whole);
    }

    private void computeVectors(final AttackCounters counters)
    {
        final double[] e = excess;
        final double[] v = vectorPackets;
        Arrays.fill(v, 0);

        v[AttackVector.SYN.ordinal()] = e[FLAGS + TrafficSample.FLAGS_SYN];
        v[AttackVector.SYN_ACK.ordinal()] = e[FLAGS + TrafficSample.FLAGS_SYN_ACK];
        v[AttackVector.ACK.ordinal()] = e[FLAGS + TrafficSample.FLAGS_ACK];
        v[AttackVector.RST.ordinal()] = e[FLAGS + TrafficSample.FLAGS_RST];
        v[AttackVector.FIN.ordinal()] = e[FLAGS + TrafficSample.FLAGS_FIN];
        v[AttackVector.PSH_ACK.ordinal()] = e[FLAGS + TrafficSample.FLAGS_PSH_ACK];
        v[AttackVector.XMAS.ordinal()] = e[FLAGS + TrafficSample.FLAGS_XMAS];
        v[AttackVector.NULL.ordinal()] = e[FLAGS + TrafficSample.FLAGS_NULL];
        v[AttackVector.TCP_MIXED.ordinal()] = e[FLAGS + TrafficSample.FLAGS_URG] + e[FLAGS + TrafficSample.FLAGS_OTHER];

        double specificUdp = 0;
        for (int s = 0; s < TrafficSample.SERVICE_COUNT; s++)
        {
            final AttackVector amplification = AttackVector.amplificationOf(s);
            if (amplification != null)
            {
                v[amplification.ordinal()] = e[AMPLIFICATION + s];
                specificUdp += e[AMPLIFICATION + s];
            }
        }
        v[AttackVector.DNS_QUERY_FLOOD.ordinal()] = e[UDP_DST + TrafficSample.SERVICE_DNS];
        v[AttackVector.QUIC_FLOOD.ordinal()] = e[UDP_DST + TrafficSample.SERVICE_QUIC];
        specificUdp += e[UDP_DST + TrafficSample.SERVICE_DNS] + e[UDP_DST + TrafficSample.SERVICE_QUIC];
        v[AttackVector.UDP_GENERIC.ordinal()] = Math.max(0, e[PROTOCOL + TrafficSample.PROTOCOL_UDP] - specificUdp);

        final double echo4 = echoShare(counters.srcPorts(), ICMP_PROTOCOL, 8, 0);
        final double echo6 = echoShare(counters.srcPorts(), ICMPV6_PROTOCOL, 128, 129);
        final double icmp = e[PROTOCOL + TrafficSample.PROTOCOL_ICMP];
        final double icmp6 = e[PROTOCOL + TrafficSample.PROTOCOL_ICMPV6];
        v[AttackVector.ICMP_ECHO.ordinal()] = icmp * echo4;
        v[AttackVector.ICMPV6_ECHO.ordinal()] = icmp6 * echo6;
        v[AttackVector.ICMP_OTHER.ordinal()] = icmp * (1 - echo4) + icmp6 * (1 - echo6);

        v[AttackVector.GRE.ordinal()] = e[PROTOCOL + TrafficSample.PROTOCOL_GRE];
        v[AttackVector.OTHER.ordinal()] = e[PROTOCOL + TrafficSample.PROTOCOL_OTHER];

        final double fragments = e[FIRST_FRAGMENTS] + e[LATER_FRAGMENTS];
        if (e[PACKETS] > 0 && fragments >= e[PACKETS] * FRAGMENT_FLOOD_MIN_SHARE)
        {
            double remaining = fragments;
            remaining = moveToFragments(AttackVector.UDP_GENERIC, remaining);
            remaining = moveToFragments(AttackVector.OTHER, remaining);
            remaining = moveToFragments(AttackVector.TCP_MIXED, remaining);
            moveToFragments(AttackVector.ICMP_OTHER, remaining);
        }
    }

    private double moveToFragments(final AttackVector from, final double remaining)
    {
        final double moved = Math.min(remaining, vectorPackets[from.ordinal()]);
        vectorPackets[from.ordinal()] -= moved;
        vectorPackets[AttackVector.IP_FRAGMENT.ordinal()] += moved;
        return remaining - moved;
    }

    /** Share of ICMP echo types among the ICMP "source ports" (types) of the incident; 0 when none was seen. */
    private static double echoShare(
        final TopKeyTable srcPorts, final int protocol, final int requestType, final int replyType)
    {
        final long all = srcPorts.packetsOfProtocol(protocol);
        if (all == 0)
        {
            return 0;
        }
        final long key = (long)protocol << 16;
        final long echo = srcPorts.packetsOf(key | requestType) + srcPorts.packetsOf(key | replyType);
        return Math.min(1.0, (double)echo / all);
    }

    private double sumVectors()
    {
        double sum = 0;
        for (int i = 0; i < AttackVector.COUNT; i++)
        {
            sum += vectorPackets[i];
        }
        return sum;
    }

    /** Insertion sort of the vector ordinals by packets, largest first; ties by ordinal. */
    private void sortVectors()
    {
        final int[] o = order;
        final double[] v = vectorPackets;
        for (int i = 0; i < AttackVector.COUNT; i++)
        {
            o[i] = i;
        }
        for (int i = 1; i < AttackVector.COUNT; i++)
        {
            final int current = o[i];
            int j = i - 1;
            while (j >= 0 && v[o[j]] < v[current])
            {
                o[j + 1] = o[j];
                j--;
            }
            o[j + 1] = current;
        }
    }

    /** The largest vector of the last classification. */
    public AttackVector dominant()
    {
        return dominant;
    }

    /** True if the last classification found two or more significant vectors. */
    public boolean multiVector()
    {
        return multiVector;
    }

    /** Confidence of the last classification, 0..100. */
    public int confidence()
    {
        return confidence;
    }
}
