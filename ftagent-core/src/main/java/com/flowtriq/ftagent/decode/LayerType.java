package com.flowtriq.ftagent.decode;

/**
 * Identifiers of the layers {@link FrameDecoder} dispatches between. A layer decoder leaves the identifier of the
 * layer that follows it in {@link DecodedPacket#nextLayer}; {@link #NONE} ends the frame.
 */
final class LayerType
{
    static final int NONE = 0;
    static final int ETHERNET = 1;
    static final int LINUX_SLL = 2;
    static final int LINUX_SLL2 = 3;
    static final int RAW_IP = 4;
    static final int VLAN = 5;
    static final int IPV4 = 6;
    static final int IPV6 = 7;
    static final int IPV6_EXTENSIONS = 8;
    static final int TCP = 9;
    static final int UDP = 10;
    static final int ICMPV4 = 11;
    static final int ICMPV6 = 12;
    static final int GRE = 13;

    private LayerType()
    {
    }
}
