package com.flowtriq.ftagent.incident;

/**
 * A short ranked list carried by an {@link IncidentEvent}: the heaviest keys of the incident with their packets and
 * bytes, heaviest first. What a key means is given by {@link #kind()} (see the constants) and decides how
 * {@link IncidentJson} prints it.
 * <p>
 * Fixed capacity, reused event after event; {@link #add} beyond the capacity is ignored and counted in
 * {@link #overflows()}. Single-threaded: written by the detection thread before the event is handed to listeners.
 */
public final class TopList
{
    /** Keys are source addresses: IPv4 zero-extended, or a 63-bit IPv6 digest with bit 63 set. */
    public static final int SOURCE_ADDRESS = 0;
    /** Keys are {@code (family << 32) | address}: family 1 IPv4, 2 a 32-bit IPv6 digest. */
    public static final int DESTINATION_ADDRESS = 1;
    /** Keys are {@code (ipProtocol << 16) | port}. */
    public static final int PORT = 2;

    private final int kind;
    private final long[] keys;
    private final long[] packets;
    private final long[] bytes;
    private int size;
    private long overflows;

    public TopList(final int kind, final int capacity)
    {
        this.kind = kind;
        this.keys = new long[capacity];
        this.packets = new long[capacity];
        this.bytes = new long[capacity];
    }

    public int kind()
    {
        return kind;
    }

    public int capacity()
    {
        return keys.length;
    }

    public int size()
    {
        return size;
    }

    public long key(final int rank)
    {
        return keys[rank];
    }

    public long packets(final int rank)
    {
        return packets[rank];
    }

    public long bytes(final int rank)
    {
        return bytes[rank];
    }

    /** Appends an entry; the caller adds them heaviest first. */
    public void add(final long key, final long packetCount, final long byteCount)
    {
        if (size == keys.length)
        {
            overflows++;
            return;
        }
        keys[size] = key;
        packets[size] = packetCount;
        bytes[size] = byteCount;
        size++;
    }

    public void clear()
    {
        size = 0;
    }

    /** Entries refused because the list was full. */
    public long overflows()
    {
        return overflows;
    }
}
