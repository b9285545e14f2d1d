package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint16;

/**
 * Linux cooked capture v1 header ({@code LINKTYPE_LINUX_SLL}), as written by {@code tcpdump -i any}. Only the
 * protocol field matters here: it holds the EtherType of what follows.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |         Packet type           |       ARPHRD type             |  0
 *  +-------------------------------+-------------------------------+
 *  |   Link-layer address length   |                               |  4
 *  +-------------------------------+                               +
 *  |           Link-layer address (first 8 bytes, padded)          |  8
 *  +                               +-------------------------------+
 *  |                               |     Protocol (EtherType)      | 12
 *  +-------------------------------+-------------------------------+
 * </pre>
 */
final class LinuxSllDecoder implements LayerDecoder
{
    static final int PACKET_TYPE_OFFSET = 0;
    static final int ARPHRD_TYPE_OFFSET = 2;
    static final int ADDRESS_LENGTH_OFFSET = 4;
    static final int ADDRESS_OFFSET = 6;
    static final int PROTOCOL_OFFSET = 14;
    static final int HEADER_LENGTH = 16;

    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        if (length < HEADER_LENGTH)
        {
            return packet.truncated(offset, HEADER_LENGTH, DecodeEvent.SLL_TRUNC);
        }

        return packet.nextByEtherType(uint16(frame, offset + PROTOCOL_OFFSET), offset + HEADER_LENGTH);
    }
}
