package com.flowtriq.ftagent.decode;

/**
 * Layout of the fixed 32-byte record that the decoder writes for each frame and that the capture threads
 * publish to the counting workers. Little-endian (native order), naturally aligned fields.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Timestamp (ns since epoch, 64)               |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Source: IPv4 address (low 32 bits, host order)     |  8
 *  |            or 64-bit digest of the IPv6 source address        |
 *  +---------------------------------------------------------------+
 *  |   Destination: IPv4 address, or 32-bit digest of IPv6 dst     | 16
 *  +-------------------------------+-------------------------------+
 *  |     Source port / ICMP type   |  Dest port / ICMP code        | 20
 *  +-------------------------------+---------------+---------------+
 *  |  Wire length (saturating u16) |  IP protocol  |  TCP flags    | 24
 *  +---------------+-----------+---+-------+-------+---------------+
 *  |  TTL / hops   | Info (6b) | Reason (6b)   |  VLAN id (12b)    | 28
 *  +---------------+-----------+---------------+-------------------+
 * </pre>
 *
 * The word at offset 28 packs, from bit 0: TTL (8), info bits (6), decode reason (6), VLAN id (12).
 * Info bits: address family (2: 0 none, 1 IPv4, 2 IPv6), fragment state (2: {@link #FRAG_NONE},
 * {@link #FRAG_FIRST}, {@link #FRAG_LATER}), GRE-encapsulated (1), ports taken from the fragment table (1).
 * The IP protocol is the innermost one (inside GRE). For ICMP and ICMPv6 the port fields carry type and code.
 * IPv6 digests are stable across runs (no random seed), so the same address always maps to the same value.
 */
public final class PacketRecordDescriptor
{
    public static final int LENGTH = 32;

    public static final int TIMESTAMP_OFFSET = 0;
    public static final int SRC_ADDRESS_OFFSET = 8;
    public static final int DST_ADDRESS_OFFSET = 16;
    public static final int SRC_PORT_OFFSET = 20;
    public static final int DST_PORT_OFFSET = 22;
    public static final int WIRE_LENGTH_OFFSET = 24;
    public static final int PROTOCOL_OFFSET = 26;
    public static final int TCP_FLAGS_OFFSET = 27;
    public static final int PACKED_WORD_OFFSET = 28;

    public static final int TTL_SHIFT = 0;
    public static final int TTL_MASK = 0xFF;
    public static final int FAMILY_SHIFT = 8;
    public static final int FAMILY_MASK = 0x3;
    public static final int FRAG_SHIFT = 10;
    public static final int FRAG_MASK = 0x3;
    public static final int GRE_BIT = 1 << 12;
    public static final int FRAG_PORTS_BIT = 1 << 13;
    public static final int REASON_SHIFT = 14;
    public static final int REASON_MASK = 0x3F;
    public static final int VLAN_SHIFT = 20;
    public static final int VLAN_MASK = 0xFFF;

    public static final int FAMILY_NONE = 0;
    public static final int FAMILY_IPV4 = 1;
    public static final int FAMILY_IPV6 = 2;

    public static final int FRAG_NONE = 0;
    public static final int FRAG_FIRST = 1;
    public static final int FRAG_LATER = 2;

    /** Reason 0: the frame decoded completely. Other values are decode-event ordinals (see the decoder). */
    public static final int REASON_OK = 0;

    private PacketRecordDescriptor()
    {
    }
}
