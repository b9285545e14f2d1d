package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads of big-endian (network order) header fields at any alignment, with the unsigned widening spelled out.
 *
 * <p>Callers check the length of the header before reading: these methods add no checks of their own beyond the
 * segment's bounds check, which a correct decoder never trips.
 */
public final class NetworkByteOrder
{
    /** 16-bit network field at any alignment. */
    public static final ValueLayout.OfShort NETWORK_SHORT =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** 32-bit network field at any alignment. */
    public static final ValueLayout.OfInt NETWORK_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** 64-bit network field at any alignment (halves of an IPv6 address). */
    public static final ValueLayout.OfLong NETWORK_LONG =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private NetworkByteOrder()
    {
    }

    public static int uint8(final MemorySegment segment, final long offset)
    {
        return Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, offset));
    }

    public static int uint16(final MemorySegment segment, final long offset)
    {
        return Short.toUnsignedInt(segment.get(NETWORK_SHORT, offset));
    }

    /** The 32 bits as an int; use {@link #uint32} where the value must compare as unsigned. */
    public static int int32(final MemorySegment segment, final long offset)
    {
        return segment.get(NETWORK_INT, offset);
    }

    public static long uint32(final MemorySegment segment, final long offset)
    {
        return Integer.toUnsignedLong(segment.get(NETWORK_INT, offset));
    }

    public static long int64(final MemorySegment segment, final long offset)
    {
        return segment.get(NETWORK_LONG, offset);
    }
}
