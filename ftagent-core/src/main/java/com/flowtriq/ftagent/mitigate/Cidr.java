package com.flowtriq.ftagent.mitigate;

/**
 * A validated network prefix: an address and a prefix length, host bits ignored for matching. Immutable;
 * thread-safe.
 */
public final class Cidr
{
    private final IpAddress address;
    private final int prefixLength;

    private Cidr(final IpAddress address, final int prefixLength)
    {
        this.address = address;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses untrusted text.
     *
     * @param input {@code address/prefix} or a bare address (a host prefix).
     * @return the prefix, or null if invalid.
     */
    public static Cidr parse(final String input)
    {
        if (null == input || input.length() > IpAddress.MAX_TEXT_LENGTH + 4)
        {
            return null;
        }
        final int slash = input.indexOf('/');
        if (slash < 0)
        {
            final IpAddress address = IpAddress.parse(input);
            return null == address ? null : new Cidr(address, address.bitLength());
        }
        final IpAddress address = IpAddress.parse(input.substring(0, slash));
        final String prefixText = input.substring(slash + 1);
        if (null == address || prefixText.isEmpty() || prefixText.length() > 3)
        {
            return null;
        }
        int prefix = 0;
        for (int i = 0; i < prefixText.length(); i++)
        {
            final char c = prefixText.charAt(i);
            if (c < '0' || c > '9')
            {
                return null;
            }
            prefix = prefix * 10 + (c - '0');
        }
        return prefix > address.bitLength() ? null : new Cidr(address, prefix);
    }

    /**
     * @throws IllegalArgumentException if {@code input} is not a prefix.
     */
    public static Cidr of(final String input)
    {
        final Cidr cidr = parse(input);
        if (null == cidr)
        {
            throw new IllegalArgumentException("not a CIDR: " + Printable.quote(input));
        }
        return cidr;
    }

    public static Cidr host(final IpAddress address)
    {
        return new Cidr(address, address.bitLength());
    }

    public IpAddress address()
    {
        return address;
    }

    public int prefixLength()
    {
        return prefixLength;
    }

    /**
     * @return true if {@code candidate} is of the same family and shares the first {@link #prefixLength()} bits.
     */
    public boolean contains(final IpAddress candidate)
    {
        if (candidate.isIpv4() != address.isIpv4())
        {
            return false;
        }
        for (int i = 0; i < prefixLength; i++)
        {
            if (candidate.bit(i) != address.bit(i))
            {
                return false;
            }
        }
        return true;
    }

    public boolean equals(final Object o)
    {
        return o instanceof Cidr other && prefixLength == other.prefixLength && address.equals(other.address);
    }

    public int hashCode()
    {
        return address.hashCode() * 31 + prefixLength;
    }

    public String toString()
    {
        return address.text() + "/" + prefixLength;
    }
}
