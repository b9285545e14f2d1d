package com.flowtriq.ftagent.count;

/**
 * {@link CountingStage} without worker threads: the capture thread counts each record directly into the active
 * bank of one {@link DoubleBufferedCounters}, and {@link #tick(long, TrafficWindow)} swaps the banks and merges the
 * retired one. For replay of small files and hosts with one core.
 *
 * <p>Threading: <b>one thread</b> publishes and ticks (the replay or capture loop, which also drives the
 * detector). Records published before a tick are in its window, exactly. There is never back-pressure.
 */
public final class SingleThreadedCountingStage implements CountingStage
{
    private final DoubleBufferedCounters banks;
    private final TrafficWindowAssembler assembler;
    private final int heavyHitterCapacity;
    private final int hllPrecision;
    private final DirectCountingPublisher publisher;

    public SingleThreadedCountingStage()
    {
        this(SpaceSavingSketch.DEFAULT_CAPACITY, HyperLogLog.DEFAULT_PRECISION);
    }

    public SingleThreadedCountingStage(final int heavyHitterCapacity, final int hllPrecision)
    {
        this(heavyHitterCapacity, hllPrecision, SpaceSavingSketch.Admission.RANDOMIZED);
    }

    /**
     * @param admission admission policy of the heavy-hitter sketches; {@link SpaceSavingSketch.Admission#ALWAYS}
     *                  (exact Space-Saving) for comparison in tests and benchmarks.
     */
    public SingleThreadedCountingStage(
        final int heavyHitterCapacity, final int hllPrecision, final SpaceSavingSketch.Admission admission)
    {
        this.heavyHitterCapacity = heavyHitterCapacity;
        this.hllPrecision = hllPrecision;
        banks = new DoubleBufferedCounters(heavyHitterCapacity, hllPrecision, admission);
        assembler = new TrafficWindowAssembler(1, heavyHitterCapacity);
        // Nothing to do at the end of a batch: each record is counted when published, and tick() swaps.
        publisher = new DirectCountingPublisher(banks, () -> {});
    }

    /** The same publisher every time: there is one counting thread. */
    @Override
    public RecordPublisher newPublisher()
    {
        return publisher;
    }

    @Override
    public boolean tick(final long second, final TrafficWindow into)
    {
        final TrafficCounters retired = banks.swap();
        assembler.begin(into, second);
        assembler.add(into, retired);
        assembler.finish(into, 0);
        return true;
    }

    @Override
    public TrafficWindow newWindow()
    {
        return new TrafficWindow(heavyHitterCapacity, hllPrecision);
    }

    @Override
    public long backPressureDrops()
    {
        return 0;
    }

    @Override
    public int workerCount()
    {
        return 1;
    }

    @Override
    public void start()
    {
    }

    @Override
    public void close()
    {
    }
}
