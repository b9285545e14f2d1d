package com.flowtriq.ftagent.l7;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * 64-bit hash of a byte range, 8 bytes per step, for keying paths, query strings and user agents without making a
 * String. The seed is fixed so that the same bytes hash to the same value in every run (replay gives the same
 * heavy hitters). Not a cryptographic hash: a client who can craft colliding paths only merges their own keys in a
 * sketch, which does not hide a flood (the request count is exact).
 */
public final class ByteHash
{
    /** Hash of the empty range; also what an absent field carries. */
    public static final long EMPTY = 0;

    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long M1 = 0xBF58476D1CE4E5B9L;
    private static final long M2 = 0x94D049BB133111EBL;

    private ByteHash()
    {
    }

    /**
     * Hashes [offset, offset + length) of the buffer. Returns {@link #EMPTY} for length 0 and never {@link #EMPTY}
     * otherwise, so 0 can stand for "absent".
     */
    public static long hash(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0)
        {
            return EMPTY;
        }
        long h = SEED ^ (length * M2);
        int i = offset;
        final int end = offset + length;
        while (i + 8 <= end)
        {
            h = (h ^ mix(buffer.getLong(i, ByteOrder.LITTLE_ENDIAN))) * M1;
            h ^= h >>> 29;
            i += 8;
        }
        if (i < end)
        {
            long tail = 0;
            int shift = 0;
            while (i < end)
            {
                tail |= (buffer.getByte(i) & 0xFFL) << shift;
                shift += 8;
                i++;
            }
            h = (h ^ mix(tail)) * M1;
            h ^= h >>> 29;
        }
        final long result = mix(h);
        return result == EMPTY ? 1 : result;
    }

    /** Mixes two 64-bit words into one, for 128-bit keys such as IPv6 addresses. */
    public static long hash128(final long high, final long low)
    {
        final long result = mix(high * M1 + mix(low ^ SEED));
        return result == EMPTY ? 1 : result;
    }

    /** The finaliser of SplitMix64: a bijection that spreads every input bit over the whole word. */
    public static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * M1;
        z = (z ^ (z >>> 27)) * M2;
        return z ^ (z >>> 31);
    }
}
