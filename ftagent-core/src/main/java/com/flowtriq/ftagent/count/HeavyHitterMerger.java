package com.flowtriq.ftagent.count;

import java.util.Arrays;

/**
 * Reusable scratch space that merges heavy-hitter lists and sketches into one ranked list without allocation:
 * entries are summed by key (through an open-addressing index), then ranked in place by packets descending, key
 * ascending, and the top ones copied out.
 *
 * <p>Summing by key is right for both kinds of merge: source lists of different workers are disjoint (each source
 * is counted by exactly one worker) so their union is kept whole, while destination and port lists of different
 * workers, or of different seconds, share keys that must be added. A key missing from one part of a merge may have
 * been evicted there, so its merged count can be short by up to that part's {@link SpaceSavingSketch#minPackets()}.
 *
 * <p>Capacity is fixed at construction: entries offered beyond it are not merged and are counted in
 * {@link #overflows()} (sized so that it does not happen: parts x K).
 *
 * <p>Threading: cold path, one thread (the detector, or the single-threaded counting stage).
 */
public final class HeavyHitterMerger
{
    private static final long FIBONACCI_MULTIPLIER = 0x9E37_79B9_7F4A_7C15L;
    private static final int[] GAPS = { 701, 301, 132, 57, 23, 10, 4, 1 };

    private final long[] keys;
    private final long[] packets;
    private final long[] bytes;
    private final long[] errors;
    private final int[] order;
    private final long[] indexKeys;
    private final int[] indexEntries;
    private final int indexMask;
    private final int indexShift;
    private int size;
    private long overflows;

    public HeavyHitterMerger(final int capacity)
    {
        keys = new long[capacity];
        packets = new long[capacity];
        bytes = new long[capacity];
        errors = new long[capacity];
        order = new int[capacity];
        final int indexLength = Math.max(8, Integer.highestOneBit(Math.max(1, capacity * 2 - 1)) << 1);
        indexKeys = new long[indexLength];
        indexEntries = new int[indexLength];
        indexMask = indexLength - 1;
        indexShift = 64 - Integer.numberOfTrailingZeros(indexLength);
    }

    public int capacity()
    {
        return keys.length;
    }

    /** Entries that did not fit since construction. */
    public long overflows()
    {
        return overflows;
    }

    /** Starts a new merge. */
    public void reset()
    {
        Arrays.fill(indexEntries, 0);
        size = 0;
    }

    /** Adds every entry of a sketch. */
    public void add(final SpaceSavingSketch sketch)
    {
        for (int i = 0, n = sketch.size(); i < n; i++)
        {
            add(sketch.key(i), sketch.packets(i), sketch.bytes(i), sketch.error(i));
        }
    }

    /** Adds every entry of a ranked list. */
    public void add(final HeavyHitterList list)
    {
        for (int i = 0, n = list.size(); i < n; i++)
        {
            add(list.key(i), list.packets(i), list.bytes(i), list.error(i));
        }
    }

    /** Adds one entry, summing it into an existing entry of the same key. */
    public void add(final long key, final long packets, final long bytes, final long error)
    {
        int slot = (int)((key * FIBONACCI_MULTIPLIER) >>> indexShift);
        int entryPlusOne;
        while ((entryPlusOne = indexEntries[slot]) != 0)
        {
            if (indexKeys[slot] == key)
            {
                final int entry = entryPlusOne - 1;
                this.packets[entry] += packets;
                this.bytes[entry] += bytes;
                errors[entry] += error;
                return;
            }
            slot = (slot + 1) & indexMask;
        }

        if (size == keys.length)
        {
            overflows++;
            return;
        }

        final int entry = size++;
        keys[entry] = key;
        this.packets[entry] = packets;
        this.bytes[entry] = bytes;
        errors[entry] = error;
        indexKeys[slot] = key;
        indexEntries[slot] = entry + 1;
    }

    /** Ranks the merged entries (packets descending, then key ascending as unsigned) and copies the top ones into {@code out}. */
    public void rankInto(final HeavyHitterList out)
    {
        final int[] order = this.order;
        final int n = size;
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        sort(order, n);

        final int count = Math.min(n, out.capacity());
        for (int rank = 0; rank < count; rank++)
        {
            final int entry = order[rank];
            out.set(rank, keys[entry], packets[entry], bytes[entry], errors[entry]);
        }
        out.size(count);
    }

    /** Shell sort (Ciura gaps) of entry ids: in place, no boxing, fine for the few hundred entries of a merge. */
    private void sort(final int[] order, final int n)
    {
        for (final int gap : GAPS)
        {
            for (int i = gap; i < n; i++)
            {
                final int entry = order[i];
                int j = i;
                while (j >= gap && before(entry, order[j - gap]))
                {
                    order[j] = order[j - gap];
                    j -= gap;
                }
                order[j] = entry;
            }
        }
    }

    private boolean before(final int a, final int b)
    {
        final long packetsA = packets[a];
        final long packetsB = packets[b];
        return packetsA > packetsB || (packetsA == packetsB && Long.compareUnsigned(keys[a], keys[b]) < 0);
    }
}
