package com.flowtriq.ftagent.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct iovec} from {@code sys/uio.h} (64-bit). Accessors take the array segment and the struct's byte
 * offset in it.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                     iov_base (pointer)                        |  0
 *  |                     iov_len (size_t)                          |  8
 *  +---------------------------------------------------------------+ 16
 * </pre>
 */
public final class Iovec
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        ADDRESS.withName("iov_base"),
        JAVA_LONG.withName("iov_len")).withName("iovec");

    public static final long IOV_BASE_OFFSET = LAYOUT.byteOffset(groupElement("iov_base"));
    public static final long IOV_LEN_OFFSET = LAYOUT.byteOffset(groupElement("iov_len"));

    private Iovec()
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

    /** @return the buffer address as a zero-length segment. */
    public static MemorySegment iov_base(final MemorySegment s, final long offset)
    {
        return s.get(ADDRESS, offset + IOV_BASE_OFFSET);
    }

    public static void iov_base(final MemorySegment s, final long offset, final MemorySegment value)
    {
        s.set(ADDRESS, offset + IOV_BASE_OFFSET, value);
    }

    public static long iov_len(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_LONG, offset + IOV_LEN_OFFSET);
    }

    public static void iov_len(final MemorySegment s, final long offset, final long value)
    {
        s.set(JAVA_LONG, offset + IOV_LEN_OFFSET, value);
    }
}
