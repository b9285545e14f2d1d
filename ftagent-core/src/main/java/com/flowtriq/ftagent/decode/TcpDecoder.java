package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint16;
import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint8;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_NONE;

/**
 * TCP header: ports and the eight flag bits of byte 13. Options are not read, so a snap length that cuts them
 * still leaves a complete record.
 *
 * <p>Checks: 20 bytes present; data offset at least 5; and, unless the packet is a fragment (whose IP payload may
 * legitimately end inside the TCP header's options), data offset within the IP payload.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |          Source port          |       Destination port        |  0
 *  +-------------------------------+-------------------------------+
 *  |                        Sequence number                        |  4
 *  +---------------------------------------------------------------+
 *  |                     Acknowledgment number                     |  8
 *  +-------+-------+-+-+-+-+-+-+-+-+-------------------------------+
 *  | Data  |       |C|E|U|A|P|R|S|F|                               |
 *  | offset| Rsvd  |W|C|R|C|S|S|Y|I|            Window             | 12
 *  |       |       |R|E|G|K|H|T|N|N|                               |
 *  +-------+-------+-+-+-+-+-+-+-+-+-------------------------------+
 *  |           Checksum            |        Urgent pointer         | 16
 *  +-------------------------------+-------------------------------+
 * </pre>
 */
final class TcpDecoder implements LayerDecoder
{
    static final int SOURCE_PORT_OFFSET = 0;
    static final int DESTINATION_PORT_OFFSET = 2;
    static final int DATA_OFFSET_OFFSET = 12;
    static final int FLAGS_OFFSET = 13;
    static final int MIN_HEADER_LENGTH = 20;

    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        if (length < MIN_HEADER_LENGTH)
        {
            return packet.truncated(offset, MIN_HEADER_LENGTH, DecodeEvent.TCP_TRUNC);
        }

        final int headerLength = (uint8(frame, offset + DATA_OFFSET_OFFSET) >>> 4) << 2;
        if (headerLength < MIN_HEADER_LENGTH ||
            (packet.fragmentState == FRAG_NONE && headerLength > packet.layerEnd - offset))
        {
            return -DecodeEvent.TCP_BAD_OFFSET.ordinal();
        }

        packet.srcPort = uint16(frame, offset + SOURCE_PORT_OFFSET);
        packet.dstPort = uint16(frame, offset + DESTINATION_PORT_OFFSET);
        packet.tcpFlags = uint8(frame, offset + FLAGS_OFFSET);

        return packet.done(offset + headerLength);
    }
}
