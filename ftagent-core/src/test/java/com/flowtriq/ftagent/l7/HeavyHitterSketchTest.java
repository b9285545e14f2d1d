package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class HeavyHitterSketchTest
{
    private static void offer(final HeavyHitterSketch sketch, final String text)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
        sketch.offer(ByteHash.hash(buffer, 0, text.length()), buffer, 0, text.length());
    }

    @Test
    void shouldKeepHeavyHittersAmongManyDistinctKeysWithBoundedError()
    {
        final HeavyHitterSketch sketch = new HeavyHitterSketch(32);
        final Random random = new Random(3);
        for (int i = 0; i < 100_000; i++)
        {
            if (i % 10 == 0)
            {
                offer(sketch, "/login");
            }
            else if (i % 20 == 1)
            {
                offer(sketch, "/xmlrpc.php");
            }
            else
            {
                offer(sketch, "/r/" + random.nextInt(1_000_000));
            }
        }
        final int[] top = new int[2];
        assertEquals(2, sketch.top(top));
        assertEquals("/login", sketch.label(top[0]));
        assertEquals("/xmlrpc.php", sketch.label(top[1]));
        // Space-Saving: true count <= estimate <= true count + error, error <= total / capacity.
        assertTrue(sketch.count(top[0]) - sketch.error(top[0]) <= 10_000 && sketch.count(top[0]) >= 10_000);
        assertTrue(sketch.error(top[0]) <= 100_000 / 32);
        assertEquals(100_000, sketch.total());
        assertEquals(32, sketch.size());
        assertTrue(sketch.evictions() > 0);
    }

    @Test
    void shouldFoldEntriesOfOneSketchIntoAnotherWithTheirCountsAndLabels()
    {
        final HeavyHitterSketch second = new HeavyHitterSketch(4);
        final HeavyHitterSketch interval = new HeavyHitterSketch(2);
        for (int i = 0; i < 5; i++)
        {
            offer(second, "/login");
        }
        offer(second, "/a");
        offer(interval, "/login");
        for (int i = 0; i < 3; i++)
        {
            offer(interval, "/old");
        }

        for (int entry = 0; entry < second.size(); entry++)
        {
            interval.offer(second, entry);
        }

        final int[] top = new int[2];
        assertEquals(2, interval.top(top));
        assertEquals("/login", interval.label(top[0]));
        assertEquals(6, interval.count(top[0]));
        assertEquals(0, interval.error(top[0]));
        // "/a" (1) evicted "/old" (3) and inherited its count as the error bound, as a plain offer would.
        assertEquals("/a", interval.label(top[1]));
        assertEquals(4, interval.count(top[1]));
        assertEquals(3, interval.error(top[1]));
        assertEquals(10, interval.total());
        assertEquals(1, interval.evictions());
    }

    @Test
    void shouldCountExactlyBelowCapacityAndForgetOnReset()
    {
        final HeavyHitterSketch sketch = new HeavyHitterSketch(8);
        for (int i = 0; i < 5; i++)
        {
            offer(sketch, "a");
        }
        offer(sketch, "b");
        final int[] top = new int[8];
        assertEquals(2, sketch.top(top));
        assertEquals(5, sketch.count(top[0]));
        assertEquals(0, sketch.error(top[0]));
        sketch.reset();
        assertEquals(0, sketch.size());
        assertEquals(0, sketch.top(top));
        offer(sketch, "b");
        sketch.top(top);
        assertEquals(1, sketch.count(top[0]));
        assertEquals("b", sketch.label(top[0]));
    }

    @Test
    void shouldFindEveryKeyAfterManyEvictionsOfCollidingSlots()
    {
        // Small capacity forces frequent backward-shift deletions; a broken probe chain would duplicate a key.
        final HeavyHitterSketch sketch = new HeavyHitterSketch(4);
        for (int round = 0; round < 10_000; round++)
        {
            offer(sketch, "k" + (round % 7));
            offer(sketch, "hot");
        }
        final int[] top = new int[4];
        sketch.top(top);
        assertEquals("hot", sketch.label(top[0]));
        for (int i = 0; i < sketch.size(); i++)
        {
            for (int j = i + 1; j < sketch.size(); j++)
            {
                assertTrue(sketch.key(i) != sketch.key(j), "duplicate key in table");
            }
        }
        assertTrue(sketch.count(top[0]) >= 10_000);
    }
}
