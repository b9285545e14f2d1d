package com.flowtriq.ftagent.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * {@code struct pcap_addr} ({@code pcap_addr_t}) from {@code pcap/pcap.h}: one address of a {@link PcapIf}.
 * Each pointer is a {@code struct sockaddr *} (see {@link Sockaddr}) and may be NULL.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                     next (pointer)                            |  0
 *  |                     addr                                      |  8
 *  |                     netmask                                   | 16
 *  |                     broadaddr                                 | 24
 *  |                     dstaddr                                   | 32
 *  +---------------------------------------------------------------+ 40
 * </pre>
 */
public final class PcapAddr
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ADDRESS.withName("next"),
        ADDRESS.withName("addr"),
        ADDRESS.withName("netmask"),
        ADDRESS.withName("broadaddr"),
        ADDRESS.withName("dstaddr")).withName("pcap_addr");

    public static final long NEXT_OFFSET = LAYOUT.byteOffset(groupElement("next"));
    public static final long ADDR_OFFSET = LAYOUT.byteOffset(groupElement("addr"));
    public static final long NETMASK_OFFSET = LAYOUT.byteOffset(groupElement("netmask"));
    public static final long BROADADDR_OFFSET = LAYOUT.byteOffset(groupElement("broadaddr"));
    public static final long DSTADDR_OFFSET = LAYOUT.byteOffset(groupElement("dstaddr"));

    private PcapAddr()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    public static MemorySegment next(final MemorySegment s)
    {
        return s.get(ADDRESS, NEXT_OFFSET);
    }

    public static MemorySegment addr(final MemorySegment s)
    {
        return s.get(ADDRESS, ADDR_OFFSET);
    }

    public static MemorySegment netmask(final MemorySegment s)
    {
        return s.get(ADDRESS, NETMASK_OFFSET);
    }

    public static MemorySegment broadaddr(final MemorySegment s)
    {
        return s.get(ADDRESS, BROADADDR_OFFSET);
    }

    public static MemorySegment dstaddr(final MemorySegment s)
    {
        return s.get(ADDRESS, DSTADDR_OFFSET);
    }
}
