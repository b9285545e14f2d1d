package com.flowtriq.ftagent.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sockaddr_in} from {@code netinet/in.h}.
 *
 * <pre>
 *  +-------------------------------+-------------------------------+
 *  |          sin_family           |     sin_port (net order)      |  0
 *  +-------------------------------+-------------------------------+
 *  |                  sin_addr.s_addr (net order)                  |  4
 *  +---------------------------------------------------------------+
 *  |                          sin_zero[8]                          |  8
 *  +---------------------------------------------------------------+ 16
 * </pre>
 */
public final class SockaddrIn
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sin_family"),
        JAVA_SHORT.withName("sin_port"),
        MemoryLayout.structLayout(JAVA_INT.withName("s_addr")).withName("sin_addr"),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");

    public static final long SIN_FAMILY_OFFSET = LAYOUT.byteOffset(groupElement("sin_family"));
    public static final long SIN_PORT_OFFSET = LAYOUT.byteOffset(groupElement("sin_port"));
    public static final long SIN_ADDR_OFFSET = LAYOUT.byteOffset(groupElement("sin_addr"));
    public static final int SIN_ADDR_LENGTH = 4;

    private SockaddrIn()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    /** The four address bytes in network order, as {@code InetAddress.getByAddress} wants them. */
    public static byte[] sin_addr(final MemorySegment s)
    {
        return s.asSlice(SIN_ADDR_OFFSET, SIN_ADDR_LENGTH).toArray(JAVA_BYTE);
    }
}
