package com.flowtriq.ftagent.decode;

/**
 * EtherType values the decoder follows (IEEE registry). Anything else, including 802.3 length values below
 * {@code 0x0600}, is traffic we do not decode: ARP, LLDP, MPLS and so on.
 */
public final class EtherType
{
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    public static final int VLAN = 0x8100;
    public static final int IPV6 = 0x86DD;
    public static final int QINQ = 0x88A8;
    /** Pre-standard service tag, still emitted by some switches. */
    public static final int QINQ_LEGACY = 0x9100;

    private EtherType()
    {
    }

    /** @return the layer carried by this EtherType, or {@link LayerType#NONE} when it is not one we decode. */
    static int layerOf(final int etherType)
    {
        return switch (etherType)
        {
            case IPV4 -> LayerType.IPV4;
            case IPV6 -> LayerType.IPV6;
            case VLAN, QINQ, QINQ_LEGACY -> LayerType.VLAN;
            default -> LayerType.NONE;
        };
    }
}
