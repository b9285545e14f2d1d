package com.flowtriq.ftagent.decode;

/**
 * The libpcap {@code LINKTYPE_*} values the decoder understands (see the tcpdump.org link-layer header types list).
 */
public final class LinkType
{
    /** Ethernet II (and 802.3, which the decoder counts as not-IP). */
    public static final int ETHERNET = 1;

    /** {@code DLT_RAW} as most platforms define it: the frame starts with an IPv4 or IPv6 header. */
    public static final int DLT_RAW = 12;

    /** {@code DLT_RAW} as OpenBSD defines it; some old capture files carry it. */
    public static final int DLT_RAW_OPENBSD = 14;

    /** Raw IPv4 or IPv6, version taken from the first nibble. */
    public static final int RAW = 101;

    /** Linux "cooked" capture v1 (16-byte header), as with {@code tcpdump -i any}. */
    public static final int LINUX_SLL = 113;

    /** Raw IPv4 only. */
    public static final int IPV4 = 228;

    /** Raw IPv6 only. */
    public static final int IPV6 = 229;

    /** Linux "cooked" capture v2 (20-byte header). */
    public static final int LINUX_SLL2 = 276;

    private LinkType()
    {
    }

    /**
     * @return the layer the decoder starts at for this link type, or {@link LayerType#NONE} when it is not supported.
     */
    static int firstLayer(final int linkType)
    {
        return switch (linkType)
        {
            case ETHERNET -> LayerType.ETHERNET;
            case LINUX_SLL -> LayerType.LINUX_SLL;
            case LINUX_SLL2 -> LayerType.LINUX_SLL2;
            case RAW, DLT_RAW, DLT_RAW_OPENBSD -> LayerType.RAW_IP;
            case IPV4 -> LayerType.IPV4;
            case IPV6 -> LayerType.IPV6;
            default -> LayerType.NONE;
        };
    }

    /**
     * Whether frames of this link type are decoded; a source of any other type gets
     * {@code decode.link.unsupported}.
     */
    public static boolean isSupported(final int linkType)
    {
        return firstLayer(linkType) != LayerType.NONE;
    }
}
