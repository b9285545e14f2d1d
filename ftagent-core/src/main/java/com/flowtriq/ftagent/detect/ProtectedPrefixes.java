package com.flowtriq.ftagent.detect;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code protected_prefixes} of the config: the address ranges whose destinations get their own per-victim
 * detection. Parsed once at configuration time; {@link #containsIpv4(long)} is allocation-free and may be called
 * on the detection thread.
 * <p>
 * IPv6 prefixes match full addresses ({@link #containsIpv6(long, long)}): the packet record carries an IPv6
 * destination as a 32-bit digest, so the detector looks the address up in the decoders' address books first.
 * <p>
 * Immutable; safe to share between threads.
 */
public final class ProtectedPrefixes
{
    private static final ProtectedPrefixes EMPTY =
        new ProtectedPrefixes(new int[0], new int[0], new long[0], new long[0]);

    private final int[] ipv4Networks;
    private final int[] ipv4Masks;
    /** Per IPv6 prefix, two longs: the high and low halves of the network, big-endian; likewise the masks. */
    private final long[] ipv6Networks;
    private final long[] ipv6Masks;

    private ProtectedPrefixes(
        final int[] ipv4Networks, final int[] ipv4Masks, final long[] ipv6Networks, final long[] ipv6Masks)
    {
        this.ipv4Networks = ipv4Networks;
        this.ipv4Masks = ipv4Masks;
        this.ipv6Networks = ipv6Networks;
        this.ipv6Masks = ipv6Masks;
    }

    public static ProtectedPrefixes empty()
    {
        return EMPTY;
    }

    /**
     * Parses CIDRs such as {@code 198.18.0.0/15}, {@code 2001:db8::/32}, or a bare address (a host prefix).
     * Host bits below the prefix length are cleared. Literal addresses only: names are never resolved.
     *
     * @param cidrs    the strings from the config.
     * @param key      the config key, for messages.
     * @param problems receives one {@code key[i]=value: expected ...} message per bad entry.
     * @return the parsed prefixes; meaningful only when no problem was added.
     */
    public static ProtectedPrefixes parse(final List<String> cidrs, final String key, final List<String> problems)
    {
        final int[] networks = new int[cidrs.size()];
        final int[] masks = new int[cidrs.size()];
        final long[] networks6 = new long[2 * cidrs.size()];
        final long[] masks6 = new long[2 * cidrs.size()];
        int ipv4Count = 0;
        int ipv6Count = 0;

        for (int i = 0; i < cidrs.size(); i++)
        {
            final String cidr = cidrs.get(i);
            final String where = key + "[" + i + "]=" + (cidr == null ? "null" : "\"" + cidr + "\"");
            if (cidr == null || cidr.isBlank())
            {
                problems.add(where + ": expected a CIDR such as 198.18.0.0/15 or 2001:db8::/32");
                continue;
            }

            final int slash = cidr.indexOf('/');
            final String addressText = slash < 0 ? cidr.trim() : cidr.substring(0, slash).trim();
            final InetAddress address;
            try
            {
                address = InetAddress.ofLiteral(addressText);
            }
            catch (final IllegalArgumentException ex)
            {
                problems.add(where + ": expected a CIDR with a literal IPv4 or IPv6 address");
                continue;
            }

            final int maxLength = address instanceof Inet4Address ? 32 : 128;
            int length = maxLength;
            if (slash >= 0)
            {
                length = parseLength(cidr.substring(slash + 1).trim());
                if (length < 0 || length > maxLength)
                {
                    problems.add(where + ": expected a prefix length in 0.." + maxLength);
                    continue;
                }
            }

            if (address instanceof Inet6Address)
            {
                final ByteBuffer b = ByteBuffer.wrap(address.getAddress()); // big-endian
                final long maskHigh = length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
                final long maskLow = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
                networks6[2 * ipv6Count] = b.getLong(0) & maskHigh;
                networks6[2 * ipv6Count + 1] = b.getLong(8) & maskLow;
                masks6[2 * ipv6Count] = maskHigh;
                masks6[2 * ipv6Count + 1] = maskLow;
                ipv6Count++;
            }
            else
            {
                final byte[] b = address.getAddress();
                final int value = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
                final int mask = length == 0 ? 0 : (int)(0xFFFF_FFFFL << (32 - length));
                networks[ipv4Count] = value & mask;
                masks[ipv4Count] = mask;
                ipv4Count++;
            }
        }

        if (ipv4Count == 0 && ipv6Count == 0)
        {
            return EMPTY;
        }

        return new ProtectedPrefixes(Arrays.copyOf(networks, ipv4Count), Arrays.copyOf(masks, ipv4Count),
            Arrays.copyOf(networks6, 2 * ipv6Count), Arrays.copyOf(masks6, 2 * ipv6Count));
    }

    private static int parseLength(final String text)
    {
        if (text.isEmpty() || text.length() > 3)
        {
            return -1;
        }

        int value = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }

        return value;
    }

    /** True when nothing was configured: per-victim detection is off. */
    public boolean isEmpty()
    {
        return ipv4Networks.length == 0 && ipv6Networks.length == 0;
    }

    public int ipv4PrefixCount()
    {
        return ipv4Networks.length;
    }

    public int ipv6PrefixCount()
    {
        return ipv6Networks.length / 2;
    }

    /** True when some prefix is IPv6: the detector then needs the addresses behind IPv6 destination digests. */
    public boolean hasIpv6()
    {
        return ipv6Networks.length != 0;
    }

    /**
     * Whether an IPv4 address lies in one of the IPv4 prefixes. Linear scan: prefix lists are short.
     *
     * @param address the IPv4 address as an unsigned 32-bit value (host order) in a long.
     */
    public boolean containsIpv4(final long address)
    {
        final int value = (int)address;
        final int[] networks = ipv4Networks;
        final int[] masks = ipv4Masks;
        for (int i = 0; i < networks.length; i++)
        {
            if ((value & masks[i]) == networks[i])
            {
                return true;
            }
        }

        return false;
    }

    /**
     * Whether an IPv6 address lies in one of the IPv6 prefixes. Linear scan, allocation-free.
     *
     * @param high the address's bytes 0-7, big-endian.
     * @param low  the address's bytes 8-15, big-endian.
     */
    public boolean containsIpv6(final long high, final long low)
    {
        final long[] networks = ipv6Networks;
        final long[] masks = ipv6Masks;
        for (int i = 0; i < networks.length; i += 2)
        {
            if ((high & masks[i]) == networks[i] && (low & masks[i + 1]) == networks[i + 1])
            {
                return true;
            }
        }

        return false;
    }
}
