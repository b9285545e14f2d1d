package com.flowtriq.ftagent.detect;

/**
 * What normal traffic looks like: the per-second PPS and BPS of the last {@code capacity} <em>learned</em> seconds
 * ({@code baseline_window_minutes x 60}), with their average and p99.
 *
 * <h2>Learning</h2>
 * The detector calls {@link #record(long, long, boolean)} once per tick and says whether the second was an attack
 * second (above threshold, or inside an incident). Only non-attack seconds are learned, so an attack does not teach
 * the baseline that attacks are normal, while a legitimate slow rise in traffic, which never crosses the threshold,
 * keeps being learned and carries the threshold up with it.
 *
 * <h2>Memory and cost</h2>
 * Two fixed rings of samples (PPS, BPS) plus one {@link SlidingLogHistogram} per dimension, updated incrementally:
 * the new sample is added, the evicted one removed. The average comes from running sums; p99 is read from the
 * histogram (never below the exact nearest-rank p99, at most 0.79 % above it). Nothing is sorted and nothing is
 * allocated per tick. For the default 60-minute window: 4 rings of 3,600 longs plus 2 histograms of 7,296 ints,
 * about 175 KB.
 *
 * <h2>Warm-up</h2>
 * Until a tenth of the window has been learned, {@link #isWarmingUp()} is true and {@link ThresholdPolicy} applies
 * only the floors (and fixed overrides).
 *
 * <h2>Level changes: a step longer than the window</h2>
 * If traffic steps up to a new level above the threshold and stays there, every second is an attack second, nothing
 * is learned, and without a rule the incident would never end. The rule: attack seconds are also kept in a second
 * ring of the same capacity (the <em>sustained</em> ring), which is emptied by any non-attack second. When it
 * holds a whole window, that is {@code baseline_window_minutes} of uninterrupted attack seconds, the baseline
 * adopts the sustained samples as its new contents ({@link #adaptations()} counts it) and
 * {@link #record(long, long, boolean)} returns true. The detector then ends the open incident with reason
 * {@code baseline_adapted}: in dynamic mode the new threshold is p99 of the new level times the multiplier, so the
 * same traffic no longer opens an incident. In other words, in dynamic mode no incident lasts longer than the
 * baseline window; a flood that truly lasts longer is reported as an incident of that length, and then becomes the
 * reference (a documented trade-off of any self-learning threshold; fixed thresholds do not adapt).
 * <p>
 * Single-threaded: owned by the detection thread. {@link BaselineFile} reads and restores it on that thread.
 */
public final class Baseline
{
    /** The quantile the dynamic threshold is based on. */
    public static final double THRESHOLD_QUANTILE = 0.99;

    private final int capacity;
    private final int warmUpSamples;

    private final long[] ppsRing;
    private final long[] bpsRing;
    private int head;
    private int count;
    private long ppsSum;
    private long bpsSum;
    private final SlidingLogHistogram ppsHistogram = new SlidingLogHistogram();
    private final SlidingLogHistogram bpsHistogram = new SlidingLogHistogram();

    private final long[] sustainedPpsRing;
    private final long[] sustainedBpsRing;
    private int sustainedHead;
    private int sustainedCount;

    private long learnedSeconds;
    private long excludedSeconds;
    private long adaptations;

    /**
     * @param capacity the window in seconds (one sample per second); at least 1.
     */
    public Baseline(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity=" + capacity + ": expected >= 1");
        }

        this.capacity = capacity;
        this.warmUpSamples = Math.max(1, capacity / 10);
        this.ppsRing = new long[capacity];
        this.bpsRing = new long[capacity];
        this.sustainedPpsRing = new long[capacity];
        this.sustainedBpsRing = new long[capacity];
    }

    /**
     * Records one second of traffic. Called once per tick.
     *
     * @param pps          packets in that second (negative values count as 0).
     * @param bps          bits in that second (negative values count as 0).
     * @param attackSecond true if the second was above threshold or inside an incident: it is then not learned.
     * @return true if this second completed a window of uninterrupted attack seconds and the baseline adopted them
     * (see the class comment); the caller should then end the open incident.
     */
    public boolean record(final long pps, final long bps, final boolean attackSecond)
    {
        final long p = Math.max(0, pps);
        final long b = Math.max(0, bps);

        if (!attackSecond)
        {
            sustainedCount = 0;
            learn(p, b);
            learnedSeconds++;
            return false;
        }

        excludedSeconds++;
        sustainedPpsRing[sustainedHead] = p;
        sustainedBpsRing[sustainedHead] = b;
        sustainedHead = sustainedHead + 1 == capacity ? 0 : sustainedHead + 1;
        sustainedCount++;
        if (sustainedCount < capacity)
        {
            return false;
        }

        adoptSustained();
        return true;
    }

    private void adoptSustained()
    {
        clear();
        // The sustained ring is full, so its oldest sample is at its head.
        int index = sustainedHead;
        for (int i = 0; i < capacity; i++)
        {
            learn(sustainedPpsRing[index], sustainedBpsRing[index]);
            index = index + 1 == capacity ? 0 : index + 1;
        }
        sustainedCount = 0;
        adaptations++;
    }

    /** Appends a sample as learned, evicting the oldest when full. Also used when restoring from a file. */
    void learn(final long pps, final long bps)
    {
        if (count == capacity)
        {
            final long oldPps = ppsRing[head];
            final long oldBps = bpsRing[head];
            ppsHistogram.remove(oldPps);
            bpsHistogram.remove(oldBps);
            ppsSum -= oldPps;
            bpsSum -= oldBps;
        }
        else
        {
            count++;
        }

        ppsRing[head] = pps;
        bpsRing[head] = bps;
        ppsHistogram.add(pps);
        bpsHistogram.add(bps);
        ppsSum += pps;
        bpsSum += bps;
        head = head + 1 == capacity ? 0 : head + 1;
    }

    /** Forgets everything learned (not the lifetime counters). */
    public void clear()
    {
        head = 0;
        count = 0;
        ppsSum = 0;
        bpsSum = 0;
        ppsHistogram.clear();
        bpsHistogram.clear();
        sustainedHead = 0;
        sustainedCount = 0;
    }

    /** The window in seconds: the most samples kept. */
    public int capacity()
    {
        return capacity;
    }

    /** Samples currently learned, at most {@link #capacity()}. */
    public int sampleCount()
    {
        return count;
    }

    /**
     * The {@code i}-th learned PPS sample, oldest first ({@code 0 <= i < sampleCount()}). For persistence.
     */
    public long samplePps(final int i)
    {
        return ppsRing[ringIndex(i)];
    }

    /** The {@code i}-th learned BPS sample, oldest first. For persistence. */
    public long sampleBps(final int i)
    {
        return bpsRing[ringIndex(i)];
    }

    private int ringIndex(final int i)
    {
        if (i < 0 || i >= count)
        {
            throw new IndexOutOfBoundsException("sample " + i + " of " + count);
        }

        final int oldest = count == capacity ? head : 0;
        final int index = oldest + i;
        return index >= capacity ? index - capacity : index;
    }

    /** True until a tenth of the window has been learned; only floors apply meanwhile. */
    public boolean isWarmingUp()
    {
        return count < warmUpSamples;
    }

    /** Learned samples as a fraction of the window, 0..1. */
    public double fillFraction()
    {
        return (double)count / capacity;
    }

    /** Mean learned PPS, rounded down; 0 when empty. */
    public long averagePps()
    {
        return count == 0 ? 0 : ppsSum / count;
    }

    /** Mean learned BPS, rounded down; 0 when empty. */
    public long averageBps()
    {
        return count == 0 ? 0 : bpsSum / count;
    }

    /** p99 of learned PPS (see the class comment for the error bound); 0 when empty. */
    public long p99Pps()
    {
        return ppsHistogram.valueAtQuantile(THRESHOLD_QUANTILE);
    }

    /** p99 of learned BPS; 0 when empty. */
    public long p99Bps()
    {
        return bpsHistogram.valueAtQuantile(THRESHOLD_QUANTILE);
    }

    /** Any quantile of learned PPS, for status output. */
    public long ppsAtQuantile(final double quantile)
    {
        return ppsHistogram.valueAtQuantile(quantile);
    }

    /** Any quantile of learned BPS, for status output. */
    public long bpsAtQuantile(final double quantile)
    {
        return bpsHistogram.valueAtQuantile(quantile);
    }

    /** Seconds learned since construction. */
    public long learnedSeconds()
    {
        return learnedSeconds;
    }

    /** Attack seconds seen (and not learned) since construction. */
    public long excludedSeconds()
    {
        return excludedSeconds;
    }

    /** Consecutive attack seconds so far; the baseline adapts when this reaches {@link #capacity()}. */
    public int sustainedAttackSeconds()
    {
        return sustainedCount;
    }

    /** Times the baseline adopted a sustained level (see the class comment). */
    public long adaptations()
    {
        return adaptations;
    }
}
