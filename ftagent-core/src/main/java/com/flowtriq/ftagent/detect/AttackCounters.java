package com.flowtriq.ftagent.detect;

import java.util.Arrays;

/**
 * The traffic of one incident, summed over its active seconds (from the first second above threshold, leaving out
 * the quiet seconds of the holddown, which are below 0.8 x threshold): the
 * {@link TrafficFeatures} counters, peaks, source spread, and the heaviest sources, destinations and ports.
 * Reset when a new pending run starts.
 * <p>
 * Single-threaded (the detection thread); no allocation after construction.
 */
public final class AttackCounters
{
    /** Entries kept per top table: more than any event prints, so that ranks near the cut are right. */
    public static final int TOP_CAPACITY = 64;

    private final long[] sums = new long[TrafficFeatures.COUNT];
    private final TopKeyTable sources = new TopKeyTable(TOP_CAPACITY);
    private final TopKeyTable destinations = new TopKeyTable(TOP_CAPACITY);
    private final TopKeyTable dstPorts = new TopKeyTable(TOP_CAPACITY);
    private final TopKeyTable srcPorts = new TopKeyTable(TOP_CAPACITY);
    private long seconds;
    private long peakPps;
    private long peakBps;
    private double entropyPacketSum;
    private double maxDistinctSources;
    private long protectedVictimPeakPps;

    public void reset()
    {
        Arrays.fill(sums, 0);
        sources.clear();
        destinations.clear();
        dstPorts.clear();
        srcPorts.clear();
        seconds = 0;
        peakPps = 0;
        peakBps = 0;
        entropyPacketSum = 0;
        maxDistinctSources = 0;
        protectedVictimPeakPps = 0;
    }

    /** Notes the rate of the busiest protected destination in the second just added. */
    public void protectedVictimPps(final long pps)
    {
        protectedVictimPeakPps = Math.max(protectedVictimPeakPps, pps);
    }

    /** The highest per-second rate of a protected destination over the incident. */
    public long protectedVictimPeakPps()
    {
        return protectedVictimPeakPps;
    }

    /**
     * Adds one second.
     *
     * @param sample   the second's traffic (for the ranked lists and the source spread).
     * @param features the second's counters, loaded by {@link TrafficFeatures#load}.
     * @param pps      the second's packet rate.
     * @param bps      the second's bit rate.
     */
    public void add(final TrafficSample sample, final long[] features, final long pps, final long bps)
    {
        for (int i = 0; i < TrafficFeatures.COUNT; i++)
        {
            sums[i] += features[i];
        }
        seconds++;
        peakPps = Math.max(peakPps, pps);
        peakBps = Math.max(peakBps, bps);
        final double entropy = sample.sourceEntropy();
        if (entropy >= 0 && entropy <= 1)
        {
            entropyPacketSum += entropy * features[TrafficFeatures.PACKETS];
        }
        maxDistinctSources = Math.max(maxDistinctSources, sample.distinctSources());
        sources.merge(sample.topSources());
        destinations.merge(sample.topDestinations());
        dstPorts.merge(sample.topDstPorts());
        srcPorts.merge(sample.topSrcPorts());
    }

    /** Sum of feature {@code index} ({@link TrafficFeatures}) over the incident. */
    public long sum(final int index)
    {
        return sums[index];
    }

    public long seconds()
    {
        return seconds;
    }

    public long peakPps()
    {
        return peakPps;
    }

    public long peakBps()
    {
        return peakBps;
    }

    /** Packet-weighted mean of the per-second source entropy, 0..1. */
    public double meanSourceEntropy()
    {
        final long packets = sums[TrafficFeatures.PACKETS];
        return packets == 0 ? 0 : entropyPacketSum / packets;
    }

    /** The largest per-second estimate of distinct sources. */
    public double maxDistinctSources()
    {
        return maxDistinctSources;
    }

    public TopKeyTable sources()
    {
        return sources;
    }

    public TopKeyTable destinations()
    {
        return destinations;
    }

    public TopKeyTable dstPorts()
    {
        return dstPorts;
    }

    public TopKeyTable srcPorts()
    {
        return srcPorts;
    }
}
