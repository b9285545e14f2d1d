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
 * {@code struct packet_mreq} from {@code linux/if_packet.h}: the argument of {@code PACKET_ADD_MEMBERSHIP}, for
 * example with {@link Libc#PACKET_MR_PROMISC} to put an interface in promiscuous mode for as long as the socket
 * is open (the kernel undoes it on close, unlike setting IFF_PROMISC).
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                           mr_ifindex                          |  0
 *  +-------------------------------+-------------------------------+
 *  |            mr_type            |            mr_alen            |  4
 *  +-------------------------------+-------------------------------+
 *  |                         mr_address[8]                         |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+ 16
 * </pre>
 */
public final class PacketMreq
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("mr_ifindex"),
        JAVA_SHORT.withName("mr_type"),
        JAVA_SHORT.withName("mr_alen"),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("mr_address")).withName("packet_mreq");

    public static final long MR_IFINDEX_OFFSET = LAYOUT.byteOffset(groupElement("mr_ifindex"));
    public static final long MR_TYPE_OFFSET = LAYOUT.byteOffset(groupElement("mr_type"));
    public static final long MR_ALEN_OFFSET = LAYOUT.byteOffset(groupElement("mr_alen"));
    public static final long MR_ADDRESS_OFFSET = LAYOUT.byteOffset(groupElement("mr_address"));

    private PacketMreq()
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

    public static int mr_ifindex(final MemorySegment s)
    {
        return s.get(JAVA_INT, MR_IFINDEX_OFFSET);
    }

    public static void mr_ifindex(final MemorySegment s, final int value)
    {
        s.set(JAVA_INT, MR_IFINDEX_OFFSET, value);
    }

    public static int mr_type(final MemorySegment s)
    {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, MR_TYPE_OFFSET));
    }

    public static void mr_type(final MemorySegment s, final int value)
    {
        s.set(JAVA_SHORT, MR_TYPE_OFFSET, (short)value);
    }

    public static int mr_alen(final MemorySegment s)
    {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, MR_ALEN_OFFSET));
    }

    public static void mr_alen(final MemorySegment s, final int value)
    {
        s.set(JAVA_SHORT, MR_ALEN_OFFSET, (short)value);
    }
}
