package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint8;

/**
 * Raw IP link types ({@code LINKTYPE_RAW}, {@code DLT_RAW} 12 and 14): no link header, the version nibble of the
 * first byte picks IPv4 or IPv6. Consumes no bytes.
 */
final class RawIpDecoder implements LayerDecoder
{
    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        if (length < 1)
        {
            return packet.truncated(offset, 1, DecodeEvent.RAW_TRUNC);
        }

        final int version = uint8(frame, offset) >>> 4;
        if (version == 4)
        {
            packet.nextLayer = LayerType.IPV4;
            return offset;
        }
        if (version == 6)
        {
            packet.nextLayer = LayerType.IPV6;
            return offset;
        }

        return -DecodeEvent.RAW_BAD_VERSION.ordinal();
    }
}
