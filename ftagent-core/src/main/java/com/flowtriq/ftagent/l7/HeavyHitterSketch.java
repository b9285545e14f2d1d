package com.flowtriq.ftagent.l7;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.agrona.DirectBuffer;

/**
 * Fixed-capacity heavy-hitter counter (Space-Saving, Metwally et al. 2005) over 64-bit keys, with a short copy of
 * each key's text so that the top entries can be reported (an IP as logged, a path, a user agent).
 * <p>
 * At most {@code capacity} keys are tracked. A new key arriving when the table is full takes the place of the
 * entry with the smallest count and inherits that count as its error bound, so every count is an over-estimate by
 * at most {@link #error(int)}, and any key with more than total/capacity hits is guaranteed to be tracked.
 * Evictions are counted. Lookup is an open-addressing index (linear probing, backward-shift delete); finding the
 * minimum is a scan of the entries, paid only on eviction.
 * <p>
 * Unlike the count stage's {@code SpaceSavingSketch}, whose keys are addresses that can be printed from the key
 * itself, L7 keys are hashes of text (paths, user agents), so the text is kept beside the count.
 * <p>
 * Threading: single writer (the thread that owns the window); readers only after the writer has finished with it.
 */
public final class HeavyHitterSketch
{
    /** Bytes of a key's text kept for reporting; longer text is cut. */
    public static final int LABEL_BYTES = 96;

    private static final int EMPTY_SLOT = -1;

    private final int capacity;
    private final long[] keys;
    private final long[] counts;
    private final long[] errors;
    private final byte[] labels;
    private final int[] labelLengths;
    private final int[] index;
    private final int indexMask;
    private int size;
    private long total;
    private long evictions;

    /**
     * @param capacity number of keys tracked (the "k" of Space-Saving).
     */
    public HeavyHitterSketch(final int capacity)
    {
        if (capacity < 1 || capacity > 1 << 16)
        {
            throw new IllegalArgumentException("capacity=" + capacity);
        }
        this.capacity = capacity;
        keys = new long[capacity];
        counts = new long[capacity];
        errors = new long[capacity];
        labels = new byte[capacity * LABEL_BYTES];
        labelLengths = new int[capacity];
        final int indexSize = Integer.highestOneBit(capacity * 4 - 1) << 1;
        index = new int[indexSize];
        indexMask = indexSize - 1;
        Arrays.fill(index, EMPTY_SLOT);
    }

    /**
     * Counts one occurrence of key, remembering its text from the buffer if the key is new to the table.
     *
     * @param key         a well-mixed 64-bit hash of the text; {@link ByteHash#EMPTY} is counted like any other.
     * @param labelBuffer holding the text.
     * @param labelOffset of the text.
     * @param labelLength of the text; at most {@link #LABEL_BYTES} are kept.
     */
    public void offer(final long key, final DirectBuffer labelBuffer, final int labelOffset, final int labelLength)
    {
        final int entry = add(key, 1);
        if (entry != EMPTY_SLOT)
        {
            final int kept = Math.min(labelLength, LABEL_BYTES);
            if (kept > 0)
            {
                labelBuffer.getBytes(labelOffset, labels, entry * LABEL_BYTES, kept);
            }
            labelLengths[entry] = Math.max(kept, 0);
        }
    }

    /**
     * Adds an entry of another sketch with its whole count, e.g. to fold the top keys of each second into a sketch
     * of a longer interval. Cold path (once per closed second, not per line).
     *
     * @param source a sketch with the same {@link #LABEL_BYTES}.
     * @param entry  an entry number of source, e.g. from its {@link #top(int[])}.
     */
    public void offer(final HeavyHitterSketch source, final int entry)
    {
        final int added = add(source.keys[entry], source.counts[entry]);
        if (added != EMPTY_SLOT)
        {
            System.arraycopy(source.labels, entry * LABEL_BYTES, labels, added * LABEL_BYTES,
                source.labelLengths[entry]);
            labelLengths[added] = source.labelLengths[entry];
        }
    }

    /**
     * Counts weight occurrences of key.
     *
     * @return the entry the key was given if it is new to the table (its label is for the caller to fill), else
     * {@link #EMPTY_SLOT}.
     */
    private int add(final long key, final long weight)
    {
        total += weight;
        int slot = (int)ByteHash.mix(key) & indexMask;
        while (true)
        {
            final int entry = index[slot];
            if (entry == EMPTY_SLOT)
            {
                break;
            }
            if (keys[entry] == key)
            {
                counts[entry] += weight;
                return EMPTY_SLOT;
            }
            slot = (slot + 1) & indexMask;
        }
        final int entry;
        long inheritedCount = 0;
        if (size < capacity)
        {
            entry = size++;
        }
        else
        {
            entry = minimumEntry();
            inheritedCount = counts[entry];
            removeFromIndex(keys[entry], entry);
            evictions++;
            // The slot found above may have moved during the backward shift: find a free one again.
            slot = (int)ByteHash.mix(key) & indexMask;
            while (index[slot] != EMPTY_SLOT)
            {
                slot = (slot + 1) & indexMask;
            }
        }
        index[slot] = entry;
        keys[entry] = key;
        counts[entry] = inheritedCount + weight;
        errors[entry] = inheritedCount;
        return entry;
    }

    private int minimumEntry()
    {
        int min = 0;
        long minCount = counts[0];
        for (int i = 1; i < size; i++)
        {
            if (counts[i] < minCount)
            {
                minCount = counts[i];
                min = i;
            }
        }
        return min;
    }

    private void removeFromIndex(final long key, final int entry)
    {
        int slot = (int)ByteHash.mix(key) & indexMask;
        while (index[slot] != entry)
        {
            slot = (slot + 1) & indexMask;
        }
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int hole = slot;
        int next = (hole + 1) & indexMask;
        while (index[next] != EMPTY_SLOT)
        {
            final int home = (int)ByteHash.mix(keys[index[next]]) & indexMask;
            final boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable)
            {
                index[hole] = index[next];
                hole = next;
            }
            next = (next + 1) & indexMask;
        }
        index[hole] = EMPTY_SLOT;
    }

    /** Forgets every key (start of a new window). */
    public void reset()
    {
        Arrays.fill(index, EMPTY_SLOT);
        size = 0;
        total = 0;
        evictions = 0;
    }

    /**
     * Writes the entry numbers of the largest counts, largest first, into out.
     *
     * @return how many were written: min(out.length, size()).
     */
    public int top(final int[] out)
    {
        final int n = Math.min(out.length, size);
        for (int rank = 0; rank < n; rank++)
        {
            int best = -1;
            for (int i = 0; i < size; i++)
            {
                if ((best < 0 || counts[i] > counts[best]) && !contains(out, rank, i))
                {
                    best = i;
                }
            }
            out[rank] = best;
        }
        return n;
    }

    private static boolean contains(final int[] values, final int length, final int value)
    {
        for (int i = 0; i < length; i++)
        {
            if (values[i] == value)
            {
                return true;
            }
        }
        return false;
    }

    /** Count of the largest entry, 0 when empty. */
    public long maxCount()
    {
        long max = 0;
        for (int i = 0; i < size; i++)
        {
            max = Math.max(max, counts[i]);
        }
        return max;
    }

    /** Key of an entry. */
    public long key(final int entry)
    {
        return keys[entry];
    }

    /** Estimated count of an entry (over-estimate by at most {@link #error(int)}). */
    public long count(final int entry)
    {
        return counts[entry];
    }

    /** Upper bound of the over-estimate of an entry's count. */
    public long error(final int entry)
    {
        return errors[entry];
    }

    /** The entry's text, as kept (cold path: reporting). */
    public String label(final int entry)
    {
        return new String(labels, entry * LABEL_BYTES, labelLengths[entry], StandardCharsets.UTF_8);
    }

    /** Keys tracked now. */
    public int size()
    {
        return size;
    }

    /** Capacity. */
    public int capacity()
    {
        return capacity;
    }

    /** Occurrences counted since the last reset (exact; a folded entry adds its whole count). */
    public long total()
    {
        return total;
    }

    /** Keys evicted to make room since the last reset. */
    public long evictions()
    {
        return evictions;
    }
}
