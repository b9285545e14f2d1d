package com.flowtriq.ftagent.mitigate;

/**
 * The transport protocols a mitigation may name. The keyword is what nft, iptables and ExaBGP accept.
 */
public enum Protocol
{
    TCP("tcp", 6),
    UDP("udp", 17),
    ICMP("icmp", 1),
    ICMPV6("icmpv6", 58);

    private static final Protocol[] VALUES = values();

    private final String keyword;
    private final int number;

    Protocol(final String keyword, final int number)
    {
        this.keyword = keyword;
        this.number = number;
    }

    public String keyword()
    {
        return keyword;
    }

    public int number()
    {
        return number;
    }

    /**
     * @param input a keyword in lower or upper case, or the IP protocol number in decimal.
     * @return the protocol, or null for anything else.
     */
    public static Protocol parse(final String input)
    {
        if (null == input || input.isEmpty() || input.length() > 6)
        {
            return null;
        }
        for (final Protocol protocol : VALUES)
        {
            if (protocol.keyword.equalsIgnoreCase(input) || Integer.toString(protocol.number).equals(input))
            {
                return protocol;
            }
        }
        return null;
    }
}
