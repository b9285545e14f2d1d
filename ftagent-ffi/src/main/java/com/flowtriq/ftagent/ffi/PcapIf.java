package com.flowtriq.ftagent.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct pcap_if} ({@code pcap_if_t}) from {@code pcap/pcap.h}: one entry of the list
 * {@code pcap_findalldevs} returns. Accessors take a segment of at least {@link #sizeof()} bytes (reinterpret
 * the list pointer first); {@link Pcap#findAllDevs()} walks the list for callers.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                     next (pointer)                            |  0
 *  |                     name (char *)                             |  8
 *  |                     description (char *, may be NULL)         | 16
 *  |                     addresses (struct pcap_addr *)            | 24
 *  +-------------------------------+-------------------------------+
 *  |            flags              |           (padding)           | 32
 *  +-------------------------------+-------------------------------+ 40
 * </pre>
 */
public final class PcapIf
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ADDRESS.withName("next"),
        ADDRESS.withName("name"),
        ADDRESS.withName("description"),
        ADDRESS.withName("addresses"),
        JAVA_INT.withName("flags"),
        MemoryLayout.paddingLayout(4)).withName("pcap_if");

    public static final long NEXT_OFFSET = LAYOUT.byteOffset(groupElement("next"));
    public static final long NAME_OFFSET = LAYOUT.byteOffset(groupElement("name"));
    public static final long DESCRIPTION_OFFSET = LAYOUT.byteOffset(groupElement("description"));
    public static final long ADDRESSES_OFFSET = LAYOUT.byteOffset(groupElement("addresses"));
    public static final long FLAGS_OFFSET = LAYOUT.byteOffset(groupElement("flags"));

    private PcapIf()
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

    public static MemorySegment name(final MemorySegment s)
    {
        return s.get(ADDRESS, NAME_OFFSET);
    }

    public static MemorySegment description(final MemorySegment s)
    {
        return s.get(ADDRESS, DESCRIPTION_OFFSET);
    }

    public static MemorySegment addresses(final MemorySegment s)
    {
        return s.get(ADDRESS, ADDRESSES_OFFSET);
    }

    /** {@code PCAP_IF_*} bits. */
    public static int flags(final MemorySegment s)
    {
        return s.get(JAVA_INT, FLAGS_OFFSET);
    }
}
