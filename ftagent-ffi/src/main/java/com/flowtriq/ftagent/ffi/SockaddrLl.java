package com.flowtriq.ftagent.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sockaddr_ll} from {@code linux/if_packet.h}: the link-level address used to bind an AF_PACKET
 * socket to one interface (and to send on it).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |          sll_family           |   sll_protocol (net order)    |  0
 *  +-------------------------------+-------------------------------+
 *  |                          sll_ifindex                          |  4
 *  +-------------------------------+---------------+---------------+
 *  |          sll_hatype           |  sll_pkttype  |   sll_halen   |  8
 *  +-------------------------------+---------------+---------------+
 *  |                          sll_addr[8]                          | 12
 *  |                                                               |
 *  +---------------------------------------------------------------+ 20
 * </pre>
 */
public final class SockaddrLl
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sll_family"),
        JAVA_SHORT.withName("sll_protocol"),
        JAVA_INT.withName("sll_ifindex"),
        JAVA_SHORT.withName("sll_hatype"),
        JAVA_BYTE.withName("sll_pkttype"),
        JAVA_BYTE.withName("sll_halen"),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr")).withName("sockaddr_ll");

    public static final long SLL_FAMILY_OFFSET = LAYOUT.byteOffset(groupElement("sll_family"));
    public static final long SLL_PROTOCOL_OFFSET = LAYOUT.byteOffset(groupElement("sll_protocol"));
    public static final long SLL_IFINDEX_OFFSET = LAYOUT.byteOffset(groupElement("sll_ifindex"));
    public static final long SLL_HATYPE_OFFSET = LAYOUT.byteOffset(groupElement("sll_hatype"));
    public static final long SLL_PKTTYPE_OFFSET = LAYOUT.byteOffset(groupElement("sll_pkttype"));
    public static final long SLL_HALEN_OFFSET = LAYOUT.byteOffset(groupElement("sll_halen"));
    public static final long SLL_ADDR_OFFSET = LAYOUT.byteOffset(groupElement("sll_addr"));
    public static final int SLL_ADDR_LENGTH = 8;

    private SockaddrLl()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    public static MemorySegment allocate(final Arena arena)
    {
        return arena.allocate(LAYOUT);
    }

    /**
     * Allocates the address that binds an AF_PACKET socket to one interface for one protocol.
     *
     * @param arena         that owns the segment.
     * @param protocol      host-order ethertype, for example {@link Libc#ETH_P_ALL}; stored in network order.
     * @param interfaceIndex from {@link Libc#ifNameToIndex(String)}.
     * @return the filled {@code sockaddr_ll}.
     */
    public static MemorySegment allocateForBind(final Arena arena, final int protocol, final int interfaceIndex)
    {
        final MemorySegment s = allocate(arena);
        sll_family(s, Libc.AF_PACKET);
        sll_protocol(s, Libc.htons(protocol));
        sll_ifindex(s, interfaceIndex);
        return s;
    }

    public static int sll_family(final MemorySegment s)
    {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, SLL_FAMILY_OFFSET));
    }

    public static void sll_family(final MemorySegment s, final int value)
    {
        s.set(JAVA_SHORT, SLL_FAMILY_OFFSET, (short)value);
    }

    /** The protocol in network byte order, as stored (unsigned 16 bits, widened); see {@link Libc#ntohs}. */
    public static int sll_protocol(final MemorySegment s)
    {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, SLL_PROTOCOL_OFFSET));
    }

    /** @param value the protocol already in network byte order ({@link Libc#htons}). */
    public static void sll_protocol(final MemorySegment s, final int value)
    {
        s.set(JAVA_SHORT, SLL_PROTOCOL_OFFSET, (short)value);
    }

    public static int sll_ifindex(final MemorySegment s)
    {
        return s.get(JAVA_INT, SLL_IFINDEX_OFFSET);
    }

    public static void sll_ifindex(final MemorySegment s, final int value)
    {
        s.set(JAVA_INT, SLL_IFINDEX_OFFSET, value);
    }

    public static int sll_hatype(final MemorySegment s)
    {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, SLL_HATYPE_OFFSET));
    }

    public static void sll_hatype(final MemorySegment s, final int value)
    {
        s.set(JAVA_SHORT, SLL_HATYPE_OFFSET, (short)value);
    }

    public static int sll_pkttype(final MemorySegment s)
    {
        return Byte.toUnsignedInt(s.get(JAVA_BYTE, SLL_PKTTYPE_OFFSET));
    }

    public static void sll_pkttype(final MemorySegment s, final int value)
    {
        s.set(JAVA_BYTE, SLL_PKTTYPE_OFFSET, (byte)value);
    }

    public static int sll_halen(final MemorySegment s)
    {
        return Byte.toUnsignedInt(s.get(JAVA_BYTE, SLL_HALEN_OFFSET));
    }

    public static void sll_halen(final MemorySegment s, final int value)
    {
        s.set(JAVA_BYTE, SLL_HALEN_OFFSET, (byte)value);
    }

    /** One byte of {@code sll_addr}, index 0..7 (unsigned, widened). */
    public static int sll_addr(final MemorySegment s, final int index)
    {
        return Byte.toUnsignedInt(s.get(JAVA_BYTE, SLL_ADDR_OFFSET + (index & 7)));
    }

    public static void sll_addr(final MemorySegment s, final int index, final int value)
    {
        s.set(JAVA_BYTE, SLL_ADDR_OFFSET + (index & 7), (byte)value);
    }
}
