package com.flowtriq.ftagent.decode;

/**
 * IP protocol numbers (IANA "Assigned Internet Protocol Numbers") that the decoder treats specially. IPv6 extension
 * header numbers are here too, since they share the next-header space.
 */
public final class IpProtocol
{
    public static final int IPV6_HOP_BY_HOP = 0;
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int IPV6_ROUTING = 43;
    public static final int IPV6_FRAGMENT = 44;
    public static final int GRE = 47;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    public static final int IPV6_NO_NEXT_HEADER = 59;
    public static final int IPV6_DESTINATION_OPTIONS = 60;
    public static final int IPV6_MOBILITY = 135;
    public static final int HIP = 139;
    public static final int SHIM6 = 140;
    public static final int IPV6_EXPERIMENT_1 = 253;
    public static final int IPV6_EXPERIMENT_2 = 254;

    private IpProtocol()
    {
    }

    /**
     * @return the layer that decodes this protocol's header, or {@link LayerType#NONE} for protocols recorded with
     * ports 0 (ESP, SCTP, IP-in-IP and every other one).
     */
    static int layerOf(final int protocol)
    {
        return switch (protocol)
        {
            case TCP -> LayerType.TCP;
            case UDP -> LayerType.UDP;
            case ICMP -> LayerType.ICMPV4;
            case ICMPV6 -> LayerType.ICMPV6;
            case GRE -> LayerType.GRE;
            default -> LayerType.NONE;
        };
    }

    /** Whether the protocol's ports (or ICMP type and code) sit in the first fragment only. */
    static boolean carriesPorts(final int protocol)
    {
        return protocol == TCP || protocol == UDP || protocol == ICMP || protocol == ICMPV6;
    }

    /** IPv6 extension headers the decoder walks over. */
    static boolean isWalkedExtensionHeader(final int nextHeader)
    {
        return nextHeader == IPV6_HOP_BY_HOP || nextHeader == IPV6_ROUTING || nextHeader == IPV6_FRAGMENT ||
            nextHeader == IPV6_DESTINATION_OPTIONS || nextHeader == AH;
    }

    /** IPv6 extension headers (RFC 7045 list) that the decoder does not walk: it stops and says so. */
    static boolean isUnwalkedExtensionHeader(final int nextHeader)
    {
        return nextHeader == IPV6_MOBILITY || nextHeader == HIP || nextHeader == SHIM6 ||
            nextHeader == IPV6_EXPERIMENT_1 || nextHeader == IPV6_EXPERIMENT_2;
    }
}
