package com.flowtriq.ftagent.count;

/**
 * Two {@link TrafficCounters} banks of one counting worker: the writer counts into the {@link #active()} bank; at a
 * tick it calls {@link #swap()}, which retires the active bank and clears the other one before counting into it.
 *
 * <p>Threading: the writer (one counting worker, or the capture thread in single-threaded mode) calls
 * {@link #active()} and {@link #swap()}. The detector reads {@link #retired()} only after the writer has published
 * that it completed the swap (with release semantics, see {@link CountingWorker}), and must finish reading it before
 * it lets the writer swap again, because the next swap clears that bank.
 */
public final class DoubleBufferedCounters
{
    private final TrafficCounters[] banks = new TrafficCounters[2];
    private int activeIndex;
    private long swaps;

    public DoubleBufferedCounters(final int heavyHitterCapacity, final int hllPrecision)
    {
        this(heavyHitterCapacity, hllPrecision, SpaceSavingSketch.Admission.RANDOMIZED);
    }

    public DoubleBufferedCounters(
        final int heavyHitterCapacity, final int hllPrecision, final SpaceSavingSketch.Admission admission)
    {
        banks[0] = new TrafficCounters(heavyHitterCapacity, hllPrecision, admission);
        banks[1] = new TrafficCounters(heavyHitterCapacity, hllPrecision, admission);
    }

    /** The bank being counted into. Writer only. */
    public TrafficCounters active()
    {
        return banks[activeIndex];
    }

    /** The bank retired by the last swap. Reader, after the swap is published. */
    public TrafficCounters retired()
    {
        return banks[activeIndex ^ 1];
    }

    /** Retires the active bank and clears the other one, which becomes active. Writer only. */
    public TrafficCounters swap()
    {
        final int next = activeIndex ^ 1;
        banks[next].clear();
        activeIndex = next;
        swaps++;
        return banks[next ^ 1];
    }

    /** Number of swaps so far. */
    public long swaps()
    {
        return swaps;
    }
}
