package com.flowtriq.ftagent.l7;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@code l7_trusted_proxies}: the address ranges (CIDR or single addresses, IPv4 and IPv6) of proxies whose
 * X-Forwarded-For is believed. A request whose peer is in this set is attributed to the rightmost forwarded address
 * that is not; with an empty set, forwarded addresses are ignored and the peer is the client, so a client cannot
 * choose its own identity by sending the header.
 * <p>
 * Immutable after construction; {@link #contains} allocates nothing and is safe from any thread.
 */
public final class TrustedProxies
{
    /** Config key. */
    public static final String PROP_NAME = "l7_trusted_proxies";

    /** Trusts nobody (the default). */
    public static final TrustedProxies NONE = new TrustedProxies(new int[0], new long[0], new long[0], new int[0]);

    private final int[] families;
    private final long[] highs;
    private final long[] lows;
    private final int[] prefixes;

    private TrustedProxies(final int[] families, final long[] highs, final long[] lows, final int[] prefixes)
    {
        this.families = families;
        this.highs = highs;
        this.lows = lows;
        this.prefixes = prefixes;
    }

    /**
     * Parses entries such as "10.0.0.0/8", "192.0.2.7", "2001:db8::/32" (cold path).
     *
     * @throws IllegalArgumentException naming the key and the bad entry.
     */
    public static TrustedProxies parse(final List<String> entries)
    {
        final int n = entries.size();
        final int[] families = new int[n];
        final long[] highs = new long[n];
        final long[] lows = new long[n];
        final int[] prefixes = new int[n];
        final AccessLogRecord scratch = new AccessLogRecord();
        for (int i = 0; i < n; i++)
        {
            final String entry = entries.get(i).trim();
            final int slash = entry.indexOf('/');
            final String address = slash < 0 ? entry : entry.substring(0, slash);
            final byte[] bytes = address.getBytes(StandardCharsets.US_ASCII);
            final int family = ClientAddressText.parse(new UnsafeBuffer(bytes), 0, bytes.length, scratch);
            if (family != AccessLogRecord.CLIENT_IPV4 && family != AccessLogRecord.CLIENT_IPV6)
            {
                throw new IllegalArgumentException(PROP_NAME + "=" + entry);
            }
            final int maxPrefix = family == AccessLogRecord.CLIENT_IPV4 ? 32 : 128;
            int prefix = maxPrefix;
            if (slash >= 0)
            {
                try
                {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException(PROP_NAME + "=" + entry);
                }
                if (prefix < 0 || prefix > maxPrefix)
                {
                    throw new IllegalArgumentException(PROP_NAME + "=" + entry);
                }
            }
            families[i] = family;
            prefixes[i] = prefix;
            if (family == AccessLogRecord.CLIENT_IPV4)
            {
                highs[i] = 0;
                lows[i] = scratch.clientLow() & mask(32, prefix);
            }
            else
            {
                highs[i] = scratch.clientHigh() & mask(64, Math.min(prefix, 64));
                lows[i] = scratch.clientLow() & mask(64, Math.max(prefix - 64, 0));
            }
        }
        return new TrustedProxies(families, highs, lows, prefixes);
    }

    /** Whether the address is in one of the ranges. */
    public boolean contains(final int family, final long high, final long low)
    {
        for (int i = 0; i < families.length; i++)
        {
            if (families[i] != family)
            {
                continue;
            }
            final int prefix = prefixes[i];
            if (family == AccessLogRecord.CLIENT_IPV4)
            {
                if ((low & mask(32, prefix)) == lows[i])
                {
                    return true;
                }
            }
            else if ((high & mask(64, Math.min(prefix, 64))) == highs[i] &&
                (low & mask(64, Math.max(prefix - 64, 0))) == lows[i])
            {
                return true;
            }
        }
        return false;
    }

    /** True when no range is trusted. */
    public boolean isEmpty()
    {
        return families.length == 0;
    }

    /** Mask of the top prefix bits of a width-bit value held in the low bits of a long. */
    private static long mask(final int width, final int prefix)
    {
        if (prefix == 0)
        {
            return 0;
        }
        final long all = width == 64 ? -1L : (1L << width) - 1;
        return all & ~((1L << (width - prefix)) - 1);
    }
}
