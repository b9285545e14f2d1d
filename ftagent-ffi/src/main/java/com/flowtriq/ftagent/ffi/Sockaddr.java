package com.flowtriq.ftagent.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sockaddr} from {@code sys/socket.h}: the generic address header; {@code sa_family} tells
 * whether the full structure is a {@link SockaddrIn}, {@link SockaddrIn6} or {@link SockaddrLl}.
 *
 * <pre>
 *  +-------------------------------+-------------------------------+
 *  |           sa_family           |          sa_data[14] ...      |  0
 *  +-------------------------------+-------------------------------+ 16
 * </pre>
 */
public final class Sockaddr
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_SHORT.withName("sa_family"),
        MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data")).withName("sockaddr");

    public static final long SA_FAMILY_OFFSET = LAYOUT.byteOffset(groupElement("sa_family"));
    public static final long SA_DATA_OFFSET = LAYOUT.byteOffset(groupElement("sa_data"));

    private Sockaddr()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    /** Address family, for example {@link Libc#AF_INET} (unsigned 16 bits, widened). */
    public static int sa_family(final MemorySegment s)
    {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, SA_FAMILY_OFFSET));
    }
}
