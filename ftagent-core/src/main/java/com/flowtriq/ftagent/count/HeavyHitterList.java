package com.flowtriq.ftagent.count;

/**
 * The ranked, fixed-capacity {@link HeavyHitters} list held by a {@link TrafficWindow}. Filled by
 * {@link HeavyHitterMerger#rankInto(HeavyHitterList)}; reused, never reallocated.
 *
 * <p>Threading: owned by the thread that owns its window (the detector).
 */
public final class HeavyHitterList implements HeavyHitters
{
    private final long[] keys;
    private final long[] packets;
    private final long[] bytes;
    private final long[] errors;
    private int size;

    public HeavyHitterList(final int capacity)
    {
        keys = new long[capacity];
        packets = new long[capacity];
        bytes = new long[capacity];
        errors = new long[capacity];
    }

    public int capacity()
    {
        return keys.length;
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public long key(final int rank)
    {
        return keys[rank];
    }

    @Override
    public long packets(final int rank)
    {
        return packets[rank];
    }

    @Override
    public long bytes(final int rank)
    {
        return bytes[rank];
    }

    /** Overcount bound of {@link #packets(int)}: {@code packets - error} is a lower bound of the true count. */
    public long error(final int rank)
    {
        return errors[rank];
    }

    /** Rank of {@code key}, or -1 if it is not in the list. Cold path (linear). */
    public int rankOf(final long key)
    {
        for (int i = 0; i < size; i++)
        {
            if (keys[i] == key)
            {
                return i;
            }
        }

        return -1;
    }

    public void clear()
    {
        size = 0;
    }

    /** Makes this list a copy of {@code other}, truncated to this capacity. */
    public void copyFrom(final HeavyHitterList other)
    {
        final int n = Math.min(other.size, keys.length);
        System.arraycopy(other.keys, 0, keys, 0, n);
        System.arraycopy(other.packets, 0, packets, 0, n);
        System.arraycopy(other.bytes, 0, bytes, 0, n);
        System.arraycopy(other.errors, 0, errors, 0, n);
        size = n;
    }

    void set(final int rank, final long key, final long packets, final long bytes, final long error)
    {
        keys[rank] = key;
        this.packets[rank] = packets;
        this.bytes[rank] = bytes;
        errors[rank] = error;
    }

    void size(final int size)
    {
        this.size = size;
    }
}
