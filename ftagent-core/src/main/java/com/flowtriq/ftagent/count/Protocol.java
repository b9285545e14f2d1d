package com.flowtriq.ftagent.count;

/**
 * Protocol class of a packet record, as counted by {@link TrafficCounters}.
 *
 * <p>{@link #GRE} is chosen when the record's GRE-encapsulated bit is set, whatever the inner protocol. Otherwise
 * the class follows the record's (innermost) IP protocol number: 6 {@link #TCP}, 17 {@link #UDP}, 1 {@link #ICMP},
 * 58 {@link #ICMPV6}, 47 {@link #GRE} (a GRE packet the decoder did not open), anything else {@link #OTHER},
 * including non-IP frames (protocol 0).
 */
public enum Protocol
{
    TCP,
    UDP,
    ICMP,
    ICMPV6,
    GRE,
    OTHER;

    /** Number of protocol classes; the ordinals are 0 .. COUNT-1. */
    public static final int COUNT = 6;

    private static final Protocol[] VALUES = values();

    /** The class of ordinal {@code ordinal}; cold path. */
    public static Protocol ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /**
     * The protocol class of a record, from its IP protocol number and its GRE bit. Used to build
     * the counting lookup table; cold path.
     */
    public static Protocol classify(final int ipProtocol, final boolean greEncapsulated)
    {
        if (greEncapsulated)
        {
            return GRE;
        }

        return switch (ipProtocol)
        {
            case 6 -> TCP;
            case 17 -> UDP;
            case 1 -> ICMP;
            case 58 -> ICMPV6;
            case 47 -> GRE;
            default -> OTHER;
        };
    }
}
