package com.flowtriq.ftagent.count;

import com.flowtriq.ftagent.count.SpaceSavingSketch.Admission;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link SpaceSavingSketch} with {@link Admission#RANDOMIZED} (RAP): the guaranteed lower bound holds for every
 * entry, the true heavy hitters of a skewed stream are kept, a spoofed flood leaves only tiny lower bounds, and
 * misses evict far less often than exact Space-Saving. The exact mode's own tests are in
 * {@link SpaceSavingSketchTest}.
 */
class RandomizedAdmissionSketchTest
{
    private static final long SEED = 0x5EED_0007L;
    private static final int CAPACITY = SpaceSavingSketch.DEFAULT_CAPACITY;

    @Test
    void shouldCountExactlyWhileKeysFit()
    {
        final SpaceSavingSketch sketch = new SpaceSavingSketch(4, Admission.RANDOMIZED);
        assertEquals(Admission.RANDOMIZED, sketch.admission());
        for (int i = 0; i < 10; i++)
        {
            sketch.offer(7, 100);
        }
        sketch.offer(8, 60);
        sketch.offer(9, 60);
        sketch.offer(8, 40);

        assertEquals(3, sketch.size());
        assertEquals(13, sketch.offered());
        assertEquals(0, sketch.evictions());
        final int entry = SkewedKeys.entryOf(sketch, 8);
        assertEquals(2, sketch.packets(entry));
        assertEquals(100, sketch.bytes(entry));
        assertEquals(0, sketch.error(entry));
    }

    @Test
    void shouldKeepTheLowerBoundForEveryEntryUnderHeavyChurn()
    {
        final Random random = new Random(SEED);
        final SpaceSavingSketch sketch = new SpaceSavingSketch(5, Admission.RANDOMIZED);
        final Map<Long, Long> truth = new HashMap<>();
        for (int i = 0; i < 200_000; i++)
        {
            // Keys collide in the small index on purpose (many share low bits), so deletions shift probe runs.
            final long key = random.nextInt(64) * 1024L;
            sketch.offer(key, 1);
            truth.merge(key, 1L, Long::sum);
            if ((i & 1023) == 0)
            {
                assertLowerBoundsAndIndex(sketch, truth);
            }
        }
        assertLowerBoundsAndIndex(sketch, truth);
        assertTrue(sketch.evictions() > 0, "some keys were admitted over others");
    }

    @Test
    void shouldFindTheTrueHeavyHittersOfASkewedStream()
    {
        // 8 heavy keys with 30 000 down to 16 000 packets among 100 000 packets of 25 000 others, shuffled.
        final long[] order = skewedOrder(8, 30_000, 2_000, 100_000, 25_000);
        final SpaceSavingSketch sketch = new SpaceSavingSketch(CAPACITY, Admission.RANDOMIZED);
        final Map<Long, Long> truth = new HashMap<>();
        for (final long key : order)
        {
            sketch.offer(key, 512);
            truth.merge(key, 1L, Long::sum);
        }

        assertEquals(order.length, sketch.offered());
        assertLowerBoundsAndIndex(sketch, truth);
        // The eight largest lower bounds are the eight heavy keys, each known to within a few percent.
        final Set<Long> topEight = new HashSet<>();
        final boolean[] taken = new boolean[sketch.size()];
        for (int rank = 0; rank < 8; rank++)
        {
            int best = -1;
            for (int entry = 0; entry < sketch.size(); entry++)
            {
                if (!taken[entry] && (best < 0 || lowerBound(sketch, entry) > lowerBound(sketch, best)))
                {
                    best = entry;
                }
            }
            taken[best] = true;
            final long key = sketch.key(best);
            topEight.add(key);
            final long trueCount = truth.get(key);
            assertTrue(lowerBound(sketch, best) >= trueCount * 9 / 10,
                "lower bound " + lowerBound(sketch, best) + " of " + key + " far below its " + trueCount);
        }
        final Set<Long> expected = new HashSet<>();
        for (int heavy = 0; heavy < 8; heavy++)
        {
            expected.add(SkewedKeys.HEAVY_BASE + heavy);
        }
        assertEquals(expected, topEight);
    }

    @Test
    void shouldGiveSpoofedSourcesOfAFloodOnlyTinyLowerBounds()
    {
        // A million one-packet sources: every lower bound must stay at 1, whatever count an entry inherited.
        final SpaceSavingSketch sketch = new SpaceSavingSketch(CAPACITY, Admission.RANDOMIZED);
        final Random random = new Random(SEED);
        final Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++)
        {
            long key;
            do
            {
                key = random.nextInt() & 0xFFFF_FFFFL;
            }
            while (!seen.add(key));
            sketch.offer(key, 64);
        }

        assertEquals(CAPACITY, sketch.size());
        for (int entry = 0; entry < sketch.size(); entry++)
        {
            assertEquals(1, lowerBound(sketch, entry), "lower bound of a one-packet source");
            assertEquals(64, sketch.bytes(entry), "bytes seen while monitored");
        }
        // Exact Space-Saving evicts on every one of the (1 000 000 - K) misses; RAP admits about K ln(N / K) times.
        assertTrue(sketch.evictions() < 10_000, "evictions " + sketch.evictions());
    }

    @Test
    void shouldKeepAHeavySourceHiddenInASpoofedFlood()
    {
        // One real attacker at 5 % of a flood of one-packet spoofed sources.
        final SpaceSavingSketch sketch = new SpaceSavingSketch(CAPACITY, Admission.RANDOMIZED);
        final Random random = new Random(SEED);
        long attacker = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            if (random.nextInt(20) == 0)
            {
                sketch.offer(SkewedKeys.HEAVY_BASE, 64);
                attacker++;
            }
            else
            {
                sketch.offer(0x4000_0000_0000L + i, 64);
            }
        }

        final int entry = SkewedKeys.entryOf(sketch, SkewedKeys.HEAVY_BASE);
        assertTrue(entry >= 0, "the attacker is monitored");
        assertTrue(lowerBound(sketch, entry) <= attacker);
        assertTrue(lowerBound(sketch, entry) >= attacker * 9 / 10, "lower bound " + lowerBound(sketch, entry) +
            " of " + attacker);
        for (int other = 0; other < sketch.size(); other++)
        {
            if (other != entry)
            {
                assertEquals(1, lowerBound(sketch, other), "a spoofed source's lower bound");
            }
        }
    }

    @Test
    void shouldCountThroughTrafficCountersWithRandomizedAdmissionByDefault()
    {
        final TrafficCounters counters = new TrafficCounters();
        assertEquals(Admission.RANDOMIZED, counters.sources().admission());
        assertEquals(Admission.RANDOMIZED, counters.srcPorts().admission());
        final TrafficCounters exact = new TrafficCounters(8, HyperLogLog.DEFAULT_PRECISION, Admission.ALWAYS);
        assertEquals(Admission.ALWAYS, exact.destinations().admission());
        assertEquals(Admission.ALWAYS, exact.dstPorts().admission());
    }

    private static long lowerBound(final SpaceSavingSketch sketch, final int entry)
    {
        return sketch.packets(entry) - sketch.error(entry);
    }

    private static long[] skewedOrder(
        final int heavies, final int first, final int step, final int background, final int backgroundKeys)
    {
        return SkewedKeys.order(heavies, first, step, background, backgroundKeys, SEED);
    }

    private static void assertLowerBoundsAndIndex(final SpaceSavingSketch sketch, final Map<Long, Long> truth)
    {
        final Set<Long> seen = new HashSet<>();
        for (int i = 0; i < sketch.size(); i++)
        {
            final long key = sketch.key(i);
            assertTrue(seen.add(key), "duplicate key " + key);
            assertTrue(lowerBound(sketch, i) >= 1 && lowerBound(sketch, i) <= truth.get(key), "guaranteed bound");
        }
        // Offering a monitored key again must find it (the index is intact), so it gains exactly one packet.
        for (int i = 0; i < sketch.size(); i++)
        {
            final long key = sketch.key(i);
            final long before = sketch.packets(i);
            final long evictions = sketch.evictions();
            sketch.offer(key, 0);
            truth.merge(key, 1L, Long::sum);
            assertEquals(before + 1, sketch.packets(i), "monitored key found through the index");
            assertEquals(evictions, sketch.evictions());
        }
    }
}
