package com.flowtriq.ftagent.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct pollfd} from {@code poll.h}. Accessors take the array segment and the struct's byte offset in it
 * ({@code index * sizeof()}), so one preallocated array serves every poll.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                              fd                               |  0
 *  +-------------------------------+-------------------------------+
 *  |            events             |            revents            |  4
 *  +-------------------------------+-------------------------------+  8
 * </pre>
 */
public final class Pollfd
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("fd"),
        JAVA_SHORT.withName("events"),
        JAVA_SHORT.withName("revents")).withName("pollfd");

    public static final long FD_OFFSET = LAYOUT.byteOffset(groupElement("fd"));
    public static final long EVENTS_OFFSET = LAYOUT.byteOffset(groupElement("events"));
    public static final long REVENTS_OFFSET = LAYOUT.byteOffset(groupElement("revents"));

    private Pollfd()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    /**
     * @param arena that owns the array.
     * @param count number of {@code pollfd} structs.
     * @return a zeroed array of {@code count} structs.
     */
    public static MemorySegment allocateArray(final Arena arena, final long count)
    {
        return arena.allocate(LAYOUT, count);
    }

    public static int fd(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_INT, offset + FD_OFFSET);
    }

    public static void fd(final MemorySegment s, final long offset, final int value)
    {
        s.set(JAVA_INT, offset + FD_OFFSET, value);
    }

    /** Requested events ({@code POLL*} bits of {@link Libc}). */
    public static short events(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_SHORT, offset + EVENTS_OFFSET);
    }

    public static void events(final MemorySegment s, final long offset, final short value)
    {
        s.set(JAVA_SHORT, offset + EVENTS_OFFSET, value);
    }

    /** Returned events, written by the kernel. */
    public static short revents(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_SHORT, offset + REVENTS_OFFSET);
    }

    public static void revents(final MemorySegment s, final long offset, final short value)
    {
        s.set(JAVA_SHORT, offset + REVENTS_OFFSET, value);
    }
}
