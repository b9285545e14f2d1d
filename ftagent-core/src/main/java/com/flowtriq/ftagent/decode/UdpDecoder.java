package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint16;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_NONE;

/**
 * UDP header. Checks: 8 bytes present; length at least 8; and, unless the packet is a first fragment (where the
 * UDP length covers the whole datagram), length within the IP payload.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |          Source port          |       Destination port        |  0
 *  +-------------------------------+-------------------------------+
 *  |            Length             |           Checksum            |  4
 *  +-------------------------------+-------------------------------+
 * </pre>
 */
final class UdpDecoder implements LayerDecoder
{
    static final int SOURCE_PORT_OFFSET = 0;
    static final int DESTINATION_PORT_OFFSET = 2;
    static final int LENGTH_OFFSET = 4;
    static final int HEADER_LENGTH = 8;

    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        if (length < HEADER_LENGTH)
        {
            return packet.truncated(offset, HEADER_LENGTH, DecodeEvent.UDP_TRUNC);
        }

        final int udpLength = uint16(frame, offset + LENGTH_OFFSET);
        if (udpLength < HEADER_LENGTH ||
            (packet.fragmentState == FRAG_NONE && udpLength > packet.layerEnd - offset))
        {
            return -DecodeEvent.UDP_BAD_LEN.ordinal();
        }

        packet.srcPort = uint16(frame, offset + SOURCE_PORT_OFFSET);
        packet.dstPort = uint16(frame, offset + DESTINATION_PORT_OFFSET);

        return packet.done(offset + HEADER_LENGTH);
    }
}
