package com.flowtriq.ftagent.ffi;

/**
 * Link-layer header types as written in pcap files ({@code LINKTYPE_*}, the tcpdump.org registry), which is
 * what {@code PacketSource.linkType()} reports. They equal libpcap's {@code DLT_*} values except raw IP
 * ({@code DLT_RAW} is 12 on Linux, 14 on OpenBSD; {@code LINKTYPE_RAW} is 101). No C header defines these;
 * {@code PcapTest} proves them by letting libpcap write a file for each DLT and reading the header's type.
 */
public final class LinkType
{
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    public static final int RAW = 101;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    /** The OpenBSD value of DLT_RAW, which libpcap also maps to {@link #RAW}. */
    private static final int DLT_RAW_OPENBSD = 14;

    private LinkType()
    {
    }

    /**
     * @param dataLinkType a value from {@link Pcap#datalink(java.lang.foreign.MemorySegment)}.
     * @return the {@code LINKTYPE_*} value for it.
     */
    public static int fromDlt(final int dataLinkType)
    {
        return switch (dataLinkType)
        {
            case Pcap.DLT_RAW, DLT_RAW_OPENBSD -> RAW;
            default -> dataLinkType;
        };
    }

    /**
     * The link type of the frames a SOCK_RAW AF_PACKET socket reads from a device of this hardware type: Ethernet
     * for Ethernet and loopback devices, raw IP for devices without a link header (tun, WireGuard, IPIP/SIT/GRE
     * tunnels, raw-IP modems), as libpcap maps them.
     *
     * @param hardwareType {@code sll_hatype} ({@code ARPHRD_*}) of the bound interface.
     * @return the {@code LINKTYPE_*} value, or -1 for a hardware type whose frames the decoder does not read.
     */
    public static int fromArphrd(final int hardwareType)
    {
        return switch (hardwareType)
        {
            case Libc.ARPHRD_ETHER, Libc.ARPHRD_LOOPBACK -> ETHERNET;
            case Libc.ARPHRD_NONE, Libc.ARPHRD_RAWIP, Libc.ARPHRD_TUNNEL, Libc.ARPHRD_TUNNEL6, Libc.ARPHRD_SIT,
                Libc.ARPHRD_IPGRE, Libc.ARPHRD_IP6GRE -> RAW;
            default -> -1;
        };
    }
}
