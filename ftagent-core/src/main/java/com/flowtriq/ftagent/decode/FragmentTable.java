package com.flowtriq.ftagent.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * Remembers the ports of first fragments so that the later fragments of the same datagram, which carry no
 * transport header, can be counted against the right ports. Keyed by (source, destination, identification,
 * protocol): for IPv4 the addresses and the 16-bit identification, for IPv6 the record's address digests and the
 * 32-bit fragment identification. The value is the source and destination port, or ICMP type and code.
 *
 * <p>Fixed capacity, allocated once: open addressing with linear probing over at most {@link #PROBE_LIMIT} slots.
 * An entry older than the timeout (in packet time) is treated as absent and its slot is reused
 * ({@link #expirations()}). When every slot of the probe window holds a live entry, the oldest one is replaced and
 * counted in {@link #evictions()}. A later fragment whose first fragment was not seen (lost, evicted, expired or
 * still to come) gets no ports and counts as a miss. Entries are not removed on the last fragment, since fragments
 * may arrive out of order; they age out.
 *
 * <p>Threading: one writer, the capture thread that owns the decoder, calls {@link #insert} and {@link #lookup}.
 * The counters may be read from any thread (opaque reads).
 */
public final class FragmentTable
{
    public static final int DEFAULT_CAPACITY = 4096;
    public static final long DEFAULT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Returned by {@link #lookup} when no live entry matches. */
    public static final int MISSING = -1;

    /** Slots examined per operation. Bounds the work per packet whatever the table holds. */
    public static final int PROBE_LIMIT = 4;

    /*
     * Entry layout, four longs per slot:
     *   [0] source: IPv4 address zero-extended, or the IPv6 source digest (bit 63 set)
     *   [1] destination (high 32 bits) | identification (low 32 bits)
     *   [2] USED | protocol << 32 | source port << 16 | destination port
     *   [3] time of the first fragment, packet-time nanoseconds
     */
    private static final int STRIDE = 4;
    private static final int SOURCE = 0;
    private static final int DESTINATION_ID = 1;
    private static final int VALUE = 2;
    private static final int TIME = 3;
    private static final long USED = 1L << 48;
    private static final long MATCH_MASK = USED | (0xFFL << 32);

    private static final VarHandle INSERTS;
    private static final VarHandle HITS;
    private static final VarHandle MISSES;
    private static final VarHandle EVICTIONS;
    private static final VarHandle EXPIRATIONS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            INSERTS = lookup.findVarHandle(FragmentTable.class, "inserts", long.class);
            HITS = lookup.findVarHandle(FragmentTable.class, "hits", long.class);
            MISSES = lookup.findVarHandle(FragmentTable.class, "misses", long.class);
            EVICTIONS = lookup.findVarHandle(FragmentTable.class, "evictions", long.class);
            EXPIRATIONS = lookup.findVarHandle(FragmentTable.class, "expirations", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final long[] entries;
    private final int mask;
    private final long timeoutNanos;

    private long inserts;
    private long hits;
    private long misses;
    private long evictions;
    private long expirations;

    public FragmentTable()
    {
        this(DEFAULT_CAPACITY, DEFAULT_TIMEOUT_NANOS);
    }

    /**
     * @param capacity     slots, a power of two of at least {@link #PROBE_LIMIT}.
     * @param timeoutNanos how long, in packet time, a first fragment's ports stay usable.
     */
    public FragmentTable(final int capacity, final long timeoutNanos)
    {
        if (capacity < PROBE_LIMIT || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity=" + capacity + " must be a power of two >= " + PROBE_LIMIT);
        }
        if (timeoutNanos <= 0)
        {
            throw new IllegalArgumentException("timeoutNanos=" + timeoutNanos + " must be positive");
        }
        this.entries = new long[capacity * STRIDE];
        this.mask = capacity - 1;
        this.timeoutNanos = timeoutNanos;
    }

    public int capacity()
    {
        return mask + 1;
    }

    /**
     * Remembers the ports of a first fragment, replacing an entry with the same key. Capture thread only.
     */
    public void insert(
        final long source,
        final int destination,
        final int identification,
        final int protocol,
        final int sourcePort,
        final int destinationPort,
        final long nowNanos)
    {
        final long[] entries = this.entries;
        final long destinationId = destinationId(destination, identification);
        final long match = USED | ((long)protocol << 32);
        final int home = slot(source, destinationId, protocol);

        int free = -1;
        boolean freeWasStale = false;
        int oldest = -1;
        long oldestTime = Long.MAX_VALUE;
        for (int i = 0; i < PROBE_LIMIT; i++)
        {
            final int base = ((home + i) & mask) * STRIDE;
            final long value = entries[base + VALUE];
            if ((value & USED) == 0)
            {
                if (free < 0)
                {
                    free = base;
                }
                continue;
            }
            if (entries[base + SOURCE] == source && entries[base + DESTINATION_ID] == destinationId &&
                (value & MATCH_MASK) == match)
            {
                write(base, source, destinationId, protocol, sourcePort, destinationPort, nowNanos);
                return;
            }
            final long time = entries[base + TIME];
            if (nowNanos - time > timeoutNanos)
            {
                if (free < 0)
                {
                    free = base;
                    freeWasStale = true;
                }
            }
            else if (oldest < 0 || time < oldestTime)
            {
                oldestTime = time;
                oldest = base;
            }
        }

        if (free >= 0)
        {
            if (freeWasStale)
            {
                EXPIRATIONS.setOpaque(this, expirations + 1);
            }
            write(free, source, destinationId, protocol, sourcePort, destinationPort, nowNanos);
        }
        else
        {
            EVICTIONS.setOpaque(this, evictions + 1);
            write(oldest, source, destinationId, protocol, sourcePort, destinationPort, nowNanos);
        }
    }

    /**
     * @return the ports of the first fragment as {@code sourcePort << 16 | destinationPort}, or {@link #MISSING}.
     * Capture thread only.
     */
    public int lookup(
        final long source, final int destination, final int identification, final int protocol, final long nowNanos)
    {
        final long[] entries = this.entries;
        final long destinationId = destinationId(destination, identification);
        final long match = USED | ((long)protocol << 32);
        final int home = slot(source, destinationId, protocol);
        for (int i = 0; i < PROBE_LIMIT; i++)
        {
            final int base = ((home + i) & mask) * STRIDE;
            final long value = entries[base + VALUE];
            if ((value & USED) == 0)
            {
                break;
            }
            if (entries[base + SOURCE] == source && entries[base + DESTINATION_ID] == destinationId &&
                (value & MATCH_MASK) == match)
            {
                if (nowNanos - entries[base + TIME] > timeoutNanos)
                {
                    break;
                }
                HITS.setOpaque(this, hits + 1);
                return (int)(value & 0xFFFF_FFFFL);
            }
        }
        MISSES.setOpaque(this, misses + 1);
        return MISSING;
    }

    /** First fragments remembered. Any thread. */
    public long inserts()
    {
        return (long)INSERTS.getOpaque(this);
    }

    /** Later fragments that found their first fragment's ports. Any thread. */
    public long hits()
    {
        return (long)HITS.getOpaque(this);
    }

    /** Later fragments that did not. Any thread. */
    public long misses()
    {
        return (long)MISSES.getOpaque(this);
    }

    /** Live entries replaced because their probe window was full. Any thread. */
    public long evictions()
    {
        return (long)EVICTIONS.getOpaque(this);
    }

    /** Timed-out entries whose slot was reused. Any thread. */
    public long expirations()
    {
        return (long)EXPIRATIONS.getOpaque(this);
    }

    private void write(
        final int base,
        final long source,
        final long destinationId,
        final int protocol,
        final int sourcePort,
        final int destinationPort,
        final long nowNanos)
    {
        entries[base + SOURCE] = source;
        entries[base + DESTINATION_ID] = destinationId;
        entries[base + VALUE] = USED | ((long)(protocol & 0xFF) << 32) |
            ((long)(sourcePort & 0xFFFF) << 16) | (destinationPort & 0xFFFF);
        entries[base + TIME] = nowNanos;
        INSERTS.setOpaque(this, inserts + 1);
    }

    private static long destinationId(final int destination, final int identification)
    {
        return ((long)destination << 32) | Integer.toUnsignedLong(identification);
    }

    private int slot(final long source, final long destinationId, final int protocol)
    {
        long h = (source * 0x9E37_79B9_7F4A_7C15L) ^ (destinationId * 0xC2B2_AE3D_27D4_EB4FL) ^ protocol;
        h ^= h >>> 32;
        h *= 0xD6E8_FEB8_6659_FD93L;
        h ^= h >>> 32;
        return (int)h & mask;
    }
}
