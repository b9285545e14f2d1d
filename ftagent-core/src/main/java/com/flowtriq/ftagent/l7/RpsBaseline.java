package com.flowtriq.ftagent.l7;

import java.util.Arrays;

/**
 * Rolling baseline of requests per second: the last N one-second samples in a ring, and their percentile. Seconds
 * inside an incident are not added, so an attack does not teach the baseline that it is normal.
 * <p>
 * A sorted copy of the ring is kept up to date on each add (one binary search and one array shift out, the same in),
 * so the percentile is a single read and nothing is sorted or allocated per second.
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
        if (count == samples.length)
        {
            final long oldest = samples[next];
            final int at = Arrays.binarySearch(sorted, 0, count, oldest);
            System.arraycopy(sorted, at + 1, sorted, at, count - at - 1);
            count--;
        }
        int insertAt = Arrays.binarySearch(sorted, 0, count, requestsPerSecond);
        if (insertAt < 0)
        {
            insertAt = -insertAt - 1;
        }
        System.arraycopy(sorted, insertAt, sorted, insertAt + 1, count - insertAt);
        sorted[insertAt] = requestsPerSecond;
        count++;
        samples[next] = requestsPerSecond;
        next = next + 1 == samples.length ? 0 : next + 1;
    }

    /** The configured percentile (nearest rank) of the samples, 0 when there are none. */
    public long percentileRps()
    {
        if (count == 0)
        {
            return 0;
        }
        final int rank = (int)Math.ceil(percentile / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))];
    }

    /** Samples held. */
    public int count()
    {
        return count;
    }
}
