package com.flowtriq.ftagent.count;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

import static com.flowtriq.ftagent.count.TrafficCounterSlots.*;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.*;

/**
 * One bank of per-tick traffic counters, filled from {@link com.flowtriq.ftagent.decode.PacketRecordDescriptor
 * packet records}.
 *
 * <p>Counted per record: packets and wire bytes in total, by {@link Protocol}, by address family and by fragment
 * state; packets by decode reason (reason 0 = decoded completely, any other = malformed), by
 * {@link TcpFlagClass} (for {@link Protocol#TCP} records), by {@link PacketLengthBuckets length bucket} and by
 * TTL/hop limit (256 buckets); packets and bytes of UDP records by {@link AmplificationPort} source port and by the
 * same ports as destination. For records with an address family (IPv4 or IPv6): four {@link SpaceSavingSketch
 * heavy-hitter sketches} (source address; destination {@code (family << 32) | dst}; destination and source port
 * keys {@code (ipProtocol << 16) | port}) and a {@link HyperLogLog} of source addresses.
 *
 * <p>{@link #count(DirectBuffer, int)} allocates nothing; its only data-dependent branches are the family test
 * before the sketches and those inside the sketches: classes are looked up in small tables, and records outside
 * a class are added to a sink slot instead of being tested for. It reads the record as three longs and makes six
 * counter increments, not one per counted quantity: a record's family, fragment state, protocol and TCP flag class
 * together are one of 240 <em>traffic classes</em>, counted as packets and bytes per class; its amplification
 * source and destination ordinals are one <em>port pair</em>, likewise; its decode reason and length bucket are one
 * cell of a reason-by-length table (only the row of reason 0 is busy, so this costs no more cache than two
 * tables); then one increment for the TTL. {@link #addTo(long[])} expands these tallies into the
 * {@link TrafficCounterSlots} layout (totals, per family, per fragment state, per protocol, per flag class, per port,
 * per reason, per length bucket) when a window is merged, once per tick instead of once per packet.
 *
 * <p>Threading: <b>single writer</b>. Exactly one counting worker (or, in single-threaded mode, the capture
 * thread) counts into a bank. The detector reads a bank only once it has been retired by a bank swap
 * ({@link DoubleBufferedCounters}), and the writer clears it only when it switches back to it after the detector
 * has finished reading it.
 */
public final class TrafficCounters
{
    private static final byte[] PROTOCOL_OF_GRE_AND_IP_PROTOCOL = new byte[512];
    private static final int[] UDP_ROW_OF_PROTOCOL = new int[Protocol.COUNT];

    /**
     * Traffic kinds: 0 .. 9 are TCP by {@link TcpFlagClass} ordinal, then one per other protocol (UDP, ICMP, ICMPv6,
     * GRE, other). A traffic class is {@code (kind << 4) | (fragment state << 2) | family}, the last four bits
     * being the family and fragment bits of the record's packed word as they lie.
     */
    private static final int KIND_COUNT = TcpFlagClass.COUNT + Protocol.COUNT - 1;
    private static final int CLASS_COUNT = KIND_COUNT << 4;
    /** Class base {@code kind << 4} by {@code (protocol ordinal << 8) | tcpFlags}. */
    private static final byte[] CLASS_BASE_OF_PROTOCOL_AND_FLAGS = new byte[Protocol.COUNT << 8];
    private static final byte[] PROTOCOL_OF_KIND = new byte[KIND_COUNT];
    private static final byte[] TCP_FLAG_SLOT_OF_KIND = new byte[KIND_COUNT];

    /** Amplification port pair: {@code (source ordinal << 4) | destination ordinal}, sink ordinals included. */
    private static final int PORT_PAIR_SHIFT = 4;
    private static final int PORT_PAIR_COUNT = (AMPLIFICATION_SINK << PORT_PAIR_SHIFT) + AMPLIFICATION_SINK + 1;

    /*
     * Layout of the per-packet tallies (longs):
     *   CLASS_TALLY      packets, bytes of each traffic class, interleaved (2 * 240)
     *   REASON_LENGTH_TALLY  packets by (decode reason << 3) | length bucket (64 * 8)
     *   TTL_TALLY        packets by TTL / hop limit (256)
     *   PORT_PAIR_TALLY  packets, bytes of each amplification port pair, interleaved (2 * 205)
     */
    private static final int CLASS_TALLY = 0;
    private static final int LENGTH_SHIFT = 3;
    private static final int REASON_LENGTH_TALLY = CLASS_TALLY + 2 * CLASS_COUNT;
    private static final int TTL_TALLY = REASON_LENGTH_TALLY + (REASON_COUNT << LENGTH_SHIFT);
    private static final int PORT_PAIR_TALLY = TTL_TALLY + TTL_COUNT;
    private static final int TALLY_LENGTH = PORT_PAIR_TALLY + 2 * PORT_PAIR_COUNT;

    static
    {
        // A length bucket shares its tally cell index with the decode reason: more buckets than 1 << LENGTH_SHIFT
        // would count one reason's packets under the next reason.
        if (PacketLengthBuckets.COUNT > 1 << LENGTH_SHIFT)
        {
            throw new ExceptionInInitializerError(
                "PacketLengthBuckets.COUNT=" + PacketLengthBuckets.COUNT + " needs LENGTH_SHIFT > " + LENGTH_SHIFT);
        }
    }

    /** Bit positions of the fields in the record's two last longs, read little-endian as the descriptor lays out. */
    private static final int SRC_PORT_SHIFT = (SRC_PORT_OFFSET - DST_ADDRESS_OFFSET) * Byte.SIZE;
    private static final int DST_PORT_SHIFT = (DST_PORT_OFFSET - DST_ADDRESS_OFFSET) * Byte.SIZE;
    private static final int PROTOCOL_SHIFT = (PROTOCOL_OFFSET - WIRE_LENGTH_OFFSET) * Byte.SIZE;
    private static final int TCP_FLAGS_SHIFT = (TCP_FLAGS_OFFSET - WIRE_LENGTH_OFFSET) * Byte.SIZE;
    private static final int PACKED_WORD_SHIFT = (PACKED_WORD_OFFSET - WIRE_LENGTH_OFFSET) * Byte.SIZE;

    private static final int PORT_TABLE_BITS = 6;
    private static final int PORT_TABLE_SHIFT = 32 - PORT_TABLE_BITS;
    private static final int[] PORT_TABLE_KEYS = new int[1 << PORT_TABLE_BITS];
    private static final byte[] PORT_TABLE_ORDINALS = new byte[1 << PORT_TABLE_BITS];
    private static final int PORT_TABLE_MULTIPLIER;

    static
    {
        for (int i = 0; i < 512; i++)
        {
            PROTOCOL_OF_GRE_AND_IP_PROTOCOL[i] = (byte)Protocol.classify(i & 0xFF, i >= 256).ordinal();
        }

        for (int protocol = 0; protocol < Protocol.COUNT; protocol++)
        {
            for (int flags = 0; flags < 256; flags++)
            {
                final int kind = protocol == Protocol.TCP.ordinal() ?
                    TcpFlagClass.classify(flags).ordinal() : TcpFlagClass.COUNT + protocol - 1;
                CLASS_BASE_OF_PROTOCOL_AND_FLAGS[(protocol << 8) | flags] = (byte)(kind << 4);
            }
        }
        for (int kind = 0; kind < KIND_COUNT; kind++)
        {
            final boolean tcp = kind < TcpFlagClass.COUNT;
            PROTOCOL_OF_KIND[kind] = (byte)(tcp ? Protocol.TCP.ordinal() : kind - TcpFlagClass.COUNT + 1);
            // Records that are not TCP go to the flag sink slot, as they always have.
            TCP_FLAG_SLOT_OF_KIND[kind] = (byte)(tcp ? kind : TcpFlagClass.COUNT);
        }

        // UDP port keys are 0x1_0000 | port; any other protocol's key is below 0x1_0000 and never matches.
        UDP_ROW_OF_PROTOCOL[Protocol.UDP.ordinal()] = 0x1_0000;
        PORT_TABLE_MULTIPLIER = findPerfectMultiplier();
        Arrays.fill(PORT_TABLE_KEYS, -1);
        Arrays.fill(PORT_TABLE_ORDINALS, (byte)AMPLIFICATION_SINK);
        for (int i = 0; i < AmplificationPort.COUNT; i++)
        {
            final int key = 0x1_0000 | AmplificationPort.ofOrdinal(i).port();
            final int slot = (key * PORT_TABLE_MULTIPLIER) >>> PORT_TABLE_SHIFT;
            PORT_TABLE_KEYS[slot] = key;
            PORT_TABLE_ORDINALS[slot] = (byte)i;
        }
    }

    private final long[] tallies = new long[TALLY_LENGTH];
    private final SpaceSavingSketch sources;
    private final SpaceSavingSketch destinations;
    private final SpaceSavingSketch dstPorts;
    private final SpaceSavingSketch srcPorts;
    private final HyperLogLog distinctSources;

    /**
     * Counters with {@link SpaceSavingSketch#DEFAULT_CAPACITY}, {@link HyperLogLog#DEFAULT_PRECISION} and
     * {@link SpaceSavingSketch.Admission#RANDOMIZED randomized admission}.
     */
    public TrafficCounters()
    {
        this(SpaceSavingSketch.DEFAULT_CAPACITY, HyperLogLog.DEFAULT_PRECISION);
    }

    /**
     * @param heavyHitterCapacity keys monitored by each heavy-hitter sketch (K).
     * @param hllPrecision        precision p of the distinct-source HyperLogLog (2^p registers).
     */
    public TrafficCounters(final int heavyHitterCapacity, final int hllPrecision)
    {
        this(heavyHitterCapacity, hllPrecision, SpaceSavingSketch.Admission.RANDOMIZED);
    }

    /**
     * @param heavyHitterCapacity keys monitored by each heavy-hitter sketch (K).
     * @param hllPrecision        precision p of the distinct-source HyperLogLog (2^p registers).
     * @param admission           admission policy of the sketches: {@link SpaceSavingSketch.Admission#RANDOMIZED}
     *                            in production (an unmonitored key costs a probe and a random draw, not an
     *                            eviction), {@link SpaceSavingSketch.Admission#ALWAYS} for exact Space-Saving.
     */
    public TrafficCounters(
        final int heavyHitterCapacity, final int hllPrecision, final SpaceSavingSketch.Admission admission)
    {
        sources = new SpaceSavingSketch(heavyHitterCapacity, admission);
        destinations = new SpaceSavingSketch(heavyHitterCapacity, admission);
        dstPorts = new SpaceSavingSketch(heavyHitterCapacity, admission);
        srcPorts = new SpaceSavingSketch(heavyHitterCapacity, admission);
        distinctSources = new HyperLogLog(hllPrecision);
    }

    /**
     * Counts the record at {@code offset} in {@code buffer}.
     */
    public void count(final DirectBuffer buffer, final int offset)
    {
        final long src = buffer.getLong(offset + SRC_ADDRESS_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final long dstAndPorts = buffer.getLong(offset + DST_ADDRESS_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final long tail = buffer.getLong(offset + WIRE_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);

        final long dst = dstAndPorts & 0xFFFF_FFFFL;
        final int srcPort = (int)(dstAndPorts >>> SRC_PORT_SHIFT) & 0xFFFF;
        final int dstPort = (int)(dstAndPorts >>> DST_PORT_SHIFT) & 0xFFFF;
        final int length = (int)tail & 0xFFFF;
        final int ipProtocol = (int)(tail >>> PROTOCOL_SHIFT) & 0xFF;
        final int tcpFlags = (int)(tail >>> TCP_FLAGS_SHIFT) & 0xFF;
        final int word = (int)(tail >>> PACKED_WORD_SHIFT);

        final int family = (word >>> FAMILY_SHIFT) & FAMILY_MASK;
        // GRE_BIT is bit 12: shifted to bit 8 it selects the upper half of the protocol table.
        final int protocol = PROTOCOL_OF_GRE_AND_IP_PROTOCOL[((word & GRE_BIT) >>> 4) | ipProtocol];
        // Family (bits 8-9) and fragment state (bits 10-11) are the low four bits of the class.
        final int trafficClass = (CLASS_BASE_OF_PROTOCOL_AND_FLAGS[(protocol << 8) | tcpFlags] & 0xF0) |
            ((word >>> FAMILY_SHIFT) & 0xF);
        final int udpKeyRow = UDP_ROW_OF_PROTOCOL[protocol];
        final int portPair = (amplificationOrdinal(udpKeyRow | srcPort) << PORT_PAIR_SHIFT) |
            amplificationOrdinal(udpKeyRow | dstPort);

        final long[] tallies = this.tallies;
        tallies[CLASS_TALLY + 2 * trafficClass]++;
        tallies[CLASS_TALLY + 2 * trafficClass + 1] += length;
        tallies[PORT_PAIR_TALLY + 2 * portPair]++;
        tallies[PORT_PAIR_TALLY + 2 * portPair + 1] += length;
        tallies[REASON_LENGTH_TALLY + ((((word >>> REASON_SHIFT) & REASON_MASK) << LENGTH_SHIFT) |
            PacketLengthBuckets.bucket(length))]++;
        tallies[TTL_TALLY + ((word >>> TTL_SHIFT) & TTL_MASK)]++;

        if (family != FAMILY_NONE)
        {
            final long protocolKey = (long)ipProtocol << 16;
            sources.offer(src, length);
            destinations.offer(((long)family << 32) | dst, length);
            dstPorts.offer(protocolKey | dstPort, length);
            srcPorts.offer(protocolKey | srcPort, length);
            distinctSources.offer(src);
        }
    }

    /** Zeroes every counter and empties the sketches. */
    public void clear()
    {
        Arrays.fill(tallies, 0);
        sources.clear();
        destinations.clear();
        dstPorts.clear();
        srcPorts.clear();
        distinctSources.clear();
    }

    /** Packets counted since the last {@link #clear()}. Cold path (a sum over the traffic classes). */
    public long packets()
    {
        long sum = 0;
        for (int c = 0; c < CLASS_COUNT; c++)
        {
            sum += tallies[CLASS_TALLY + 2 * c];
        }
        return sum;
    }

    /** Wire bytes counted since the last {@link #clear()}. Cold path. */
    public long bytes()
    {
        long sum = 0;
        for (int c = 0; c < CLASS_COUNT; c++)
        {
            sum += tallies[CLASS_TALLY + 2 * c + 1];
        }
        return sum;
    }

    /** Heavy hitters by source address. */
    public SpaceSavingSketch sources()
    {
        return sources;
    }

    /** Heavy hitters by {@code (family << 32) | destination}. */
    public SpaceSavingSketch destinations()
    {
        return destinations;
    }

    /** Heavy hitters by {@code (ipProtocol << 16) | destination port}. */
    public SpaceSavingSketch dstPorts()
    {
        return dstPorts;
    }

    /** Heavy hitters by {@code (ipProtocol << 16) | source port}. */
    public SpaceSavingSketch srcPorts()
    {
        return srcPorts;
    }

    public HyperLogLog distinctSources()
    {
        return distinctSources;
    }

    public int heavyHitterCapacity()
    {
        return sources.capacity();
    }

    /**
     * Adds this bank's counts to {@code counters}, laid out as {@link TrafficCounterSlots}: the window merge. Reads
     * this bank only, so it is called by the reader of a retired bank (or by the writer, on its own thread). Leaves
     * {@link TrafficCounterSlots#BACK_PRESSURE_DROPS} and the spare slots alone. Cold path: once per bank per tick.
     */
    void addTo(final long[] counters)
    {
        final long[] tallies = this.tallies;
        for (int c = 0; c < CLASS_COUNT; c++)
        {
            final long packets = tallies[CLASS_TALLY + 2 * c];
            final long bytes = tallies[CLASS_TALLY + 2 * c + 1];
            final int family = c & FAMILY_MASK;
            final int fragmentState = (c >>> 2) & FRAG_MASK;
            final int kind = c >>> 4;
            final int protocol = PROTOCOL_OF_KIND[kind];
            counters[TOTAL_PACKETS] += packets;
            counters[TOTAL_BYTES] += bytes;
            counters[FAMILY_PACKETS + family] += packets;
            counters[FAMILY_BYTES + family] += bytes;
            counters[FRAGMENT_PACKETS + fragmentState] += packets;
            counters[FRAGMENT_BYTES + fragmentState] += bytes;
            counters[PROTOCOL_PACKETS + protocol] += packets;
            counters[PROTOCOL_BYTES + protocol] += bytes;
            counters[TCP_FLAG_PACKETS + TCP_FLAG_SLOT_OF_KIND[kind]] += packets;
        }
        for (int pair = 0; pair < PORT_PAIR_COUNT; pair++)
        {
            final long packets = tallies[PORT_PAIR_TALLY + 2 * pair];
            final long bytes = tallies[PORT_PAIR_TALLY + 2 * pair + 1];
            final int srcOrdinal = pair >>> PORT_PAIR_SHIFT;
            final int dstOrdinal = pair & ((1 << PORT_PAIR_SHIFT) - 1);
            if (dstOrdinal > AMPLIFICATION_SINK)
            {
                continue;
            }
            counters[AMPLIFICATION_PACKETS + srcOrdinal] += packets;
            counters[AMPLIFICATION_BYTES + srcOrdinal] += bytes;
            counters[UDP_DST_PACKETS + dstOrdinal] += packets;
            counters[UDP_DST_BYTES + dstOrdinal] += bytes;
        }
        for (int reason = 0; reason < REASON_COUNT; reason++)
        {
            for (int bucket = 0; bucket < PacketLengthBuckets.COUNT; bucket++)
            {
                final long packets = tallies[REASON_LENGTH_TALLY + ((reason << LENGTH_SHIFT) | bucket)];
                counters[REASON_PACKETS + reason] += packets;
                counters[LENGTH_PACKETS + bucket] += packets;
            }
        }
        for (int ttl = 0; ttl < TTL_COUNT; ttl++)
        {
            counters[TTL_PACKETS + ttl] += tallies[TTL_TALLY + ttl];
        }
    }

    /** The {@link AmplificationPort} ordinal of a UDP port key {@code 0x1_0000 | port}, or the sink ordinal. */
    static int amplificationOrdinal(final int portKey)
    {
        final int slot = (portKey * PORT_TABLE_MULTIPLIER) >>> PORT_TABLE_SHIFT;
        return PORT_TABLE_KEYS[slot] == portKey ? PORT_TABLE_ORDINALS[slot] : AMPLIFICATION_SINK;
    }

    /** Finds, deterministically, a multiplier that hashes the amplification port keys to distinct slots. */
    private static int findPerfectMultiplier()
    {
        final boolean[] used = new boolean[1 << PORT_TABLE_BITS];
        for (int multiplier = 0x9E37_79B1; ; multiplier += 2)
        {
            Arrays.fill(used, false);
            boolean collision = false;
            for (int i = 0; i < AmplificationPort.COUNT && !collision; i++)
            {
                final int slot = ((0x1_0000 | AmplificationPort.ofOrdinal(i).port()) * multiplier) >>> PORT_TABLE_SHIFT;
                collision = used[slot];
                used[slot] = true;
            }
            if (!collision)
            {
                return multiplier;
            }
        }
    }
}
