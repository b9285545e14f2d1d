package com.flowtriq.ftagent.count;

/**
 * Layout of the flat {@code long[]} of counters shared by {@link TrafficCounters} (one bank) and
 * {@link TrafficWindow} (a merge of banks), so that merging is one loop of additions.
 *
 * <pre>
 *  slot  0.. 7  totals: packets, bytes, (spare)
 *  slot  8..11  packets by address family (0 none, 1 IPv4, 2 IPv6, 3 unused)
 *  slot 12..15  bytes by address family
 *  slot 16..19  packets by fragment state (0 none, 1 first, 2 later, 3 unused)
 *  slot 20..23  bytes by fragment state
 *  slot 24..31  packets by {@link Protocol} ordinal
 *  slot 32..39  bytes by {@link Protocol} ordinal
 *  slot 40..51  packets by {@link TcpFlagClass} ordinal, then one sink slot for records that are not TCP
 *  slot 52..59  packets by length bucket ({@link PacketLengthBuckets})
 *  slot 60..60  back-pressure drops (windows only; banks leave it 0)
 *  slot 64..76  packets by {@link AmplificationPort} ordinal (UDP source port), then a sink slot
 *  slot 80..92  bytes by {@link AmplificationPort} ordinal (UDP source port), then a sink slot
 *  slot 96..108  packets by UDP destination port among the {@link AmplificationPort} ports, then a sink slot
 *  slot 112..124 bytes by UDP destination port, likewise
 *  slot 128..191 packets by decode reason (0 = decoded completely)
 *  slot 192..447 packets by TTL / hop limit
 * </pre>
 *
 * The sink slots absorb the increments of records that do not belong to a class, so that counting needs no branch.
 */
final class TrafficCounterSlots
{
    static final int TOTAL_PACKETS = 0;
    static final int TOTAL_BYTES = 1;
    static final int FAMILY_PACKETS = 8;
    static final int FAMILY_BYTES = 12;
    static final int FRAGMENT_PACKETS = 16;
    static final int FRAGMENT_BYTES = 20;
    static final int PROTOCOL_PACKETS = 24;
    static final int PROTOCOL_BYTES = 32;
    static final int TCP_FLAG_PACKETS = 40;
    static final int TCP_FLAG_SINK = TCP_FLAG_PACKETS + TcpFlagClass.COUNT;
    static final int LENGTH_PACKETS = 52;
    static final int BACK_PRESSURE_DROPS = 60;
    static final int AMPLIFICATION_SINK = AmplificationPort.COUNT;
    static final int AMPLIFICATION_PACKETS = 64;
    static final int AMPLIFICATION_BYTES = 80;
    static final int UDP_DST_PACKETS = 96;
    static final int UDP_DST_BYTES = 112;
    static final int REASON_PACKETS = 128;
    static final int REASON_COUNT = 64;
    static final int TTL_PACKETS = 192;
    static final int TTL_COUNT = 256;

    /** Length of the counter array. */
    static final int LENGTH = TTL_PACKETS + TTL_COUNT;

    private TrafficCounterSlots()
    {
    }
}
