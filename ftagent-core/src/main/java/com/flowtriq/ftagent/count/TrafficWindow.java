package com.flowtriq.ftagent.count;

import java.util.Arrays;

import static com.flowtriq.ftagent.count.TrafficCounterSlots.*;

/**
 * The traffic of one tick (one second), merged from every counting worker's retired bank, or the sum of several
 * ticks ({@link #add(TrafficWindow)}): totals, protocol mix, flag classes, histograms, heavy hitters, distinct
 * sources and source entropy.
 *
 * <p>One object is reused tick after tick: filling it ({@link CountingStage#tick(long, TrafficWindow)}),
 * {@link #clear()}, {@link #copyFrom(TrafficWindow)} and {@link #add(TrafficWindow)} allocate nothing.
 *
 * <p><b>Source entropy.</b> {@link #sourceEntropy()} estimates the Shannon entropy of the packets-per-source
 * distribution, normalised to 0..1 by its maximum {@code ln(D)} for {@code D} distinct sources. The heavy
 * sources contribute {@code -p ln p} each, with {@code p} from their guaranteed counts ({@code packets - error});
 * the remaining packets are assumed spread evenly over the remaining {@code D - n} sources, {@code D} being the
 * HyperLogLog estimate. So a flood from a few sources gives a value near 0 and a flood spread evenly over many
 * (spoofed) sources a value near 1. Zero when there are fewer than two distinct sources.
 *
 * <p>Threading: owned by one thread (the detector); not thread-safe.
 */
public final class TrafficWindow
{
    /** Number of packet-length buckets; see {@link PacketLengthBuckets}. */
    public static final int LENGTH_BUCKETS = PacketLengthBuckets.COUNT;

    private final long[] counters = new long[TrafficCounterSlots.LENGTH];
    private final HeavyHitterList topSources;
    private final HeavyHitterList topDestinations;
    private final HeavyHitterList topDstPorts;
    private final HeavyHitterList topSrcPorts;
    private final HyperLogLog sourceSketch;
    private final HeavyHitterMerger merger;
    private long tickSecond;
    private int seconds;
    private double distinctSources;
    private double sourceEntropy;

    /** A window with {@link SpaceSavingSketch#DEFAULT_CAPACITY} and {@link HyperLogLog#DEFAULT_PRECISION}. */
    public TrafficWindow()
    {
        this(SpaceSavingSketch.DEFAULT_CAPACITY, HyperLogLog.DEFAULT_PRECISION);
    }

    /**
     * @param heavyHitterCapacity entries kept per heavy-hitter list (K, as the counting banks).
     * @param hllPrecision        HyperLogLog precision; must equal the counting banks' to merge them.
     */
    public TrafficWindow(final int heavyHitterCapacity, final int hllPrecision)
    {
        topSources = new HeavyHitterList(heavyHitterCapacity);
        topDestinations = new HeavyHitterList(heavyHitterCapacity);
        topDstPorts = new HeavyHitterList(heavyHitterCapacity);
        topSrcPorts = new HeavyHitterList(heavyHitterCapacity);
        sourceSketch = new HyperLogLog(hllPrecision);
        merger = new HeavyHitterMerger(heavyHitterCapacity * 2);
    }

    /** Label of a length bucket, for example {@code "1025-1500"}. */
    public static String lengthBucketLabel(final int bucket)
    {
        return PacketLengthBuckets.label(bucket);
    }

    /** Epoch second of the tick this window covers, or of its first tick if several were added. */
    public long tickSecond()
    {
        return tickSecond;
    }

    /** Number of ticks in this window: 1 for a per-tick window, 0 after {@link #clear()}. */
    public int seconds()
    {
        return seconds;
    }

    public long packets()
    {
        return counters[TOTAL_PACKETS];
    }

    /** Wire bytes. */
    public long bytes()
    {
        return counters[TOTAL_BYTES];
    }

    public long packets(final Protocol protocol)
    {
        return counters[PROTOCOL_PACKETS + protocol.ordinal()];
    }

    public long bytes(final Protocol protocol)
    {
        return counters[PROTOCOL_BYTES + protocol.ordinal()];
    }

    public long ipv4Packets()
    {
        return counters[FAMILY_PACKETS + 1];
    }

    public long ipv6Packets()
    {
        return counters[FAMILY_PACKETS + 2];
    }

    public long ipv4Bytes()
    {
        return counters[FAMILY_BYTES + 1];
    }

    public long ipv6Bytes()
    {
        return counters[FAMILY_BYTES + 2];
    }

    /** Records without an IP address family (non-IP frames, or frames too broken to tell). */
    public long nonIpPackets()
    {
        return counters[FAMILY_PACKETS];
    }

    public long firstFragmentPackets()
    {
        return counters[FRAGMENT_PACKETS + 1];
    }

    public long laterFragmentPackets()
    {
        return counters[FRAGMENT_PACKETS + 2];
    }

    /** Wire bytes of first and later fragments. */
    public long fragmentBytes()
    {
        return counters[FRAGMENT_BYTES + 1] + counters[FRAGMENT_BYTES + 2];
    }

    /** Packets of {@link Protocol#TCP} records in flag class {@code flagClass}. */
    public long tcpFlagPackets(final TcpFlagClass flagClass)
    {
        return counters[TCP_FLAG_PACKETS + flagClass.ordinal()];
    }

    /** Packets in length bucket {@code bucket} (0 .. {@link #LENGTH_BUCKETS} - 1). */
    public long lengthBucketPackets(final int bucket)
    {
        return counters[LENGTH_PACKETS + bucket];
    }

    /** Packets with TTL (IPv4) or hop limit (IPv6) {@code ttl}, 0..255. */
    public long ttlPackets(final int ttl)
    {
        return counters[TTL_PACKETS + (ttl & 0xFF)];
    }

    public HeavyHitterList topSources()
    {
        return topSources;
    }

    public HeavyHitterList topDestinations()
    {
        return topDestinations;
    }

    public HeavyHitterList topDstPorts()
    {
        return topDstPorts;
    }

    public HeavyHitterList topSrcPorts()
    {
        return topSrcPorts;
    }

    /** HyperLogLog estimate of the number of distinct source addresses. */
    public double distinctSources()
    {
        return distinctSources;
    }

    /** Normalised source-address entropy, 0..1; see the class comment for the method. */
    public double sourceEntropy()
    {
        return sourceEntropy;
    }

    /** The merged HyperLogLog of source addresses. */
    public HyperLogLog sourceSketch()
    {
        return sourceSketch;
    }

    /** UDP packets from source port {@code port.port()} (reflected replies). */
    public long amplificationPackets(final AmplificationPort port)
    {
        return counters[AMPLIFICATION_PACKETS + port.ordinal()];
    }

    public long amplificationBytes(final AmplificationPort port)
    {
        return counters[AMPLIFICATION_BYTES + port.ordinal()];
    }

    /** True if {@link #udpDstPortPackets(int)} counts {@code port}: the {@link AmplificationPort} ports. */
    public static boolean isCountedUdpDstPort(final int port)
    {
        return port >= 0 && port <= 0xFFFF &&
            TrafficCounters.amplificationOrdinal(0x1_0000 | port) != AMPLIFICATION_SINK;
    }

    /** UDP packets to destination port {@code port}, for the {@link AmplificationPort} ports (53, 443...); else 0. */
    public long udpDstPortPackets(final int port)
    {
        return isCountedUdpDstPort(port) ?
            counters[UDP_DST_PACKETS + TrafficCounters.amplificationOrdinal(0x1_0000 | port)] : 0;
    }

    public long udpDstPortBytes(final int port)
    {
        return isCountedUdpDstPort(port) ?
            counters[UDP_DST_BYTES + TrafficCounters.amplificationOrdinal(0x1_0000 | port)] : 0;
    }

    /** Records the decoder could not decode completely (decode reason other than 0). */
    public long malformedPackets()
    {
        return counters[TOTAL_PACKETS] - counters[REASON_PACKETS];
    }

    /** Records with decode reason {@code reason} (1..63); 0 for reason 0 or out of range. */
    public long malformedPackets(final int reason)
    {
        return reason > 0 && reason < REASON_COUNT ? counters[REASON_PACKETS + reason] : 0;
    }

    /** Records dropped because a counting worker's ring was full, during this window. */
    public long backPressureDrops()
    {
        return counters[BACK_PRESSURE_DROPS];
    }

    /** Empties the window: all counts 0, lists empty, {@link #seconds()} 0. */
    public void clear()
    {
        Arrays.fill(counters, 0);
        topSources.clear();
        topDestinations.clear();
        topDstPorts.clear();
        topSrcPorts.clear();
        sourceSketch.clear();
        tickSecond = 0;
        seconds = 0;
        distinctSources = 0;
        sourceEntropy = 0;
    }

    /** Makes this window an exact copy of {@code other} (same K and precision expected; lists are truncated). */
    public void copyFrom(final TrafficWindow other)
    {
        System.arraycopy(other.counters, 0, counters, 0, counters.length);
        topSources.copyFrom(other.topSources);
        topDestinations.copyFrom(other.topDestinations);
        topDstPorts.copyFrom(other.topDstPorts);
        topSrcPorts.copyFrom(other.topSrcPorts);
        sourceSketch.copyFrom(other.sourceSketch);
        tickSecond = other.tickSecond;
        seconds = other.seconds;
        distinctSources = other.distinctSources;
        sourceEntropy = other.sourceEntropy;
    }

    /**
     * Accumulates {@code other} into this window: counters are summed, heavy-hitter lists are summed by key and
     * re-ranked (top K), the source HyperLogLogs are max-merged, and the distinct count and entropy are
     * re-estimated from the result. {@link #tickSecond()} becomes the earliest of the two.
     */
    public void add(final TrafficWindow other)
    {
        if (other.seconds == 0)
        {
            return;
        }
        final long[] counters = this.counters;
        final long[] otherCounters = other.counters;
        for (int i = 0; i < counters.length; i++)
        {
            counters[i] += otherCounters[i];
        }
        mergeList(topSources, other.topSources);
        mergeList(topDestinations, other.topDestinations);
        mergeList(topDstPorts, other.topDstPorts);
        mergeList(topSrcPorts, other.topSrcPorts);
        sourceSketch.merge(other.sourceSketch);
        tickSecond = seconds == 0 ? other.tickSecond : Math.min(tickSecond, other.tickSecond);
        seconds += other.seconds;
        estimateSources();
    }

    void beginTick(final long tickSecond)
    {
        clear();
        this.tickSecond = tickSecond;
        seconds = 1;
    }

    void addCounters(final TrafficCounters bank)
    {
        bank.addTo(counters);
        sourceSketch.merge(bank.distinctSources());
    }

    void backPressureDrops(final long drops)
    {
        counters[BACK_PRESSURE_DROPS] = drops;
    }

    /** Re-estimates {@link #distinctSources()} and {@link #sourceEntropy()} from the sketch and the source list. */
    void estimateSources()
    {
        final double distinct = sourceSketch.estimate();
        distinctSources = distinct;
        sourceEntropy = normalisedEntropy(counters[FAMILY_PACKETS + 1] + counters[FAMILY_PACKETS + 2],
            topSources, distinct);
    }

    static double normalisedEntropy(final long packets, final HeavyHitterList sources, final double distinct)
    {
        if (packets <= 0 || distinct < 1.5)
        {
            return 0.0;
        }
        final double total = packets;
        double entropy = 0.0;
        long covered = 0;
        int heavy = 0;
        for (int i = 0, n = sources.size(); i < n; i++)
        {
            final long guaranteed = sources.packets(i) - sources.error(i);
            if (guaranteed > 0)
            {
                final double p = guaranteed / total;
                entropy -= p * Math.log(p);
                covered += guaranteed;
                heavy++;
            }
        }
        final long rest = packets - covered;
        if (rest > 0)
        {
            final double q = rest / total;
            final double others = Math.max(1.0, distinct - heavy);
            entropy -= q * Math.log(q / others);
        }
        final double maximum = Math.log(Math.max(distinct, heavy + (rest > 0 ? 1 : 0)));
        if (maximum <= 0.0)
        {
            return 0.0;
        }

        return Math.min(1.0, Math.max(0.0, entropy / maximum));
    }

    private void mergeList(final HeavyHitterList into, final HeavyHitterList from)
    {
        final HeavyHitterMerger merger = this.merger;
        merger.reset();
        merger.add(into);
        merger.add(from);
        merger.rankInto(into);
    }
}
