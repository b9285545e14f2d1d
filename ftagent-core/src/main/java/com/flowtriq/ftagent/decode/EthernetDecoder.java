package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint16;

/**
 * Ethernet II header ({@code LINKTYPE_ETHERNET}). No FCS: capture hands frames over without it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Destination MAC (48)                       |  0
 *  +                               +-------------------------------+
 *  |                               |                               |  4
 *  +-------------------------------+                               +
 *  |                       Source MAC (48)                         |  8
 *  +-------------------------------+-------------------------------+
 *  |   EtherType or 802.1Q TPID    |                                 12
 *  +-------------------------------+
 * </pre>
 */
final class EthernetDecoder implements LayerDecoder
{
    static final int DESTINATION_OFFSET = 0;
    static final int SOURCE_OFFSET = 6;
    static final int ETHER_TYPE_OFFSET = 12;
    static final int HEADER_LENGTH = 14;

    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        if (length < HEADER_LENGTH)
        {
            return packet.truncated(offset, HEADER_LENGTH, DecodeEvent.ETHERNET_TRUNC);
        }

        return packet.nextByEtherType(uint16(frame, offset + ETHER_TYPE_OFFSET), offset + HEADER_LENGTH);
    }
}
