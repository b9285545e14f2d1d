package com.flowtriq.ftagent.detect;

/**
 * A fixed-capacity ranked list for tests: {@link #add} merges by key and keeps the entries sorted by packets,
 * heaviest first; beyond the capacity the lightest entries fall off, as in a sketch. No allocation after
 * construction, so tests measuring the detector's allocation can reuse it.
 */
final class SyntheticRankedCounts implements RankedCounts
{
    private final long[] keys;
    private final long[] packets;
    private final long[] bytes;
    private int size;

    SyntheticRankedCounts(final int capacity)
    {
        keys = new long[capacity];
        packets = new long[capacity];
        bytes = new long[capacity];
    }

    void add(final long key, final long packetCount, final long byteCount)
    {
        int index = -1;
        for (int i = 0; i < size; i++)
        {
            if (keys[i] == key)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            if (size < keys.length)
            {
                index = size++;
            }
            else if (packets[size - 1] < packetCount)
            {
                index = size - 1;
            }
            else
            {
                return;
            }
            keys[index] = key;
            packets[index] = 0;
            bytes[index] = 0;
        }

        packets[index] += packetCount;
        bytes[index] += byteCount;
        while (index > 0 && packets[index - 1] < packets[index])
        {
            swap(index - 1, index);
            index--;
        }
    }

    private void swap(final int a, final int b)
    {
        final long k = keys[a];
        final long p = packets[a];
        final long y = bytes[a];
        keys[a] = keys[b];
        packets[a] = packets[b];
        bytes[a] = bytes[b];
        keys[b] = k;
        packets[b] = p;
        bytes[b] = y;
    }

    void clear()
    {
        size = 0;
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
}
