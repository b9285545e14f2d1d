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

    private final long[] counters = new long[TrafficCounterSlots.LENGTH];
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
        counters[TOTAL_PACKETS]++;
        counters[TOTAL_BYTES] += length;
        counters[FAMILY_PACKETS + family]++;
        counters[FAMILY_BYTES + family] += length;
        counters[FRAGMENT_PACKETS + fragmentState]++;
        counters[FRAGMENT_BYTES + fragmentState] += length;
        counters[PROTOCOL_PACKETS + protocol]++;
        counters[PROTOCOL_BYTES + protocol] += length;
        counters[TCP_FLAG_PACKETS + TCP_FLAG_SLOT[TCP_FLAG_ROW_OF_PROTOCOL[protocol] | tcpFlags]]++;
        counters[LENGTH_PACKETS + PacketLengthBuckets.bucket(length)]++;
        counters[REASON_PACKETS + ((word >>> REASON_SHIFT) & REASON_MASK)]++;
        counters[TTL_PACKETS + ((word >>> TTL_SHIFT) & TTL_MASK)]++;

        final int srcPortOrdinal = amplificationOrdinal(udpKeyRow | srcPort);
        counters[AMPLIFICATION_PACKETS + srcPortOrdinal]++;
        counters[AMPLIFICATION_BYTES + srcPortOrdinal] += length;
        final int dstPortOrdinal = amplificationOrdinal(udpKeyRow | dstPort);
        counters[UDP_DST_PACKETS + dstPortOrdinal]++;
        counters[UDP_DST_BYTES + dstPortOrdinal] += length;

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

    /** The flat counter array, laid out as {@link TrafficCounterSlots}; read by the window merge. */
    long[] counters()
    {
        return counters;
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
