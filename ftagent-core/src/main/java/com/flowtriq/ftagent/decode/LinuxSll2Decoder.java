package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint16;

/**
 * Linux cooked capture v2 header ({@code LINKTYPE_LINUX_SLL2}). The protocol (EtherType) moved to the front and
 * the interface index was added.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |     Protocol (EtherType)      |       Reserved (MBZ)          |  0
 *  +-------------------------------+-------------------------------+
 *  |                       Interface index                         |  4
 *  +-------------------------------+---------------+---------------+
 *  |         ARPHRD type           |  Packet type  | Address length|  8
 *  +-------------------------------+---------------+---------------+
 *  |           Link-layer address (first 8 bytes, padded)          | 12
 *  +                                                               +
 *  |                                                               | 16
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class LinuxSll2Decoder implements LayerDecoder
{
    static final int PROTOCOL_OFFSET = 0;
    static final int INTERFACE_INDEX_OFFSET = 4;
    static final int ARPHRD_TYPE_OFFSET = 8;
    static final int PACKET_TYPE_OFFSET = 10;
    static final int ADDRESS_LENGTH_OFFSET = 11;
    static final int ADDRESS_OFFSET = 12;
    static final int HEADER_LENGTH = 20;

    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        if (length < HEADER_LENGTH)
        {
            return packet.truncated(offset, HEADER_LENGTH, DecodeEvent.SLL2_TRUNC);
        }

        return packet.nextByEtherType(uint16(frame, offset + PROTOCOL_OFFSET), offset + HEADER_LENGTH);
    }
}
