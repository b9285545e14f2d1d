package com.flowtriq.ftagent.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct mmsghdr} from glibc's {@code bits/socket.h}: one message of a {@code sendmmsg} batch. Fill the
 * embedded header with the {@link Msghdr} accessors at {@code offset + MSG_HDR_OFFSET}.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                     msg_hdr (struct msghdr, 56 bytes)         |  0
 *  +-------------------------------+-------------------------------+
 *  |            msg_len            |           (padding)           | 56
 *  +-------------------------------+-------------------------------+ 64
 * </pre>
 */
public final class Mmsghdr
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        Msghdr.LAYOUT.withName("msg_hdr"),
        JAVA_INT.withName("msg_len"),
        MemoryLayout.paddingLayout(4)).withName("mmsghdr");

    public static final long MSG_HDR_OFFSET = LAYOUT.byteOffset(groupElement("msg_hdr"));
    public static final long MSG_LEN_OFFSET = LAYOUT.byteOffset(groupElement("msg_len"));

    private Mmsghdr()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    public static MemorySegment allocateArray(final Arena arena, final long count)
    {
        return arena.allocate(LAYOUT, count);
    }

    /** Bytes sent for this message, written by the kernel (unsigned, widened). */
    public static long msg_len(final MemorySegment s, final long offset)
    {
        return Integer.toUnsignedLong(s.get(JAVA_INT, offset + MSG_LEN_OFFSET));
    }

    public static void msg_len(final MemorySegment s, final long offset, final long value)
    {
        s.set(JAVA_INT, offset + MSG_LEN_OFFSET, (int)value);
    }
}
