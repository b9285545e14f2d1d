package com.flowtriq.ftagent.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sockaddr_in6} from {@code netinet/in.h}.
 *
 * <pre>
 *  +-------------------------------+-------------------------------+
 *  |          sin6_family          |     sin6_port (net order)     |  0
 *  +-------------------------------+-------------------------------+
 *  |                        sin6_flowinfo                          |  4
 *  +---------------------------------------------------------------+
 *  |                        sin6_addr[16]                          |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        sin6_scope_id                          | 24
 *  +---------------------------------------------------------------+ 28
 * </pre>
 */
public final class SockaddrIn6
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sin6_family"),
        JAVA_SHORT.withName("sin6_port"),
        JAVA_INT.withName("sin6_flowinfo"),
        MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
        JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");

    public static final long SIN6_FAMILY_OFFSET = LAYOUT.byteOffset(groupElement("sin6_family"));
    public static final long SIN6_PORT_OFFSET = LAYOUT.byteOffset(groupElement("sin6_port"));
    public static final long SIN6_FLOWINFO_OFFSET = LAYOUT.byteOffset(groupElement("sin6_flowinfo"));
    public static final long SIN6_ADDR_OFFSET = LAYOUT.byteOffset(groupElement("sin6_addr"));
    public static final long SIN6_SCOPE_ID_OFFSET = LAYOUT.byteOffset(groupElement("sin6_scope_id"));
    public static final int SIN6_ADDR_LENGTH = 16;

    private SockaddrIn6()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    /** The sixteen address bytes in network order. */
    public static byte[] sin6_addr(final MemorySegment s)
    {
        return s.asSlice(SIN6_ADDR_OFFSET, SIN6_ADDR_LENGTH).toArray(JAVA_BYTE);
    }

    public static int sin6_scope_id(final MemorySegment s)
    {
        return s.get(JAVA_INT, SIN6_SCOPE_ID_OFFSET);
    }
}
