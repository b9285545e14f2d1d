package com.flowtriq.ftagent.l7;

import java.util.Arrays;

/**
 * Rolling baseline of requests per second: the last N one-second samples in a ring, and their percentile. Seconds
 * inside an incident are not added, so an attack does not teach the baseline that it is normal.
 * <p>
 * Threading: single thread (the detector).
 */
public final class RpsBaseline
{
    private final long[] samples;
    private final long[] sorted;
    private final int percentile;
    private int count;
    private int next;
    private boolean dirty;
    private long cachedPercentile;

    /**
     * @param windowSeconds samples kept.
     * @param percentile    50-100.
     */
    public RpsBaseline(final int windowSeconds, final int percentile)
    {
        samples = new long[windowSeconds];
        sorted = new long[windowSeconds];
        this.percentile = percentile;
    }

    /** Adds one second's request count, replacing the oldest when full. */
    public void add(final long requestsPerSecond)
    {
        samples[next] = requestsPerSecond;
        next = next + 1 == samples.length ? 0 : next + 1;
        if (count < samples.length)
        {
            count++;
        }
        dirty = true;
    }

    /** The configured percentile of the samples, 0 when there are none. Sorts at most once per added sample. */
    public long percentileRps()
    {
        if (count == 0)
        {
            return 0;
        }
        if (dirty)
        {
            System.arraycopy(samples, 0, sorted, 0, count);
            Arrays.sort(sorted, 0, count);
            final int rank = (int)Math.ceil(percentile / 100.0 * count) - 1;
            cachedPercentile = sorted[Math.max(0, Math.min(count - 1, rank))];
            dirty = false;
        }
        return cachedPercentile;
    }

    /** Samples held. */
    public int count()
    {
        return count;
    }
}
