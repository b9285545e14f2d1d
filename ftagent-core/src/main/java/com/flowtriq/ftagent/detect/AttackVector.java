package com.flowtriq.ftagent.detect;

/**
 * The L3/L4 attack vectors the classifier tells apart, each with its {@code family} and {@code subtype} as they
 * appear in incident events.
 */
public enum AttackVector
{
    SYN(AttackVector.TCP_FLOOD, "syn"),
    SYN_ACK(AttackVector.TCP_FLOOD, "syn_ack"),
    ACK(AttackVector.TCP_FLOOD, "ack"),
    RST(AttackVector.TCP_FLOOD, "rst"),
    FIN(AttackVector.TCP_FLOOD, "fin"),
    PSH_ACK(AttackVector.TCP_FLOOD, "psh_ack"),
    XMAS(AttackVector.TCP_FLOOD, "xmas"),
    NULL(AttackVector.TCP_FLOOD, "null"),
    TCP_MIXED(AttackVector.TCP_FLOOD, "tcp_mixed"),
    DNS_AMPLIFICATION(AttackVector.UDP_FLOOD, "dns_amplification"),
    NTP_AMPLIFICATION(AttackVector.UDP_FLOOD, "ntp_amplification"),
    SSDP_AMPLIFICATION(AttackVector.UDP_FLOOD, "ssdp_amplification"),
    MEMCACHED_AMPLIFICATION(AttackVector.UDP_FLOOD, "memcached_amplification"),
    CLDAP_AMPLIFICATION(AttackVector.UDP_FLOOD, "cldap_amplification"),
    CHARGEN_AMPLIFICATION(AttackVector.UDP_FLOOD, "chargen_amplification"),
    SNMP_AMPLIFICATION(AttackVector.UDP_FLOOD, "snmp_amplification"),
    WSD_AMPLIFICATION(AttackVector.UDP_FLOOD, "wsd_amplification"),
    MDNS_AMPLIFICATION(AttackVector.UDP_FLOOD, "mdns_amplification"),
    DNS_QUERY_FLOOD(AttackVector.UDP_FLOOD, "dns_query_flood"),
    QUIC_FLOOD(AttackVector.UDP_FLOOD, "quic_flood"),
    UDP_GENERIC(AttackVector.UDP_FLOOD, "udp_generic"),
    ICMP_ECHO(AttackVector.ICMP_FLOOD, "icmp_echo"),
    ICMPV6_ECHO(AttackVector.ICMP_FLOOD, "icmpv6_echo"),
    ICMP_OTHER(AttackVector.ICMP_FLOOD, "icmp_other"),
    IP_FRAGMENT(AttackVector.FRAGMENT_FLOOD, "ip_fragment"),
    GRE(AttackVector.PROTOCOL_FLOOD, "gre"),
    OTHER(AttackVector.PROTOCOL_FLOOD, "other");

    public static final String TCP_FLOOD = "tcp_flood";
    public static final String UDP_FLOOD = "udp_flood";
    public static final String ICMP_FLOOD = "icmp_flood";
    public static final String FRAGMENT_FLOOD = "fragment_flood";
    public static final String PROTOCOL_FLOOD = "protocol_flood";
    public static final String MULTI_VECTOR = "multi_vector";

    /** Number of vectors; ordinals are 0 .. COUNT-1. */
    public static final int COUNT = 27;

    private static final AttackVector[] VALUES = values();

    private final String family;
    private final String subtype;
    private final String shareEvidenceName;

    AttackVector(final String family, final String subtype)
    {
        this.family = family;
        this.subtype = subtype;
        this.shareEvidenceName = "share_" + subtype;
    }

    public String family()
    {
        return family;
    }

    public String subtype()
    {
        return subtype;
    }

    /** The evidence key carrying this vector's share of the attack packets. */
    public String shareEvidenceName()
    {
        return shareEvidenceName;
    }

    /** The vector of ordinal {@code ordinal}, without allocating. */
    public static AttackVector ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /** The amplification vector of service {@code TrafficSample.SERVICE_*}, or null for services without one. */
    static AttackVector amplificationOf(final int service)
    {
        return switch (service)
        {
            case TrafficSample.SERVICE_DNS -> DNS_AMPLIFICATION;
            case TrafficSample.SERVICE_NTP -> NTP_AMPLIFICATION;
            case TrafficSample.SERVICE_SSDP -> SSDP_AMPLIFICATION;
            case TrafficSample.SERVICE_MEMCACHED -> MEMCACHED_AMPLIFICATION;
            case TrafficSample.SERVICE_CLDAP -> CLDAP_AMPLIFICATION;
            case TrafficSample.SERVICE_CHARGEN -> CHARGEN_AMPLIFICATION;
            case TrafficSample.SERVICE_SNMP -> SNMP_AMPLIFICATION;
            case TrafficSample.SERVICE_WSD -> WSD_AMPLIFICATION;
            case TrafficSample.SERVICE_MDNS -> MDNS_AMPLIFICATION;
            default -> null;
        };
    }
}
