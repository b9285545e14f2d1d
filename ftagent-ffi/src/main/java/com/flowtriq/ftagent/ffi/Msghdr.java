package com.flowtriq.ftagent.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct msghdr} from glibc's {@code bits/socket.h} (64-bit). Accessors take a segment and the struct's
 * byte offset in it, so the same code fills a {@code msghdr} alone or inside an {@link Mmsghdr} array.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                     msg_name (pointer)                        |  0
 *  +-------------------------------+-------------------------------+
 *  |          msg_namelen          |          (padding)            |  8
 *  +-------------------------------+-------------------------------+
 *  |                     msg_iov (pointer)                         | 16
 *  |                     msg_iovlen (size_t)                       | 24
 *  |                     msg_control (pointer)                     | 32
 *  |                     msg_controllen (size_t)                   | 40
 *  +-------------------------------+-------------------------------+
 *  |           msg_flags           |          (padding)            | 48
 *  +-------------------------------+-------------------------------+ 56
 * </pre>
 */
public final class Msghdr
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ADDRESS.withName("msg_name"),
        JAVA_INT.withName("msg_namelen"),
        MemoryLayout.paddingLayout(4),
        ADDRESS.withName("msg_iov"),
        JAVA_LONG.withName("msg_iovlen"),
        ADDRESS.withName("msg_control"),
        JAVA_LONG.withName("msg_controllen"),
        JAVA_INT.withName("msg_flags"),
        MemoryLayout.paddingLayout(4)).withName("msghdr");

    public static final long MSG_NAME_OFFSET = LAYOUT.byteOffset(groupElement("msg_name"));
    public static final long MSG_NAMELEN_OFFSET = LAYOUT.byteOffset(groupElement("msg_namelen"));
    public static final long MSG_IOV_OFFSET = LAYOUT.byteOffset(groupElement("msg_iov"));
    public static final long MSG_IOVLEN_OFFSET = LAYOUT.byteOffset(groupElement("msg_iovlen"));
    public static final long MSG_CONTROL_OFFSET = LAYOUT.byteOffset(groupElement("msg_control"));
    public static final long MSG_CONTROLLEN_OFFSET = LAYOUT.byteOffset(groupElement("msg_controllen"));
    public static final long MSG_FLAGS_OFFSET = LAYOUT.byteOffset(groupElement("msg_flags"));

    private Msghdr()
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

    public static MemorySegment msg_name(final MemorySegment s, final long offset)
    {
        return s.get(ADDRESS, offset + MSG_NAME_OFFSET);
    }

    public static void msg_name(final MemorySegment s, final long offset, final MemorySegment value)
    {
        s.set(ADDRESS, offset + MSG_NAME_OFFSET, value);
    }

    public static int msg_namelen(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_INT, offset + MSG_NAMELEN_OFFSET);
    }

    public static void msg_namelen(final MemorySegment s, final long offset, final int value)
    {
        s.set(JAVA_INT, offset + MSG_NAMELEN_OFFSET, value);
    }

    public static MemorySegment msg_iov(final MemorySegment s, final long offset)
    {
        return s.get(ADDRESS, offset + MSG_IOV_OFFSET);
    }

    public static void msg_iov(final MemorySegment s, final long offset, final MemorySegment value)
    {
        s.set(ADDRESS, offset + MSG_IOV_OFFSET, value);
    }

    public static long msg_iovlen(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_LONG, offset + MSG_IOVLEN_OFFSET);
    }

    public static void msg_iovlen(final MemorySegment s, final long offset, final long value)
    {
        s.set(JAVA_LONG, offset + MSG_IOVLEN_OFFSET, value);
    }

    public static MemorySegment msg_control(final MemorySegment s, final long offset)
    {
        return s.get(ADDRESS, offset + MSG_CONTROL_OFFSET);
    }

    public static void msg_control(final MemorySegment s, final long offset, final MemorySegment value)
    {
        s.set(ADDRESS, offset + MSG_CONTROL_OFFSET, value);
    }

    public static long msg_controllen(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_LONG, offset + MSG_CONTROLLEN_OFFSET);
    }

    public static void msg_controllen(final MemorySegment s, final long offset, final long value)
    {
        s.set(JAVA_LONG, offset + MSG_CONTROLLEN_OFFSET, value);
    }

    public static int msg_flags(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_INT, offset + MSG_FLAGS_OFFSET);
    }

    public static void msg_flags(final MemorySegment s, final long offset, final int value)
    {
        s.set(JAVA_INT, offset + MSG_FLAGS_OFFSET, value);
    }
}
