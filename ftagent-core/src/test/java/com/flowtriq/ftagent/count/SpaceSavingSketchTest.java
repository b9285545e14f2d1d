package com.flowtriq.ftagent.count;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV4;
import static org.junit.jupiter.api.Assertions.*;

class SpaceSavingSketchTest
{
    private static final long SEED = 0x5EED_0003L;

    @Test
    void shouldCountExactlyWhileKeysFit()
    {
        final SpaceSavingSketch sketch = new SpaceSavingSketch(4);
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
        assertEquals(0, sketch.minPackets());
        final int entry = SkewedKeys.entryOf(sketch, 8);
        assertEquals(2, sketch.packets(entry));
        assertEquals(100, sketch.bytes(entry));
        assertEquals(0, sketch.error(entry));
    }

    @Test
    void shouldEvictTheSmallestAndRecordInheritedCountAsError()
    {
        final SpaceSavingSketch sketch = new SpaceSavingSketch(2);
        sketch.offer(1, 10);
        sketch.offer(1, 10);
        sketch.offer(1, 10);
        sketch.offer(2, 10);
        sketch.offer(3, 20);

        assertEquals(1, sketch.evictions());
        assertEquals(-1, SkewedKeys.entryOf(sketch, 2));
        final int entry = SkewedKeys.entryOf(sketch, 3);
        assertEquals(2, sketch.packets(entry));
        assertEquals(1, sketch.error(entry));
        assertEquals(20, sketch.bytes(entry));
        assertEquals(3, sketch.packets(SkewedKeys.entryOf(sketch, 1)));
    }

    @Test
    void shouldCountKeyZeroLikeAnyOtherKeyAndKeepUnmonitoredPacketsOutOfEveryEntry()
    {
        // Key 0 (source 0.0.0.0) is a real key, not "empty"; misses of a full sketch must not leak into an entry.
        // Capacity 3: the two heavy keys and one entry that the one-packet keys take from each other.
        final SpaceSavingSketch sketch = new SpaceSavingSketch(3, SpaceSavingSketch.Admission.RANDOMIZED);
        for (int i = 0; i < 1_000; i++)
        {
            sketch.offer(0, 10);
            sketch.offer(5, 20);
        }
        for (long key = 100; key < 200; key++)
        {
            sketch.offer(key, 30);
        }

        final int zero = SkewedKeys.entryOf(sketch, 0);
        final int five = SkewedKeys.entryOf(sketch, 5);
        assertTrue(zero >= 0 && five >= 0, "both heavy keys stay monitored");
        assertEquals(1_000, sketch.packets(zero));
        assertEquals(10_000, sketch.bytes(zero));
        assertEquals(1_000, sketch.packets(five));
        assertEquals(20_000, sketch.bytes(five));
        assertEquals(2_100, sketch.offered());
        final int churn = 3 - zero - five;
        assertTrue(sketch.key(churn) >= 100 && sketch.key(churn) < 200);
        assertEquals(1, sketch.packets(churn) - sketch.error(churn), "a one-packet key's lower bound");
        assertEquals(30, sketch.bytes(churn));
    }

    @Test
    void shouldKeepBoundsAndIndexConsistentUnderHeavyChurn()
    {
        final Random random = new Random(SEED);
        final SpaceSavingSketch sketch = new SpaceSavingSketch(5);
        final Map<Long, Long> truth = new HashMap<>();
        for (int i = 0; i < 200_000; i++)
        {
            // Keys collide in the small index on purpose: many share low bits.
            final long key = random.nextInt(64) * 1024L;
            sketch.offer(key, 1);
            truth.merge(key, 1L, Long::sum);

            if ((i & 1023) == 0)
            {
                assertConsistent(sketch, truth);
            }
        }
        assertConsistent(sketch, truth);
        assertTrue(sketch.evictions() > 0);
    }

    @Test
    void shouldFindEveryMonitoredKeyWhileEvictionsReshapeOneLongProbeRun()
    {
        // Twelve keys with the same home slot and six with a neighbouring one (home ^ 1, inside the index whatever
        // home is): runs of up to 14 slots, so evictions delete from the middle of a run and shift the rest back.
        final SpaceSavingSketch sketch = new SpaceSavingSketch(8);
        final long[] keys = new long[18];
        final int home = sketch.homeSlot(1);
        int found = 0;
        for (long key = 1; found < keys.length; key++)
        {
            final int slot = sketch.homeSlot(key);
            if ((found < 12 && slot == home) || (found >= 12 && slot == (home ^ 1)))
            {
                keys[found++] = key;
            }
        }

        final Random random = new Random(SEED);
        final Map<Long, Long> truth = new HashMap<>();
        for (int i = 0; i < 20_000; i++)
        {
            final long key = keys[random.nextInt(keys.length)];
            sketch.offer(key, 1);
            truth.merge(key, 1L, Long::sum);
            if ((i & 63) == 0)
            {
                assertConsistent(sketch, truth);
            }
        }
        assertConsistent(sketch, truth);
        assertTrue(sketch.evictions() > 1_000, "evictions " + sketch.evictions());
    }

    @Test
    void shouldFindTheTrueTopSourcesOfASkewedStream()
    {
        // 8 heavy sources with 30 000 down to 16 000 packets, hidden in 100 000 packets from 25 000 others,
        // shuffled. Each heavy count exceeds N / K (284 000 / 32 = 8 875), so Space-Saving must keep them.
        final RecordStream stream = new RecordStream();
        final long[] order = skewedSourceOrder();
        for (final long src : order)
        {
            stream.add(1, FAMILY_IPV4, src, 0xC612_0001, RecordStream.UDP, 53, 40_000, 0, 512, 57);
        }

        final TrafficCounters counters = new TrafficCounters();
        stream.countInto(counters);
        final SpaceSavingSketch sketch = counters.sources();
        assertEquals(SpaceSavingSketch.DEFAULT_CAPACITY, sketch.capacity());
        assertEquals(order.length, sketch.offered());

        final SingleThreadedCountingStage stage = new SingleThreadedCountingStage();
        final TrafficWindow window = stage.newWindow();
        stream.publishTo(stage.newPublisher());
        stage.tick(1, window);

        final HeavyHitterList top = window.topSources();
        assertEquals(32, top.capacity());
        final Set<Long> topEight = new HashSet<>();
        for (int rank = 0; rank < 8; rank++)
        {
            topEight.add(top.key(rank));
            final int heavy = (int)(top.key(rank) - SkewedKeys.HEAVY_BASE);
            final long trueCount = 30_000 - 2_000L * heavy;
            // The stage counts with randomized admission: only the lower bound is guaranteed, and a heavy key is
            // admitted after a few packets, so it is close to the true count.
            final long lowerBound = top.packets(rank) - top.error(rank);
            assertTrue(lowerBound <= trueCount && lowerBound >= trueCount * 9 / 10, "bounds of rank " + rank);
            assertEquals(512L * lowerBound, top.bytes(rank), "bytes of rank " + rank);
        }
        final Set<Long> expected = new HashSet<>();
        for (int heavy = 0; heavy < 8; heavy++)
        {
            expected.add(SkewedKeys.HEAVY_BASE + heavy);
        }
        assertEquals(expected, topEight);
        assertEquals(SkewedKeys.HEAVY_BASE, top.key(0));
        assertTrue(window.sourceEntropy() > 0.3 && window.sourceEntropy() < 0.95, "entropy " + window.sourceEntropy());
    }

    @Test
    void shouldHonourAConfiguredK()
    {
        // K = 8: 4 heavy sources with 20 000 down to 11 000 packets in 72 000 (N / K = 9 000).
        final RecordStream stream = new RecordStream();
        for (final long src : skewedSourceOrder(4, 20_000, 3_000, 10_000, 5_000))
        {
            stream.add(1, FAMILY_IPV4, src, 0xC612_0001, RecordStream.UDP, 53, 40_000, 0, 512, 57);
        }
        final SingleThreadedCountingStage stage = new SingleThreadedCountingStage(8, HyperLogLog.DEFAULT_PRECISION);
        final TrafficWindow window = stage.newWindow();
        stream.publishTo(stage.newPublisher());
        stage.tick(1, window);

        final HeavyHitterList top = window.topSources();
        assertEquals(8, top.capacity());
        assertEquals(8, top.size());
        final Set<Long> topFour = new HashSet<>();
        for (int rank = 0; rank < 4; rank++)
        {
            topFour.add(top.key(rank));
            final long trueCount = 20_000 - 3_000L * (top.key(rank) - SkewedKeys.HEAVY_BASE);
            final long lowerBound = top.packets(rank) - top.error(rank);
            assertTrue(lowerBound <= trueCount && lowerBound >= trueCount * 9 / 10, "bounds of rank " + rank);
        }
        assertEquals(Set.of(SkewedKeys.HEAVY_BASE, SkewedKeys.HEAVY_BASE + 1, SkewedKeys.HEAVY_BASE + 2, SkewedKeys.HEAVY_BASE + 3), topFour);
        assertEquals(32, new SingleThreadedCountingStage().newWindow().topSources().capacity());
    }

    @Test
    void shouldRejectAnUnusableCapacity()
    {
        assertThrows(IllegalArgumentException.class, () -> new SpaceSavingSketch(0));
    }

    private static long[] skewedSourceOrder()
    {
        return skewedSourceOrder(8, 30_000, 2_000, 100_000, 25_000);
    }

    private static long[] skewedSourceOrder(
        final int heavies, final int first, final int step, final int background, final int backgroundSources)
    {
        return SkewedKeys.order(heavies, first, step, background, backgroundSources, SEED);
    }

    private static void assertConsistent(final SpaceSavingSketch sketch, final Map<Long, Long> truth)
    {
        final Set<Long> seen = new HashSet<>();
        long sum = 0;
        for (int i = 0; i < sketch.size(); i++)
        {
            final long key = sketch.key(i);
            assertTrue(seen.add(key), "duplicate key " + key);
            final long trueCount = truth.get(key);
            assertTrue(sketch.packets(i) >= trueCount, "overestimate bound");
            assertTrue(sketch.packets(i) - sketch.error(i) <= trueCount, "guaranteed bound");
            sum += sketch.packets(i);
        }
        assertEquals(sketch.offered(), sum);
        long smallest = Long.MAX_VALUE;
        for (int i = 0; i < sketch.size(); i++)
        {
            smallest = Math.min(smallest, sketch.packets(i));
        }
        assertEquals(sketch.size() == sketch.capacity() ? smallest : 0, sketch.minPackets(), "heap root is the minimum");
        // Offering a monitored key again must find it (the index is intact), so it gains exactly one packet.
        for (int i = 0; i < sketch.size(); i++)
        {
            final long key = sketch.key(i);
            final long before = sketch.packets(i);
            final long evictions = sketch.evictions();
            sketch.offer(key, 0);
            truth.merge(key, 1L, Long::sum);
            assertEquals(evictions, sketch.evictions(), "a monitored key was not found in the index");
            assertEquals(before + 1, sketch.packets(SkewedKeys.entryOf(sketch, key)));
        }
    }
}
