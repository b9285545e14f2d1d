package com.flowtriq.ftagent.count;

/**
 * Builds a per-tick {@link TrafficWindow} from retired {@link TrafficCounters} banks: counters are added, source
 * HyperLogLogs max-merged, and each heavy-hitter kind summed by key over all banks and ranked (top K).
 *
 * <p>Preallocated for a fixed number of banks per tick ({@code parts}); no allocation per tick.
 *
 * <p>Threading: the detector thread (the thread that calls {@link CountingStage#tick(long, TrafficWindow)}).
 */
final class TrafficWindowAssembler
{
    private final HeavyHitterMerger sources;
    private final HeavyHitterMerger destinations;
    private final HeavyHitterMerger dstPorts;
    private final HeavyHitterMerger srcPorts;
    private int banks;

    TrafficWindowAssembler(final int parts, final int heavyHitterCapacity)
    {
        final int capacity = parts * heavyHitterCapacity;
        sources = new HeavyHitterMerger(capacity);
        destinations = new HeavyHitterMerger(capacity);
        dstPorts = new HeavyHitterMerger(capacity);
        srcPorts = new HeavyHitterMerger(capacity);
    }

    void begin(final TrafficWindow into, final long tickSecond)
    {
        into.beginTick(tickSecond);
        sources.reset();
        destinations.reset();
        dstPorts.reset();
        srcPorts.reset();
        banks = 0;
    }

    void add(final TrafficWindow into, final TrafficCounters bank)
    {
        into.addCounters(bank);
        sources.add(bank.sources());
        destinations.add(bank.destinations());
        dstPorts.add(bank.dstPorts());
        srcPorts.add(bank.srcPorts());
        banks++;
    }

    /** Number of banks added since {@link #begin(TrafficWindow, long)}. */
    int banks()
    {
        return banks;
    }

    void finish(final TrafficWindow into, final long backPressureDrops)
    {
        sources.rankInto(into.topSources());
        destinations.rankInto(into.topDestinations());
        dstPorts.rankInto(into.topDstPorts());
        srcPorts.rankInto(into.topSrcPorts());
        into.backPressureDrops(backPressureDrops);
        into.estimateSources();
    }

    /** Entries that did not fit in the merge scratch space (0 when sized for the parts). */
    long overflows()
    {
        return sources.overflows() + destinations.overflows() + dstPorts.overflows() + srcPorts.overflows();
    }
}
