package com.flowtriq.ftagent.count;

import java.util.Arrays;

/**
 * Fixed-capacity Space-Saving heavy-hitter sketch (Metwally, Agrawal, El Abbadi 2005) over 64-bit keys, counting
 * packets (the ranking weight) and bytes.
 *
 * <p>Up to {@code K} keys are monitored. A packet of a monitored key increments its counters. A packet of a new key
 * takes a free entry while there is one; otherwise it evicts the entry with the fewest packets (the root of a
 * min-heap; among equal counts the heap order decides, which depends only on the input, so runs are
 * deterministic), inherits that count plus one, and records the inherited count as its error. Hence, for every
 * monitored key, {@code packets - error <= true packets <= packets}, and any key whose true count exceeds
 * {@code N / K} (N = packets offered) is monitored. Bytes are those seen while the key was monitored (a lower
 * bound): inheriting the evicted key's bytes would bound nothing.
 *
 * <p>Storage is preallocated: entry arrays of K, a binary min-heap of entry ids with each entry's heap position,
 * and an open-addressing index (linear probing, at most 25 % full, backward-shift deletion) from key to entry,
 * so a lookup is O(1) and an update O(log K) with no allocation.
 *
 * <p>Threading: single writer (the counting worker that owns the bank); read by the detector only after the bank
 * has been retired (see {@link DoubleBufferedCounters}).
 */
public final class SpaceSavingSketch
{
    /** Default number of monitored keys. */
    public static final int DEFAULT_CAPACITY = 32;

    private static final long FIBONACCI_MULTIPLIER = 0x9E37_79B9_7F4A_7C15L;

    private final int capacity;
    private final long[] keys;
    private final long[] packets;
    private final long[] bytes;
    private final long[] errors;
    private final int[] heap;
    private final int[] heapPositions;

    private final long[] indexKeys;
    private final int[] indexEntries;
    private final int indexMask;
    private final int indexShift;

    private int size;
    private long offered;
    private long evictions;

    public SpaceSavingSketch(final int capacity)
    {
        if (capacity < 1 || capacity > (1 << 20))
        {
            throw new IllegalArgumentException("capacity=" + capacity + " not in [1, 2^20]");
        }
        this.capacity = capacity;
        keys = new long[capacity];
        packets = new long[capacity];
        bytes = new long[capacity];
        errors = new long[capacity];
        heap = new int[capacity];
        heapPositions = new int[capacity];

        final int indexLength = Math.max(8, Integer.highestOneBit(capacity * 4 - 1) << 1);
        indexKeys = new long[indexLength];
        indexEntries = new int[indexLength];
        indexMask = indexLength - 1;
        indexShift = 64 - Integer.numberOfTrailingZeros(indexLength);
    }

    public int capacity()
    {
        return capacity;
    }

    /** Number of monitored keys. */
    public int size()
    {
        return size;
    }

    /** Packets offered since the last {@link #clear()}: the sum of all entries' packet counts. */
    public long offered()
    {
        return offered;
    }

    /** Number of times a key was evicted to admit another. */
    public long evictions()
    {
        return evictions;
    }

    /** Packet count of the least-counted entry when the sketch is full, else 0: the error bound of an absent key. */
    public long minPackets()
    {
        return size < capacity ? 0 : packets[heap[0]];
    }

    /** Key of entry {@code entry} (0 .. size-1, unordered). */
    public long key(final int entry)
    {
        return keys[entry];
    }

    public long packets(final int entry)
    {
        return packets[entry];
    }

    public long bytes(final int entry)
    {
        return bytes[entry];
    }

    /** Packets the entry may have inherited at admission: {@code packets - error} is a lower bound. */
    public long error(final int entry)
    {
        return errors[entry];
    }

    /** Counts one packet of {@code wireLength} bytes for {@code key}. */
    public void offer(final long key, final int wireLength)
    {
        offered++;
        final long[] indexKeys = this.indexKeys;
        final int[] indexEntries = this.indexEntries;
        final int mask = indexMask;
        int slot = home(key);
        int entryPlusOne;
        while ((entryPlusOne = indexEntries[slot]) != 0)
        {
            if (indexKeys[slot] == key)
            {
                final int entry = entryPlusOne - 1;
                packets[entry]++;
                bytes[entry] += wireLength;
                siftDown(heapPositions[entry]);
                return;
            }
            slot = (slot + 1) & mask;
        }

        admit(key, wireLength, slot);
    }

    /** Forgets every key. */
    public void clear()
    {
        Arrays.fill(indexEntries, 0);
        size = 0;
        offered = 0;
        evictions = 0;
    }

    private void admit(final long key, final int wireLength, final int freeSlot)
    {
        if (size < capacity)
        {
            final int entry = size++;
            keys[entry] = key;
            packets[entry] = 1;
            bytes[entry] = wireLength;
            errors[entry] = 0;
            indexKeys[freeSlot] = key;
            indexEntries[freeSlot] = entry + 1;
            // A count of 1 is the smallest there is: the new entry rises above every parent with more.
            heap[entry] = entry;
            heapPositions[entry] = entry;
            siftUp(entry);
            return;
        }

        final int entry = heap[0];
        removeFromIndex(keys[entry]);
        evictions++;
        final long inherited = packets[entry];
        keys[entry] = key;
        errors[entry] = inherited;
        packets[entry] = inherited + 1;
        bytes[entry] = wireLength;

        // The deletion may have shifted entries into the probe path, so find the free slot again.
        final long[] indexKeys = this.indexKeys;
        final int[] indexEntries = this.indexEntries;
        int slot = home(key);
        while (indexEntries[slot] != 0)
        {
            slot = (slot + 1) & indexMask;
        }
        indexKeys[slot] = key;
        indexEntries[slot] = entry + 1;
        siftDown(0);
    }

    private void removeFromIndex(final long key)
    {
        final long[] indexKeys = this.indexKeys;
        final int[] indexEntries = this.indexEntries;
        final int mask = indexMask;
        int hole = home(key);
        while (indexKeys[hole] != key || indexEntries[hole] == 0)
        {
            hole = (hole + 1) & mask;
        }

        // Backward-shift deletion: move later members of the probe run into the hole when their home allows it.
        int next = (hole + 1) & mask;
        while (indexEntries[next] != 0)
        {
            final int nextHome = home(indexKeys[next]);
            if (((next - nextHome) & mask) >= ((next - hole) & mask))
            {
                indexKeys[hole] = indexKeys[next];
                indexEntries[hole] = indexEntries[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        indexEntries[hole] = 0;
    }

    private void siftUp(final int fromPosition)
    {
        final int[] heap = this.heap;
        final int[] heapPositions = this.heapPositions;
        final long[] packets = this.packets;
        final int entry = heap[fromPosition];
        final long count = packets[entry];
        int position = fromPosition;
        while (position > 0)
        {
            final int parent = (position - 1) >>> 1;
            final int parentEntry = heap[parent];
            if (packets[parentEntry] <= count)
            {
                break;
            }
            heap[position] = parentEntry;
            heapPositions[parentEntry] = position;
            position = parent;
        }
        heap[position] = entry;
        heapPositions[entry] = position;
    }

    private void siftDown(final int fromPosition)
    {
        final int[] heap = this.heap;
        final int[] heapPositions = this.heapPositions;
        final long[] packets = this.packets;
        final int size = this.size;
        final int entry = heap[fromPosition];
        final long count = packets[entry];
        int position = fromPosition;
        while (true)
        {
            int child = (position << 1) + 1;
            if (child >= size)
            {
                break;
            }
            long childCount = packets[heap[child]];
            final int right = child + 1;
            if (right < size)
            {
                final long rightCount = packets[heap[right]];
                if (rightCount < childCount)
                {
                    child = right;
                    childCount = rightCount;
                }
            }
            if (childCount >= count)
            {
                break;
            }
            final int childEntry = heap[child];
            heap[position] = childEntry;
            heapPositions[childEntry] = position;
            position = child;
        }
        heap[position] = entry;
        heapPositions[entry] = position;
    }

    private int home(final long key)
    {
        return (int)((key * FIBONACCI_MULTIPLIER) >>> indexShift);
    }
}
