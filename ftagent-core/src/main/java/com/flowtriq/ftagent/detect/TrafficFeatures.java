package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.incident.IncidentEvent;

/**
 * The per-second counters the classifier works on, flattened into one {@code long[]} of {@link #COUNT} slots so
 * that the baseline mix, the incident sums and the excess can be kept as plain arrays and added slot by slot.
 * <pre>
 *   slot                         content
 *   PACKETS, BYTES               totals
 *   PROTOCOL + p                 packets of protocol class p (TrafficSample.PROTOCOL_*)
 *   PROTOCOL_BYTES + p           wire bytes of protocol class p
 *   FLAGS + f                    TCP packets of flag class f (TrafficSample.FLAGS_*)
 *   AMPLIFICATION + s            UDP packets from the port of service s (TrafficSample.SERVICE_*)
 *   UDP_DST + s                  UDP packets to the port of service s
 *   FIRST_FRAGMENTS, LATER_FRAGMENTS
 *   IPV4, IPV6
 * </pre>
 * Stateless; {@link #load} allocates nothing.
 */
public final class TrafficFeatures
{
    public static final int PACKETS = 0;
    public static final int BYTES = 1;
    public static final int PROTOCOL = 2;
    public static final int PROTOCOL_BYTES = PROTOCOL + TrafficSample.PROTOCOL_COUNT;
    public static final int FLAGS = PROTOCOL_BYTES + TrafficSample.PROTOCOL_COUNT;
    public static final int AMPLIFICATION = FLAGS + TrafficSample.FLAGS_COUNT;
    public static final int UDP_DST = AMPLIFICATION + TrafficSample.SERVICE_COUNT;
    public static final int FIRST_FRAGMENTS = UDP_DST + TrafficSample.SERVICE_COUNT;
    public static final int LATER_FRAGMENTS = FIRST_FRAGMENTS + 1;
    public static final int IPV4 = LATER_FRAGMENTS + 1;
    public static final int IPV6 = IPV4 + 1;
    public static final int COUNT = IPV6 + 1;

    /** Names of the protocol classes, by {@code TrafficSample.PROTOCOL_*}, as used in events. */
    public static final String[] PROTOCOL_NAMES = IncidentEvent.PROTOCOL_NAMES;

    /** Names of the TCP flag classes, by {@code TrafficSample.FLAGS_*}, as used in events. */
    public static final String[] FLAG_NAMES = IncidentEvent.FLAG_CLASS_NAMES;

    /** Names of the UDP services, by {@code TrafficSample.SERVICE_*}, as used in evidence. */
    public static final String[] SERVICE_NAMES =
        { "dns", "ntp", "ssdp", "memcached", "cldap", "chargen", "snmp", "wsd", "mdns", "openvpn", "ard", "quic" };

    private TrafficFeatures()
    {
    }

    /**
     * Copies the counters of a sample into {@code features} (length at least {@link #COUNT}). Negative counters
     * (a broken source) are stored as 0.
     */
    public static void load(final TrafficSample sample, final long[] features)
    {
        features[PACKETS] = Math.max(0, sample.packets());
        features[BYTES] = Math.max(0, sample.bytes());
        for (int p = 0; p < TrafficSample.PROTOCOL_COUNT; p++)
        {
            features[PROTOCOL + p] = Math.max(0, sample.protocolPackets(p));
            features[PROTOCOL_BYTES + p] = Math.max(0, sample.protocolBytes(p));
        }
        for (int f = 0; f < TrafficSample.FLAGS_COUNT; f++)
        {
            features[FLAGS + f] = Math.max(0, sample.tcpFlagClassPackets(f));
        }
        for (int s = 0; s < TrafficSample.SERVICE_COUNT; s++)
        {
            features[AMPLIFICATION + s] = Math.max(0, sample.amplificationSourcePackets(s));
            features[UDP_DST + s] = Math.max(0, sample.udpDstServicePackets(s));
        }
        features[FIRST_FRAGMENTS] = Math.max(0, sample.firstFragmentPackets());
        features[LATER_FRAGMENTS] = Math.max(0, sample.laterFragmentPackets());
        features[IPV4] = Math.max(0, sample.ipv4Packets());
        features[IPV6] = Math.max(0, sample.ipv6Packets());
    }
}
