package com.flowtriq.ftagent.detect;

import java.util.Arrays;

/**
 * A histogram of non-negative long values that supports removal as well as insertion, so that it can mirror the
 * contents of a sliding window (insert the new sample, remove the evicted one) and answer percentiles without
 * sorting.
 * <p>
 * Buckets are log-linear: values below 256 each have their own bucket (exact); above that, each power of two
 * {@code [2^e, 2^(e+1))} is split into 128 equal buckets. A bucket is therefore never wider than 1/128 of its
 * lower bound, and {@link #valueAtQuantile(double)} reports the upper bound of the bucket holding the exact
 * nearest-rank quantile, so the reported value {@code r} and the exact value {@code x} satisfy
 * {@code x <= r < x * (1 + 1/128)}: never below, at most 0.79 % above. 7,296 buckets cover all of
 * {@code [0, Long.MAX_VALUE]}; a second level of 57 group counts lets a quantile query skip empty ranges, so a query
 * costs at most 57 + 128 steps.
 * <p>
 * Single-threaded; no allocation after construction.
 */
public final class SlidingLogHistogram
{
    /** log2 of the buckets per power of two. */
    static final int SUB_BUCKET_BITS = 7;
    static final int SUB_BUCKET_COUNT = 1 << SUB_BUCKET_BITS;
    static final int SUB_BUCKET_MASK = SUB_BUCKET_COUNT - 1;

    /** Highest exponent of a positive long is 62; group g holds bucket indexes [g * 128, g * 128 + 127]. */
    static final int GROUP_COUNT = 62 - SUB_BUCKET_BITS + 2;
    static final int BUCKET_COUNT = GROUP_COUNT * SUB_BUCKET_COUNT;

    private final int[] bucketCounts = new int[BUCKET_COUNT];
    private final int[] groupCounts = new int[GROUP_COUNT];
    private long totalCount;

    /** Bucket index of a value; negative values are treated as 0. */
    static int bucketIndex(final long value)
    {
        if (value < SUB_BUCKET_COUNT)
        {
            return value <= 0 ? 0 : (int)value;
        }

        final int exponent = 63 - Long.numberOfLeadingZeros(value);
        final int shift = exponent - SUB_BUCKET_BITS;
        final int top = (int)(value >>> shift);
        return (shift << SUB_BUCKET_BITS) + top;
    }

    /** The largest value that falls into a bucket. */
    static long bucketUpperBound(final int index)
    {
        if (index < 2 * SUB_BUCKET_COUNT)
        {
            return index;
        }

        final int shift = (index >>> SUB_BUCKET_BITS) - 1;
        final long top = (index & SUB_BUCKET_MASK) + SUB_BUCKET_COUNT;
        // For the last bucket (top + 1) << shift is 2^63, which wraps to Long.MIN_VALUE; minus one is Long.MAX_VALUE.
        return ((top + 1) << shift) - 1;
    }

    /** The smallest value that falls into a bucket. */
    static long bucketLowerBound(final int index)
    {
        if (index < 2 * SUB_BUCKET_COUNT)
        {
            return index;
        }

        final int shift = (index >>> SUB_BUCKET_BITS) - 1;
        final long top = (index & SUB_BUCKET_MASK) + SUB_BUCKET_COUNT;
        return top << shift;
    }

    public void add(final long value)
    {
        final int index = bucketIndex(value);
        bucketCounts[index]++;
        groupCounts[index >>> SUB_BUCKET_BITS]++;
        totalCount++;
    }

    /**
     * Removes one occurrence of a value that was added before. Removing a value that is not there is caller misuse;
     * it is ignored (counts never go negative).
     */
    public void remove(final long value)
    {
        final int index = bucketIndex(value);
        if (bucketCounts[index] > 0)
        {
            bucketCounts[index]--;
            groupCounts[index >>> SUB_BUCKET_BITS]--;
            totalCount--;
        }
    }

    public long totalCount()
    {
        return totalCount;
    }

    public void clear()
    {
        Arrays.fill(bucketCounts, 0);
        Arrays.fill(groupCounts, 0);
        totalCount = 0;
    }

    /**
     * The nearest-rank quantile: the value at rank {@code ceil(q * n)} of the sorted samples (rank 1 being the
     * smallest), reported as the upper bound of its bucket (see the class comment for the error bound).
     *
     * @param quantile in (0, 1]; values outside are clamped to the smallest or largest sample.
     * @return the quantile, or 0 when the histogram is empty.
     */
    public long valueAtQuantile(final double quantile)
    {
        final long n = totalCount;
        if (n == 0)
        {
            return 0;
        }

        long rank = (long)Math.ceil(quantile * n);
        if (rank < 1)
        {
            rank = 1;
        }
        else if (rank > n)
        {
            rank = n;
        }

        // Walking down from the top, the answer is the first bucket where the count of samples at or above it
        // reaches n - rank + 1. High quantiles are near the top, so this is short.
        final long needed = n - rank + 1;
        long atOrAbove = 0;
        int group = GROUP_COUNT - 1;
        while (group > 0 && atOrAbove + groupCounts[group] < needed)
        {
            atOrAbove += groupCounts[group];
            group--;
        }

        final int[] counts = bucketCounts;
        int index = (group << SUB_BUCKET_BITS) + SUB_BUCKET_MASK;
        final int groupStart = group << SUB_BUCKET_BITS;
        while (index > groupStart && atOrAbove + counts[index] < needed)
        {
            atOrAbove += counts[index];
            index--;
        }

        return bucketUpperBound(index);
    }
}
