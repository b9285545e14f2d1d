package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.incident.TopList;

/**
 * The heaviest keys over the seconds of one incident, merged from the per-second ranked lists of the samples.
 * Fixed capacity, Space-Saving style: when the table is full, a new key takes the place of the lightest entry and
 * inherits its packet count (so a count is an upper bound of the key's packets over the incident, and no key that
 * is truly heavy can be lost). Replacements are counted in {@link #evictions()}.
 * <p>
 * Linear scans: the table is small (tens of entries) and is merged once per second, not per packet.
 * Single-threaded (the detection thread); no allocation after construction.
 */
public final class TopKeyTable
{
    private final long[] keys;
    private final long[] packets;
    private final long[] bytes;
    private final boolean[] taken;
    private int size;
    private long evictions;

    public TopKeyTable(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity=" + capacity + ": expected >= 1");
        }
        keys = new long[capacity];
        packets = new long[capacity];
        bytes = new long[capacity];
        taken = new boolean[capacity];
    }

    /** Adds every entry of a per-second list. */
    public void merge(final RankedCounts counts)
    {
        final int n = counts.size();
        for (int i = 0; i < n; i++)
        {
            add(counts.key(i), counts.packets(i), counts.bytes(i));
        }
    }

    public void add(final long key, final long packetCount, final long byteCount)
    {
        final int n = size;
        int lightest = 0;
        for (int i = 0; i < n; i++)
        {
            if (keys[i] == key)
            {
                packets[i] += packetCount;
                bytes[i] += byteCount;
                return;
            }
            if (packets[i] < packets[lightest])
            {
                lightest = i;
            }
        }

        if (n < keys.length)
        {
            keys[n] = key;
            packets[n] = packetCount;
            bytes[n] = byteCount;
            size = n + 1;
            return;
        }

        evictions++;
        keys[lightest] = key;
        packets[lightest] += packetCount;
        bytes[lightest] = byteCount;
    }

    /** Packets counted for {@code key}, 0 if it is not in the table. */
    public long packetsOf(final long key)
    {
        for (int i = 0; i < size; i++)
        {
            if (keys[i] == key)
            {
                return packets[i];
            }
        }
        return 0;
    }

    /** Sum of packets of the keys whose {@code key >>> 16} equals {@code protocol} (for port tables). */
    public long packetsOfProtocol(final int protocol)
    {
        long sum = 0;
        for (int i = 0; i < size; i++)
        {
            if ((keys[i] >>> 16) == protocol)
            {
                sum += packets[i];
            }
        }
        return sum;
    }

    /** Copies the heaviest entries, heaviest first (ties: smaller key first), into {@code out} until it is full. */
    public void copyTop(final TopList out)
    {
        final int n = size;
        final int wanted = Math.min(n, out.capacity() - out.size());
        for (int i = 0; i < n; i++)
        {
            taken[i] = false;
        }

        for (int rank = 0; rank < wanted; rank++)
        {
            int best = -1;
            for (int i = 0; i < n; i++)
            {
                if (!taken[i] && (best < 0 || packets[i] > packets[best] ||
                    (packets[i] == packets[best] && keys[i] < keys[best])))
                {
                    best = i;
                }
            }
            taken[best] = true;
            out.add(keys[best], packets[best], bytes[best]);
        }
    }

    /** The largest packet count in the table, 0 when empty. */
    public long heaviestPackets()
    {
        long max = 0;
        for (int i = 0; i < size; i++)
        {
            max = Math.max(max, packets[i]);
        }
        return max;
    }

    public int size()
    {
        return size;
    }

    public void clear()
    {
        size = 0;
    }

    /** Keys that replaced a lighter one because the table was full. */
    public long evictions()
    {
        return evictions;
    }
}
