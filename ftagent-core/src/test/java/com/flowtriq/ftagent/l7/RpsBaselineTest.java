package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RpsBaselineTest
{
    @Test
    void shouldMatchNearestRankPercentileOfLastSamplesComputedBySorting()
    {
        final int window = 300;
        final RpsBaseline baseline = new RpsBaseline(window, 95);
        final long[] history = new long[5000];
        final Random random = new Random(9);
        for (int i = 0; i < history.length; i++)
        {
            // Repeated values and runs, as real per-second counts have.
            history[i] = random.nextInt(4) == 0 ? 100 : random.nextInt(200);
            baseline.add(history[i]);
            final int from = Math.max(0, i + 1 - window);
            final long[] last = Arrays.copyOfRange(history, from, i + 1);
            Arrays.sort(last);
            final int rank = (int)Math.ceil(0.95 * last.length) - 1;
            assertEquals(last[rank], baseline.percentileRps(), "after sample " + i);
            assertEquals(last.length, baseline.count());
        }
    }

    @Test
    void shouldReportZeroWithoutSamples()
    {
        assertEquals(0, new RpsBaseline(10, 95).percentileRps());
    }
}
