package com.flowtriq.ftagent.count;

import org.agrona.DirectBuffer;

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
 * a class are added to a sink slot instead of being tested for.
 *
 * <p>Threading: <b>single writer</b>. Exactly one counting worker (or, in single-threaded mode, the capture
 * thread) counts into a bank. The detector reads a bank only once it has been retired by a bank swap
 * ({@link DoubleBufferedCounters}), and the writer clears it only when it switches back to it after the detector
 * has finished reading it.
 */
public final class TrafficCounters
{
    /** Bits of a packed slot that hold packets; the bytes sit above them. */
    static final int PACKED_BYTES_SHIFT = 28;
    static final long PACKED_PACKETS_MASK = (1L << PACKED_BYTES_SHIFT) - 1;
    static final long PACKED_PACKET = 1L;
    /**
     * Budget charge per packet beyond its length: 2^(64 - 28) / 2^28 = 256, so that a budget of 2^36 bounds
     * packets below 2^28 as well as bytes below 2^36.
     */
    static final long PACKED_PACKET_COST = 1L << (64 - 2 * PACKED_BYTES_SHIFT);
    /** Leaves room for the last packet's charge (at most 65,535 + 256) before a packed field would overflow. */
    static final long PACKED_BUDGET = (1L << (64 - PACKED_BYTES_SHIFT)) - (1L << 17);
    /** For each slot, the bytes slot packed with it, or -1 when the slot is not packed. */
    static final int[] PACKED_BYTES_SLOT = packedBytesSlots();

    private static final byte[] PROTOCOL_OF_GRE_AND_IP_PROTOCOL = new byte[512];
    private static final short[] TCP_FLAG_ROW_OF_PROTOCOL = new short[Protocol.COUNT];
    private static final byte[] TCP_FLAG_SLOT = new byte[512];
    private static final int[] UDP_ROW_OF_PROTOCOL = new int[Protocol.COUNT];

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

        TCP_FLAG_ROW_OF_PROTOCOL[Protocol.TCP.ordinal()] = 256;
        for (int flags = 0; flags < 256; flags++)
        {
            TCP_FLAG_SLOT[flags] = (byte)TcpFlagClass.COUNT;
            TCP_FLAG_SLOT[256 + flags] = (byte)TcpFlagClass.classify(flags).ordinal();
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

    /**
     * Packets-by-class slots that have a bytes twin (family, fragment state, protocol, UDP source and destination
     * port) hold a packed {@code bytes << PACKED_BYTES_SHIFT | packets} here, so that one addition counts both;
     * their bytes slots stay 0 until {@link #unpack()} moves the packed values into {@link #unpacked}.
     */
    private final long[] counters = new long[TrafficCounterSlots.LENGTH];
    private final long[] unpacked = new long[TrafficCounterSlots.LENGTH];
    private long packedBudget = PACKED_BUDGET;
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
        final long src = buffer.getLong(offset + SRC_ADDRESS_OFFSET);
        final long dst = buffer.getInt(offset + DST_ADDRESS_OFFSET) & 0xFFFF_FFFFL;
        final int srcPort = buffer.getShort(offset + SRC_PORT_OFFSET) & 0xFFFF;
        final int dstPort = buffer.getShort(offset + DST_PORT_OFFSET) & 0xFFFF;
        final int length = buffer.getShort(offset + WIRE_LENGTH_OFFSET) & 0xFFFF;
        final int ipProtocol = buffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
        final int tcpFlags = buffer.getByte(offset + TCP_FLAGS_OFFSET) & 0xFF;
        final int word = buffer.getInt(offset + PACKED_WORD_OFFSET);

        final int family = (word >>> FAMILY_SHIFT) & FAMILY_MASK;
        final int fragmentState = (word >>> FRAG_SHIFT) & FRAG_MASK;
        // GRE_BIT is bit 12: shifted to bit 8 it selects the upper half of the protocol table.
        final int protocol = PROTOCOL_OF_GRE_AND_IP_PROTOCOL[((word & GRE_BIT) >>> 4) | ipProtocol];
        final int udpKeyRow = UDP_ROW_OF_PROTOCOL[protocol];

        final long[] counters = this.counters;
        final long packed = PACKED_PACKET + ((long)length << PACKED_BYTES_SHIFT);
        counters[TOTAL_PACKETS]++;
        counters[TOTAL_BYTES] += length;
        counters[FAMILY_PACKETS + family] += packed;
        counters[FRAGMENT_PACKETS + fragmentState] += packed;
        counters[PROTOCOL_PACKETS + protocol] += packed;
        counters[TCP_FLAG_PACKETS + TCP_FLAG_SLOT[TCP_FLAG_ROW_OF_PROTOCOL[protocol] | tcpFlags]]++;
        counters[LENGTH_PACKETS + PacketLengthBuckets.bucket(length)]++;
        counters[REASON_PACKETS + ((word >>> REASON_SHIFT) & REASON_MASK)]++;
        counters[TTL_PACKETS + ((word >>> TTL_SHIFT) & TTL_MASK)]++;

        final int srcPortOrdinal = amplificationOrdinal(udpKeyRow | srcPort);
        counters[AMPLIFICATION_PACKETS + srcPortOrdinal] += packed;
        final int dstPortOrdinal = amplificationOrdinal(udpKeyRow | dstPort);
        counters[UDP_DST_PACKETS + dstPortOrdinal] += packed;

        // Each packet consumes at least PACKED_PACKET_COST of the budget, so neither packed field can overflow
        // before the budget runs out and the packed slots are unpacked.
        final long budget = packedBudget - (length + PACKED_PACKET_COST);
        packedBudget = budget;
        if (budget < 0)
        {
            unpack();
        }

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
        Arrays.fill(counters, 0);
        Arrays.fill(unpacked, 0);
        packedBudget = PACKED_BUDGET;
        sources.clear();
        destinations.clear();
        dstPorts.clear();
        srcPorts.clear();
        distinctSources.clear();
    }

    public long packets()
    {
        return counters[TOTAL_PACKETS];
    }

    public long bytes()
    {
        return counters[TOTAL_BYTES];
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
     * Adds this bank's counters, unpacked and laid out as {@link TrafficCounterSlots}, to {@code window}.
     * Called by the window merge once the bank is retired.
     */
    void addTo(final long[] window)
    {
        final long[] counters = this.counters;
        final long[] unpacked = this.unpacked;
        for (int i = 0; i < window.length; i++)
        {
            final long value = counters[i];
            final int bytesSlot = PACKED_BYTES_SLOT[i];
            if (bytesSlot >= 0)
            {
                window[i] += (value & PACKED_PACKETS_MASK) + unpacked[i];
                // unpacked[bytesSlot] is added when the loop reaches bytesSlot, which is not itself packed.
                window[bytesSlot] += value >>> PACKED_BYTES_SHIFT;
            }
            else
            {
                window[i] += value + unpacked[i];
            }
        }
    }

    /** Moves the packed slots into {@link #unpacked} and renews the budget; cold, at most every 2^28 packets. */
    private void unpack()
    {
        final long[] counters = this.counters;
        final long[] unpacked = this.unpacked;
        for (int i = 0; i < counters.length; i++)
        {
            final int bytesSlot = PACKED_BYTES_SLOT[i];
            if (bytesSlot >= 0)
            {
                final long value = counters[i];
                unpacked[i] += value & PACKED_PACKETS_MASK;
                unpacked[bytesSlot] += value >>> PACKED_BYTES_SHIFT;
                counters[i] = 0;
            }
        }
        packedBudget = PACKED_BUDGET;
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

    private static int[] packedBytesSlots()
    {
        final int[] slots = new int[TrafficCounterSlots.LENGTH];
        Arrays.fill(slots, -1);
        pair(slots, FAMILY_PACKETS, FAMILY_BYTES, 4);
        pair(slots, FRAGMENT_PACKETS, FRAGMENT_BYTES, 4);
        pair(slots, PROTOCOL_PACKETS, PROTOCOL_BYTES, PROTOCOL_BYTES - PROTOCOL_PACKETS);
        pair(slots, AMPLIFICATION_PACKETS, AMPLIFICATION_BYTES, AMPLIFICATION_SINK + 1);
        pair(slots, UDP_DST_PACKETS, UDP_DST_BYTES, AMPLIFICATION_SINK + 1);
        return slots;
    }

    private static void pair(final int[] slots, final int packets, final int bytes, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            slots[packets + i] = bytes + i;
        }
    }
}
