package com.flowtriq.ftagent.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlidingLogHistogramTest
{
    @Test
    void shouldReportExactValuesBelow256()
    {
        final SlidingLogHistogram histogram = new SlidingLogHistogram();
        for (int v = 1; v <= 100; v++)
        {
            histogram.add(v);
        }

        assertEquals(99, histogram.valueAtQuantile(0.99));
        assertEquals(50, histogram.valueAtQuantile(0.5));
        assertEquals(100, histogram.valueAtQuantile(1.0));
        assertEquals(1, histogram.valueAtQuantile(0.0));
    }

    @Test
    void shouldStayWithinItsErrorBoundOfTheExactQuantileOverASlidingWindow()
    {
        final Random random = new Random(42);
        final SlidingLogHistogram histogram = new SlidingLogHistogram();
        final ArrayDeque<Long> window = new ArrayDeque<>();
        final int capacity = 600;
        for (int i = 0; i < 5_000; i++)
        {
            final long value = (long)Math.exp(random.nextDouble() * 30);
            window.addLast(value);
            histogram.add(value);
            if (window.size() > capacity)
            {
                histogram.remove(window.removeFirst());
            }

            if (i % 97 == 0)
            {
                final long[] sorted = window.stream().mapToLong(Long::longValue).sorted().toArray();
                final long exact = sorted[(int)Math.ceil(0.99 * sorted.length) - 1];
                final long reported = histogram.valueAtQuantile(0.99);
                assertTrue(reported >= exact, () -> reported + " < " + exact);
                assertTrue(reported <= exact + exact / 128 + 1, () -> reported + " too far above " + exact);
            }
        }
        assertEquals(capacity, histogram.totalCount());
    }

    @Test
    void shouldIgnoreRemovalOfAValueNeverAdded()
    {
        final SlidingLogHistogram histogram = new SlidingLogHistogram();
        histogram.add(1000);
        histogram.remove(5);

        assertEquals(1, histogram.totalCount());
        assertTrue(histogram.valueAtQuantile(0.5) >= 1000);
    }

    @Test
    void shouldCoverTheWholeLongRange()
    {
        final SlidingLogHistogram histogram = new SlidingLogHistogram();
        histogram.add(Long.MAX_VALUE);
        histogram.add(0);

        assertEquals(Long.MAX_VALUE, histogram.valueAtQuantile(1.0));
        assertEquals(0, histogram.valueAtQuantile(0.5));
        assertEquals(0, new SlidingLogHistogram().valueAtQuantile(0.99));
        assertTrue(Arrays.stream(new long[] {300, 4096, 1L << 40}).allMatch(v ->
            SlidingLogHistogram.bucketLowerBound(SlidingLogHistogram.bucketIndex(v)) <= v &&
            SlidingLogHistogram.bucketUpperBound(SlidingLogHistogram.bucketIndex(v)) >= v));
    }
}
