package com.flowtriq.ftagent.count;

import java.util.Random;

/** Skewed key streams for the heavy-hitter sketch tests: a few heavy keys hidden in an even background, shuffled. */
final class SkewedKeys
{
    /** Heavy key {@code h} is {@code HEAVY_BASE + h}. */
    static final long HEAVY_BASE = 0x0A00_0000L;
    private static final long BACKGROUND_BASE = 0x2000_0000L;

    private SkewedKeys()
    {
    }

    /**
     * Heavy key h appears {@code first - h * step} times; {@code background} more keys are spread evenly over
     * {@code backgroundKeys} distinct keys; the whole stream is shuffled with {@code seed}.
     */
    static long[] order(
        final int heavies, final int first, final int step, final int background, final int backgroundKeys,
        final long seed)
    {
        int total = background;
        for (int heavy = 0; heavy < heavies; heavy++)
        {
            total += first - step * heavy;
        }
        final long[] order = new long[total];
        int n = 0;
        for (int heavy = 0; heavy < heavies; heavy++)
        {
            for (int i = 0; i < first - step * heavy; i++)
            {
                order[n++] = HEAVY_BASE + heavy;
            }
        }
        for (int i = 0; i < background; i++)
        {
            order[n++] = BACKGROUND_BASE + (i % backgroundKeys);
        }
        final Random random = new Random(seed);
        for (int i = order.length - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final long swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** The entry holding {@code key}, or -1. */
    static int entryOf(final SpaceSavingSketch sketch, final long key)
    {
        for (int i = 0; i < sketch.size(); i++)
        {
            if (sketch.key(i) == key)
            {
                return i;
            }
        }
        return -1;
    }
}
