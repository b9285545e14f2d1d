package com.flowtriq.ftagent.decode;

/**
 * Stable digests of IPv6 addresses for the packet record, which has 64 bits for a source and 32 for a
 * destination. The address is taken as two big-endian 64-bit halves, {@code high} (bytes 0-7) and {@code low}
 * (bytes 8-15). There is no random seed: the same address gives the same digest in every run and every process.
 *
 * <p>The 64-bit mix is one-to-one over {@code low} for a fixed {@code high}, so two addresses of the same /64
 * never share a mix value; the source digest then forces bit 63 on, so they collide only in pairs that differ in
 * that one mixed bit. Source digests always have bit 63 set, so they can never equal an IPv4 address, which the
 * record stores zero-extended.
 */
public final class Ipv6Digest
{
    private static final long HIGH_MULTIPLIER = 0x9E37_79B9_7F4A_7C15L;
    private static final long LOW_MULTIPLIER = 0xC2B2_AE3D_27D4_EB4FL;

    private Ipv6Digest()
    {
    }

    /** The 64-bit source digest, bit 63 set. */
    public static long source(final long high, final long low)
    {
        return mix(high, low) | Long.MIN_VALUE;
    }

    /** The 32-bit destination digest. */
    public static int destination(final long high, final long low)
    {
        final long mixed = mix(high, low);
        return (int)(mixed ^ (mixed >>> 32));
    }

    /**
     * Both halves folded with odd multipliers (one-to-one), then the murmur3 64-bit finaliser (also one-to-one)
     * to spread every input bit over every output bit.
     */
    static long mix(final long high, final long low)
    {
        long h = (high * HIGH_MULTIPLIER) ^ Long.rotateLeft(low * LOW_MULTIPLIER, 31);
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return h;
    }
}
