package com.flowtriq.ftagent.count;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HyperLogLogTest
{
    @Test
    void shouldEstimateOneMillionDistinctSourcesWithinThreeStandardErrorsAtDefaultPrecision()
    {
        assertWithinStatedError(HyperLogLog.DEFAULT_PRECISION, 1_000_000);
    }

    @Test
    void shouldEstimateOneMillionDistinctSourcesWithinThreeStandardErrorsAtPrecision14()
    {
        assertWithinStatedError(14, 1_000_000);
    }

    @Test
    void shouldNotCountRepeatsOfTheSameSource()
    {
        final HyperLogLog hll = new HyperLogLog(HyperLogLog.DEFAULT_PRECISION);
        for (int repeat = 0; repeat < 50; repeat++)
        {
            for (long src = 0; src < 1_000; src++)
            {
                hll.offer(0x0A00_0000L + src);
            }
        }

        assertEquals(1_000, hll.estimate(), 1_000 * 3 * hll.standardError());
    }

    @Test
    void shouldMergeToExactlyTheSketchOfTheUnion()
    {
        final HyperLogLog whole = new HyperLogLog(12);
        final HyperLogLog even = new HyperLogLog(12);
        final HyperLogLog odd = new HyperLogLog(12);
        for (long src = 0; src < 200_000; src++)
        {
            whole.offer(src);
            ((src & 1) == 0 ? even : odd).offer(src);
        }
        even.merge(odd);

        assertTrue(whole.sameRegisters(even));
        assertEquals(whole.estimate(), even.estimate());
    }

    @Test
    void shouldEstimateZeroWhenEmptyAndAfterClear()
    {
        final HyperLogLog hll = new HyperLogLog(12);
        assertEquals(0.0, hll.estimate());
        hll.offer(1);
        assertTrue(hll.estimate() > 0.5);
        hll.clear();
        assertEquals(0.0, hll.estimate());
    }

    @Test
    void shouldRejectMergeOfDifferentPrecision()
    {
        assertThrows(IllegalArgumentException.class, () -> new HyperLogLog(12).merge(new HyperLogLog(14)));
        assertThrows(IllegalArgumentException.class, () -> new HyperLogLog(3));
    }

    private static void assertWithinStatedError(final int precision, final int distinct)
    {
        final HyperLogLog hll = new HyperLogLog(precision);
        // Sequential IPv4 sources from 11.0.0.0: the worst case for a weak hash (low entropy, adjacent keys).
        for (long src = 0; src < distinct; src++)
        {
            hll.offer(0x0B00_0000L + src);
        }

        final double relativeError = Math.abs(hll.estimate() - distinct) / distinct;
        assertTrue(relativeError <= 3 * hll.standardError(),
            "p=" + precision + " estimate " + hll.estimate() + " error " + relativeError + " > 3 x " +
            hll.standardError());
    }
}
