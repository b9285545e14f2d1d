package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Maps the IPv6 digests in packet records back to full addresses, for display (top talkers, incident reports).
 * Two direct-mapped tables of fixed capacity, one for 64-bit source digests and one for 32-bit destination
 * digests, each slot holding the digest and the 16 address bytes. A slot keeps the last address whose digest
 * landed in it, so an address seen long ago may have been overwritten: lookups then say "unknown".
 *
 * <p>Threading: a single writer, the capture thread of the owning {@link FrameDecoder}, calls the
 * {@code record*} methods for every IPv6 header; a slot is written only when its content differs, after a cheap
 * compare. Any other thread may call the lookup and text methods (cold path). Each slot is guarded by a sequence
 * number (a seqlock): the writer makes it odd while writing and even when done, and a reader that sees it odd or
 * changed across its read retries a few times and otherwise reports the address as unknown. A torn address is
 * never returned.
 */
public final class Ipv6AddressBook
{
    public static final int DEFAULT_CAPACITY = 4096;
    public static final String UNKNOWN = "unknown";

    /** Each slot: sequence, digest, high 64 bits, low 64 bits of the address. */
    private static final int STRIDE = 4;
    private static final int SEQUENCE = 0;
    private static final int DIGEST = 1;
    private static final int HIGH = 2;
    private static final int LOW = 3;
    private static final int MAX_READ_ATTEMPTS = 16;

    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] sources;
    private final long[] destinations;
    private final int mask;

    public Ipv6AddressBook()
    {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity slots in each of the two tables, a power of two. */
    public Ipv6AddressBook(final int capacity)
    {
        if (capacity < 1 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity=" + capacity + " must be a power of two");
        }
        this.sources = new long[capacity * STRIDE];
        this.destinations = new long[capacity * STRIDE];
        this.mask = capacity - 1;
    }

    public int capacity()
    {
        return mask + 1;
    }

    /**
     * Reads the source address at {@code offset} in {@code frame} (16 bytes, known to be inside it), remembers it
     * and returns its {@link Ipv6Digest#source digest}. Capture thread only; allocation-free.
     */
    public long recordSource(final MemorySegment frame, final long offset)
    {
        final long high = NetworkByteOrder.int64(frame, offset);
        final long low = NetworkByteOrder.int64(frame, offset + Long.BYTES);
        final long digest = Ipv6Digest.source(high, low);
        recordSource(digest, high, low);
        return digest;
    }

    /** As {@link #recordSource(MemorySegment, long)}, for a destination address and its 32-bit digest. */
    public int recordDestination(final MemorySegment frame, final long offset)
    {
        final long high = NetworkByteOrder.int64(frame, offset);
        final long low = NetworkByteOrder.int64(frame, offset + Long.BYTES);
        final int digest = Ipv6Digest.destination(high, low);
        recordDestination(digest, high, low);
        return digest;
    }

    /** Remembers the address behind a source digest. Capture thread only. */
    public void recordSource(final long digest, final long high, final long low)
    {
        record(sources, ((int)digest & mask) * STRIDE, digest, high, low);
    }

    /** Remembers the address behind a destination digest. Capture thread only. */
    public void recordDestination(final int digest, final long high, final long low)
    {
        record(destinations, (digest & mask) * STRIDE, Integer.toUnsignedLong(digest), high, low);
    }

    /**
     * Copies the 16 address bytes behind a source digest into {@code into}. Any thread.
     *
     * @return false if the address is unknown (never seen, overwritten, or being written during every attempt).
     */
    public boolean sourceAddress(final long digest, final byte[] into)
    {
        return read(sources, ((int)digest & mask) * STRIDE, digest, into);
    }

    /** As {@link #sourceAddress}, for a destination digest. Any thread. */
    public boolean destinationAddress(final int digest, final byte[] into)
    {
        return read(destinations, (digest & mask) * STRIDE, Integer.toUnsignedLong(digest), into);
    }

    /**
     * Looks a source digest up in several books (one per capture thread) and copies the address from the first
     * that knows it. Any thread; allocation-free.
     *
     * @return false if no book knows the address.
     */
    public static boolean sourceAddress(final Ipv6AddressBook[] books, final long digest, final byte[] into)
    {
        for (final Ipv6AddressBook book : books)
        {
            if (book.sourceAddress(digest, into))
            {
                return true;
            }
        }
        return false;
    }

    /** As {@link #sourceAddress(Ipv6AddressBook[], long, byte[])}, for a destination digest. */
    public static boolean destinationAddress(final Ipv6AddressBook[] books, final int digest, final byte[] into)
    {
        for (final Ipv6AddressBook book : books)
        {
            if (book.destinationAddress(digest, into))
            {
                return true;
            }
        }
        return false;
    }

    /** The source address in RFC 5952 text, or {@link #UNKNOWN}. Any thread; allocates. */
    public String sourceText(final long digest)
    {
        final byte[] address = new byte[16];
        return sourceAddress(digest, address) ? format(address) : UNKNOWN;
    }

    /** The destination address in RFC 5952 text, or {@link #UNKNOWN}. Any thread; allocates. */
    public String destinationText(final int digest)
    {
        final byte[] address = new byte[16];
        return destinationAddress(digest, address) ? format(address) : UNKNOWN;
    }

    private static void record(final long[] table, final int base, final long digest, final long high, final long low)
    {
        // Plain reads: this thread is the only writer, so it always sees its own last write.
        final long sequence = table[base + SEQUENCE];
        if (table[base + LOW] == low && table[base + HIGH] == high && table[base + DIGEST] == digest && sequence != 0)
        {
            return;
        }

        ENTRY.setOpaque(table, base + SEQUENCE, sequence + 1);
        VarHandle.storeStoreFence();
        ENTRY.setOpaque(table, base + DIGEST, digest);
        ENTRY.setOpaque(table, base + HIGH, high);
        ENTRY.setOpaque(table, base + LOW, low);
        ENTRY.setRelease(table, base + SEQUENCE, sequence + 2);
    }

    private static boolean read(final long[] table, final int base, final long digest, final byte[] into)
    {
        for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++)
        {
            final long before = (long)ENTRY.getAcquire(table, base + SEQUENCE);
            if (before == 0)
            {
                return false;
            }
            if ((before & 1) != 0)
            {
                Thread.onSpinWait();
                continue;
            }

            final long storedDigest = (long)ENTRY.getOpaque(table, base + DIGEST);
            final long high = (long)ENTRY.getOpaque(table, base + HIGH);
            final long low = (long)ENTRY.getOpaque(table, base + LOW);
            VarHandle.loadLoadFence();
            final long after = (long)ENTRY.getOpaque(table, base + SEQUENCE);
            if (before == after)
            {
                if (storedDigest != digest)
                {
                    return false;
                }
                for (int i = 0; i < 8; i++)
                {
                    into[i] = (byte)(high >>> (56 - 8 * i));
                    into[8 + i] = (byte)(low >>> (56 - 8 * i));
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Formats 16 address bytes as RFC 5952 text: lower-case hex, no leading zeros, the longest run of two or more
     * zero groups (the first on a tie) shortened to {@code ::}, and IPv4-mapped addresses in dotted form.
     */
    public static String format(final byte[] address)
    {
        final int[] groups = new int[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }

        final boolean ipv4Mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 &&
            groups[4] == 0 && groups[5] == 0xFFFF;
        if (ipv4Mapped)
        {
            return "::ffff:" + (address[12] & 0xFF) + '.' + (address[13] & 0xFF) + '.' + (address[14] & 0xFF) + '.' +
                (address[15] & 0xFF);
        }

        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; )
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }
            int end = i;
            while (end < 8 && groups[end] == 0)
            {
                end++;
            }
            if (end - i > bestLength)
            {
                bestStart = i;
                bestLength = end - i;
            }
            i = end;
        }

        final StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':')
            {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
