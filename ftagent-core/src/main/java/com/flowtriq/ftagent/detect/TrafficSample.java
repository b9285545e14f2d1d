package com.flowtriq.ftagent.detect;

/**
 * The traffic of one detector tick, as the detector reads it: exactly what baseline, thresholds and classification
 * need, and nothing else. The counting stage's {@code count.TrafficWindow} is adapted to it (the indexes below are
 * the ordinals of {@code count.Protocol}, {@code count.TcpFlagClass} and {@code count.AmplificationPort}).
 * <p>
 * Keys of the ranked lists (same as the counting stage): sources are the IPv4 address zero-extended, or a 64-bit
 * IPv6 digest with bit 63 set; destinations are {@code (family << 32) | address} (family 1 IPv4, 2 IPv6 digest);
 * ports are {@code (ipProtocol << 16) | port}, where for ICMP and ICMPv6 the source "port" is the type and the
 * destination "port" the code.
 * <p>
 * Threading: read by the detection thread during {@link Detector#onTick}; implementations must not allocate on
 * any read.
 */
public interface TrafficSample
{
    int PROTOCOL_TCP = 0;
    int PROTOCOL_UDP = 1;
    int PROTOCOL_ICMP = 2;
    int PROTOCOL_ICMPV6 = 3;
    int PROTOCOL_GRE = 4;
    int PROTOCOL_OTHER = 5;
    int PROTOCOL_COUNT = 6;

    int FLAGS_SYN = 0;
    int FLAGS_SYN_ACK = 1;
    int FLAGS_ACK = 2;
    int FLAGS_RST = 3;
    int FLAGS_FIN = 4;
    int FLAGS_PSH_ACK = 5;
    int FLAGS_URG = 6;
    int FLAGS_NULL = 7;
    int FLAGS_XMAS = 8;
    int FLAGS_OTHER = 9;
    int FLAGS_COUNT = 10;

    int SERVICE_DNS = 0;
    int SERVICE_NTP = 1;
    int SERVICE_SSDP = 2;
    int SERVICE_MEMCACHED = 3;
    int SERVICE_CLDAP = 4;
    int SERVICE_CHARGEN = 5;
    int SERVICE_SNMP = 6;
    int SERVICE_WSD = 7;
    int SERVICE_MDNS = 8;
    int SERVICE_OPENVPN = 9;
    int SERVICE_ARD = 10;
    int SERVICE_QUIC = 11;
    int SERVICE_COUNT = 12;

    /** Epoch second the sample covers (its first second if it covers several). */
    long tickSecond();

    /** Seconds covered, normally 1; 0 for an empty sample. */
    int seconds();

    long packets();

    /** Wire bytes. */
    long bytes();

    /** Packets of protocol class {@code protocol} ({@code PROTOCOL_*}). */
    long protocolPackets(int protocol);

    /** Wire bytes of protocol class {@code protocol}. */
    long protocolBytes(int protocol);

    long ipv4Packets();

    long ipv6Packets();

    long firstFragmentPackets();

    long laterFragmentPackets();

    /** TCP packets of flag class {@code flagClass} ({@code FLAGS_*}). */
    long tcpFlagClassPackets(int flagClass);

    /** UDP packets from the well-known port of {@code service} ({@code SERVICE_*}): reflected replies. */
    long amplificationSourcePackets(int service);

    /** Wire bytes of {@link #amplificationSourcePackets(int)}. */
    long amplificationSourceBytes(int service);

    /** UDP packets to the well-known port of {@code service}: query floods, QUIC floods. */
    long udpDstServicePackets(int service);

    RankedCounts topSources();

    RankedCounts topDestinations();

    RankedCounts topDstPorts();

    RankedCounts topSrcPorts();

    /** Estimated distinct source addresses. */
    double distinctSources();

    /** Normalised source entropy, 0..1 (near 0: few sources; near 1: evenly spread over many). */
    double sourceEntropy();

    /** Records the decoder could not decode completely. */
    long malformedPackets();

    /** Records dropped because a counting worker's ring was full. */
    long backPressureDrops();
}
