package com.flowtriq.ftagent.decode;

/**
 * Why decoding of a frame stopped. The ordinal is the reason stored in the packet record (6 bits, so at most 64
 * events) and the index of the event's counter in {@link DecodeCounters}; append new events at the end of their
 * group and never reorder, since records and exported counters carry the ordinal.
 *
 * <p>Each frame gets exactly one event: {@link #OK} when every layer decoded, else the first problem met. The
 * record then holds whatever the layers before the stop found (addresses when {@code family != 0}, and so on).
 *
 * <p>Events are of three {@link Kind kinds}: {@link Kind#OK}; {@link Kind#OTHER}, traffic that is well formed but
 * that we do not decode (ARP, an unsupported link type, a fragment whose first part we have not seen); and
 * {@link Kind#MALFORMED}, a header that contradicts itself or the frame.
 */
public enum DecodeEvent
{
    OK("decode.ok", Kind.OK),

    LINK_UNSUPPORTED("decode.link.unsupported", Kind.OTHER),
    L3_UNSUPPORTED_ETHERTYPE("decode.l3.unsupported_ethertype", Kind.OTHER),
    IPV6_UNKNOWN_EXT_HDR("decode.ipv6.unknown_ext_hdr", Kind.OTHER),
    GRE_UNSUPPORTED_VERSION("decode.gre.unsupported_version", Kind.OTHER),
    GRE_UNSUPPORTED_PAYLOAD("decode.gre.unsupported_payload", Kind.OTHER),
    GRE_NESTED("decode.gre.nested", Kind.OTHER),
    FRAG_FIRST_NOT_SEEN("decode.frag.first_not_seen", Kind.OTHER),
    /** A header was cut off by the capture's snap length, not by the sender: the wire length covers it. */
    SNAPLEN_TRUNC("decode.capture.snaplen_trunc", Kind.OTHER),

    ETHERNET_TRUNC("decode.ethernet.trunc", Kind.MALFORMED),
    SLL_TRUNC("decode.sll.trunc", Kind.MALFORMED),
    SLL2_TRUNC("decode.sll2.trunc", Kind.MALFORMED),
    RAW_TRUNC("decode.raw.trunc", Kind.MALFORMED),
    RAW_BAD_VERSION("decode.raw.bad_version", Kind.MALFORMED),
    VLAN_TRUNC("decode.vlan.trunc", Kind.MALFORMED),
    VLAN_TOO_DEEP("decode.vlan.too_deep", Kind.MALFORMED),
    IPV4_TRUNC_PKT("decode.ipv4.trunc_pkt", Kind.MALFORMED),
    IPV4_BAD_VERSION("decode.ipv4.bad_version", Kind.MALFORMED),
    IPV4_BAD_IHL("decode.ipv4.bad_ihl", Kind.MALFORMED),
    IPV4_BAD_TOTAL_LEN("decode.ipv4.bad_total_len", Kind.MALFORMED),
    /** Fragment offset plus fragment length beyond 65535 bytes ("ping of death"). */
    IPV4_FRAG_TOO_LARGE("decode.ipv4.frag_too_large", Kind.MALFORMED),
    IPV6_TRUNC_PKT("decode.ipv6.trunc_pkt", Kind.MALFORMED),
    IPV6_BAD_VERSION("decode.ipv6.bad_version", Kind.MALFORMED),
    IPV6_BAD_PAYLOAD_LEN("decode.ipv6.bad_payload_len", Kind.MALFORMED),
    IPV6_EXT_HDR_TRUNC("decode.ipv6.ext_hdr_trunc", Kind.MALFORMED),
    /** More extension headers than {@link Ipv6ExtensionDecoder#MAX_EXTENSION_HEADERS}. */
    IPV6_EXT_HDR_LOOP("decode.ipv6.ext_hdr_loop", Kind.MALFORMED),
    IPV6_FRAG_TOO_LARGE("decode.ipv6.frag_too_large", Kind.MALFORMED),
    TCP_TRUNC("decode.tcp.trunc", Kind.MALFORMED),
    TCP_BAD_OFFSET("decode.tcp.bad_offset", Kind.MALFORMED),
    UDP_TRUNC("decode.udp.trunc", Kind.MALFORMED),
    UDP_BAD_LEN("decode.udp.bad_len", Kind.MALFORMED),
    ICMPV4_TRUNC("decode.icmpv4.trunc", Kind.MALFORMED),
    ICMPV6_TRUNC("decode.icmpv6.trunc", Kind.MALFORMED),
    GRE_TRUNC("decode.gre.trunc", Kind.MALFORMED),
    /** RFC 2784 bits 1, 4 or 5 set (routing present, strict source route, recursion): the receiver must drop it. */
    GRE_BAD_FLAGS("decode.gre.bad_flags", Kind.MALFORMED);

    /** How an event is counted in summaries. */
    public enum Kind
    {
        /** Decoded completely. */
        OK,
        /** Well formed, or not ours to judge, but not decoded further. */
        OTHER,
        /** A header that contradicts itself or the frame. */
        MALFORMED
    }

    private static final DecodeEvent[] BY_ORDINAL = values();

    private final String dottedName;
    private final Kind kind;

    DecodeEvent(final String dottedName, final Kind kind)
    {
        this.dottedName = dottedName;
        this.kind = kind;
    }

    /** The stable name used in counters, logs and metrics, for example {@code decode.ipv4.trunc_pkt}. */
    public String dottedName()
    {
        return dottedName;
    }

    public Kind kind()
    {
        return kind;
    }

    /** The event stored as a record's reason, or {@code null} if the value is not an event. */
    public static DecodeEvent fromReason(final int reason)
    {
        return reason >= 0 && reason < BY_ORDINAL.length ? BY_ORDINAL[reason] : null;
    }

    /** Number of events; every ordinal is below this. */
    public static int count()
    {
        return BY_ORDINAL.length;
    }
}
