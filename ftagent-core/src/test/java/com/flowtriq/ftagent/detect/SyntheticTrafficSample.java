package com.flowtriq.ftagent.detect;

/**
 * A hand-filled {@link TrafficSample} for tests: add flows of packets with their protocol, flags, ports and
 * addresses, and the counters a counting stage would keep follow (totals, protocol, flag class, amplification and
 * UDP service ports, fragments, ranked lists). Reused: {@link #clear(long)} starts the next second. No allocation
 * after construction.
 */
final class SyntheticTrafficSample implements TrafficSample
{
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;
    static final int GRE = 47;

    private static final int[] SERVICE_PORTS = { 53, 123, 1900, 11211, 389, 19, 161, 3702, 5353, 1194, 3283, 443 };

    private long tickSecond;
    private final long[] protocolPackets = new long[PROTOCOL_COUNT];
    private final long[] protocolBytes = new long[PROTOCOL_COUNT];
    private final long[] flagPackets = new long[FLAGS_COUNT];
    private final long[] amplificationPackets = new long[SERVICE_COUNT];
    private final long[] amplificationBytes = new long[SERVICE_COUNT];
    private final long[] udpDstPackets = new long[SERVICE_COUNT];
    private long ipv4Packets;
    private long ipv6Packets;
    private long firstFragments;
    private long laterFragments;
    private double distinctSources;
    private double sourceEntropy;
    private final SyntheticRankedCounts sources = new SyntheticRankedCounts(32);
    private final SyntheticRankedCounts destinations = new SyntheticRankedCounts(32);
    private final SyntheticRankedCounts dstPorts = new SyntheticRankedCounts(32);
    private final SyntheticRankedCounts srcPorts = new SyntheticRankedCounts(32);

    SyntheticTrafficSample clear(final long second)
    {
        tickSecond = second;
        java.util.Arrays.fill(protocolPackets, 0);
        java.util.Arrays.fill(protocolBytes, 0);
        java.util.Arrays.fill(flagPackets, 0);
        java.util.Arrays.fill(amplificationPackets, 0);
        java.util.Arrays.fill(amplificationBytes, 0);
        java.util.Arrays.fill(udpDstPackets, 0);
        ipv4Packets = 0;
        ipv6Packets = 0;
        firstFragments = 0;
        laterFragments = 0;
        distinctSources = 0;
        sourceEntropy = 0;
        sources.clear();
        destinations.clear();
        dstPorts.clear();
        srcPorts.clear();
        return this;
    }

    /**
     * Adds packets of one flow.
     *
     * @param ipProtocol 6, 17, 1, 58, 47 or anything else.
     * @param flagClass  {@code FLAGS_*} for TCP, ignored otherwise.
     * @param srcPort    source port, or the ICMP type.
     * @param dstPort    destination port, or the ICMP code.
     * @param src        source key (IPv4 value, or bit 63 set for an IPv6 digest).
     * @param dst        IPv4 destination (or IPv6 digest when {@code src} is IPv6).
     */
    SyntheticTrafficSample flow(
        final int ipProtocol,
        final int flagClass,
        final int srcPort,
        final int dstPort,
        final long src,
        final long dst,
        final long packets,
        final int bytesPerPacket)
    {
        final long bytes = packets * bytesPerPacket;
        final int protocol = switch (ipProtocol)
        {
            case TCP -> PROTOCOL_TCP;
            case UDP -> PROTOCOL_UDP;
            case ICMP -> PROTOCOL_ICMP;
            case ICMPV6 -> PROTOCOL_ICMPV6;
            case GRE -> PROTOCOL_GRE;
            default -> PROTOCOL_OTHER;
        };
        protocolPackets[protocol] += packets;
        protocolBytes[protocol] += bytes;
        if (protocol == PROTOCOL_TCP)
        {
            flagPackets[flagClass] += packets;
        }
        if (protocol == PROTOCOL_UDP)
        {
            for (int s = 0; s < SERVICE_COUNT; s++)
            {
                if (SERVICE_PORTS[s] == srcPort)
                {
                    amplificationPackets[s] += packets;
                    amplificationBytes[s] += bytes;
                }
                if (SERVICE_PORTS[s] == dstPort)
                {
                    udpDstPackets[s] += packets;
                }
            }
        }

        final boolean ipv6 = src < 0;
        if (ipv6)
        {
            ipv6Packets += packets;
        }
        else
        {
            ipv4Packets += packets;
        }

        sources.add(src, packets, bytes);
        destinations.add(((ipv6 ? 2L : 1L) << 32) | (dst & 0xFFFF_FFFFL), packets, bytes);
        dstPorts.add(((long)ipProtocol << 16) | dstPort, packets, bytes);
        srcPorts.add(((long)ipProtocol << 16) | srcPort, packets, bytes);
        distinctSources += 1;
        return this;
    }

    /** Marks packets already added as fragments (they keep their protocol and ports, as the fragment table gives). */
    SyntheticTrafficSample fragments(final long first, final long later)
    {
        firstFragments += first;
        laterFragments += later;
        return this;
    }

    /** Overrides the source spread figures. */
    SyntheticTrafficSample spread(final double distinct, final double entropy)
    {
        distinctSources = distinct;
        sourceEntropy = entropy;
        return this;
    }

    @Override
    public long tickSecond()
    {
        return tickSecond;
    }

    @Override
    public int seconds()
    {
        return 1;
    }

    @Override
    public long packets()
    {
        long sum = 0;
        for (final long p : protocolPackets)
        {
            sum += p;
        }
        return sum;
    }

    @Override
    public long bytes()
    {
        long sum = 0;
        for (final long b : protocolBytes)
        {
            sum += b;
        }
        return sum;
    }

    @Override
    public long protocolPackets(final int protocol)
    {
        return protocolPackets[protocol];
    }

    @Override
    public long protocolBytes(final int protocol)
    {
        return protocolBytes[protocol];
    }

    @Override
    public long ipv4Packets()
    {
        return ipv4Packets;
    }

    @Override
    public long ipv6Packets()
    {
        return ipv6Packets;
    }

    @Override
    public long firstFragmentPackets()
    {
        return firstFragments;
    }

    @Override
    public long laterFragmentPackets()
    {
        return laterFragments;
    }

    @Override
    public long tcpFlagClassPackets(final int flagClass)
    {
        return flagPackets[flagClass];
    }

    @Override
    public long amplificationSourcePackets(final int service)
    {
        return amplificationPackets[service];
    }

    @Override
    public long amplificationSourceBytes(final int service)
    {
        return amplificationBytes[service];
    }

    @Override
    public long udpDstServicePackets(final int service)
    {
        return udpDstPackets[service];
    }

    @Override
    public RankedCounts topSources()
    {
        return sources;
    }

    @Override
    public RankedCounts topDestinations()
    {
        return destinations;
    }

    @Override
    public RankedCounts topDstPorts()
    {
        return dstPorts;
    }

    @Override
    public RankedCounts topSrcPorts()
    {
        return srcPorts;
    }

    @Override
    public double distinctSources()
    {
        return distinctSources;
    }

    @Override
    public double sourceEntropy()
    {
        return sourceEntropy;
    }

    @Override
    public long malformedPackets()
    {
        return 0;
    }

    @Override
    public long backPressureDrops()
    {
        return 0;
    }
}
