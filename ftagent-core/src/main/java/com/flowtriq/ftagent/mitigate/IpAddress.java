package com.flowtriq.ftagent.mitigate;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * A validated IPv4 or IPv6 address. The only way to put an address into a firewall command: its {@link #text()}
 * is regenerated from the parsed bytes, so nothing of the original input string reaches an argv or an nft script.
 * Parsing is strict and never resolves names. Immutable; thread-safe.
 */
public final class IpAddress
{
    /** Longest textual IPv6 form accepted (full form with an embedded IPv4 tail). */
    public static final int MAX_TEXT_LENGTH = 45;

    private final byte[] bytes;
    private final String text;

    private IpAddress(final byte[] bytes)
    {
        this.bytes = bytes;
        this.text = format(bytes);
    }

    /**
     * Parses untrusted text.
     *
     * @param input dotted-quad IPv4 (no leading zeros) or an IPv6 literal without zone or brackets.
     * @return the address, or null if {@code input} is not exactly one address.
     */
    public static IpAddress parse(final String input)
    {
        if (null == input || input.isEmpty() || input.length() > MAX_TEXT_LENGTH)
        {
            return null;
        }
        if (input.indexOf(':') < 0)
        {
            final byte[] v4 = parseIpv4(input);
            return null == v4 ? null : new IpAddress(v4);
        }
        for (int i = 0; i < input.length(); i++)
        {
            final char c = input.charAt(i);
            final boolean allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                ':' == c || '.' == c;
            if (!allowed)
            {
                return null;
            }
        }
        try
        {
            // Characters are checked above, so ofLiteral can only see a literal; it never does a name lookup.
            final InetAddress address = InetAddress.ofLiteral(input);
            return new IpAddress(address.getAddress());
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    /**
     * Parses a trusted value (configuration, tests).
     *
     * @throws IllegalArgumentException if {@code input} is not an address.
     */
    public static IpAddress of(final String input)
    {
        final IpAddress address = parse(input);
        if (null == address)
        {
            throw new IllegalArgumentException("not an IP address: " + Printable.quote(input));
        }
        return address;
    }

    /**
     * @param raw 4 or 16 bytes, network order; copied.
     */
    public static IpAddress ofBytes(final byte[] raw)
    {
        if (4 != raw.length && 16 != raw.length)
        {
            throw new IllegalArgumentException("address length " + raw.length + " is not 4 or 16");
        }
        return new IpAddress(raw.clone());
    }

    public boolean isIpv4()
    {
        return 4 == bytes.length;
    }

    /**
     * @return 32 or 128.
     */
    public int bitLength()
    {
        return bytes.length * 8;
    }

    /**
     * @return bit {@code index} counted from the most significant bit of the first byte.
     */
    int bit(final int index)
    {
        return ((bytes[index >>> 3] & 0xFF) >>> (7 - (index & 7))) & 1;
    }

    /**
     * @return a copy of the address bytes in network order.
     */
    public byte[] bytes()
    {
        return bytes.clone();
    }

    /**
     * @return canonical text generated from the bytes: dotted quad, or lower-case IPv6 as the JDK prints it.
     */
    public String text()
    {
        return text;
    }

    public boolean equals(final Object o)
    {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    public int hashCode()
    {
        return Arrays.hashCode(bytes);
    }

    public String toString()
    {
        return text;
    }

    private static byte[] parseIpv4(final String input)
    {
        final byte[] result = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= input.length(); i++)
        {
            final char c = i == input.length() ? '.' : input.charAt(i);
            if ('.' == c)
            {
                if (0 == digits || part > 3)
                {
                    return null;
                }
                result[part++] = (byte)value;
                value = 0;
                digits = 0;
            }
            else if (c >= '0' && c <= '9')
            {
                if (digits > 0 && 0 == value)
                {
                    return null; // leading zero: some tools read it as octal
                }
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255)
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }
        return 4 == part ? result : null;
    }

    private static String format(final byte[] raw)
    {
        if (4 == raw.length)
        {
            return (raw[0] & 0xFF) + "." + (raw[1] & 0xFF) + "." + (raw[2] & 0xFF) + "." + (raw[3] & 0xFF);
        }
        try
        {
            return InetAddress.getByAddress(raw).getHostAddress();
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalStateException(ex); // cannot happen: length checked
        }
    }
}
