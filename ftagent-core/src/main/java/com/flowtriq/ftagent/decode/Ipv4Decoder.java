package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint16;
import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint32;
import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint8;
import static com.flowtriq.ftagent.decode.NetworkByteOrder.int32;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV4;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_FIRST;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_LATER;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_NONE;

/**
 * IPv4 header. Options are skipped. A later fragment (offset above 0) ends the frame here: its payload holds no
 * transport header, and {@link FrameDecoder} looks its ports up in the {@link FragmentTable}.
 *
 * <p>Checks, cheapest first: 20 bytes present, version 4, IHL at least 5, the whole header present, total length
 * covering the header and not beyond what the enclosing layer claims (a frame cut by the snap length is fine),
 * and a fragment that does not reach past 65535 bytes.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------+-------+---------------+-------------------------------+
 *  |Version|  IHL  |   DSCP/ECN    |         Total length          |  0
 *  +-------+-------+---------------+-----+-------------------------+
 *  |        Identification         |R D M|  Fragment offset (x8)   |  4
 *  +---------------+---------------+-----+-------------------------+
 *  |      TTL      |   Protocol    |        Header checksum        |  8
 *  +---------------+---------------+-------------------------------+
 *  |                        Source address                         | 12
 *  +---------------------------------------------------------------+
 *  |                      Destination address                      | 16
 *  +---------------------------------------------------------------+
 *  |               Options, (IHL - 5) * 4 bytes                    | 20
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class Ipv4Decoder implements LayerDecoder
{
    static final int VERSION_IHL_OFFSET = 0;
    static final int TOTAL_LENGTH_OFFSET = 2;
    static final int IDENTIFICATION_OFFSET = 4;
    static final int FLAGS_FRAGMENT_OFFSET = 6;
    static final int TTL_OFFSET = 8;
    static final int PROTOCOL_OFFSET = 9;
    static final int CHECKSUM_OFFSET = 10;
    static final int SOURCE_OFFSET = 12;
    static final int DESTINATION_OFFSET = 16;
    static final int MIN_HEADER_LENGTH = 20;

    static final int MORE_FRAGMENTS = 0x2000;
    static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    static final int MAX_DATAGRAM_LENGTH = 0xFFFF;

    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        if (length < MIN_HEADER_LENGTH)
        {
            return packet.truncated(offset, MIN_HEADER_LENGTH, DecodeEvent.IPV4_TRUNC_PKT);
        }

        final int versionIhl = uint8(frame, offset + VERSION_IHL_OFFSET);
        if ((versionIhl >>> 4) != 4)
        {
            return -DecodeEvent.IPV4_BAD_VERSION.ordinal();
        }

        final int headerLength = (versionIhl & 0x0F) << 2;
        if (headerLength < MIN_HEADER_LENGTH)
        {
            return -DecodeEvent.IPV4_BAD_IHL.ordinal();
        }
        if (headerLength > length)
        {
            return packet.truncated(offset, headerLength, DecodeEvent.IPV4_TRUNC_PKT);
        }

        final int totalLength = uint16(frame, offset + TOTAL_LENGTH_OFFSET);
        if (totalLength < headerLength || totalLength > packet.layerEnd - offset)
        {
            return -DecodeEvent.IPV4_BAD_TOTAL_LEN.ordinal();
        }

        packet.family = FAMILY_IPV4;
        packet.ttl = uint8(frame, offset + TTL_OFFSET);
        packet.srcAddress = uint32(frame, offset + SOURCE_OFFSET);
        packet.dstAddress = int32(frame, offset + DESTINATION_OFFSET);
        packet.protocol = uint8(frame, offset + PROTOCOL_OFFSET);
        packet.layerEnd = offset + totalLength;

        final int flagsAndOffset = uint16(frame, offset + FLAGS_FRAGMENT_OFFSET);
        if ((flagsAndOffset & (MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) == 0)
        {
            packet.fragmentState = FRAG_NONE;
            return packet.nextByIpProtocol(packet.protocol, offset + headerLength);
        }

        return decodeFragment(frame, offset, headerLength, totalLength, flagsAndOffset, packet);
    }

    /**
     * The rarer fragment path, kept out of {@link #decode} so that the common path stays small enough for the JIT
     * to inline into the frame loop.
     */
    private static long decodeFragment(
        final MemorySegment frame,
        final long offset,
        final int headerLength,
        final int totalLength,
        final int flagsAndOffset,
        final DecodedPacket packet)
    {
        final int fragmentOffset = (flagsAndOffset & FRAGMENT_OFFSET_MASK) << 3;
        if (fragmentOffset + totalLength - headerLength > MAX_DATAGRAM_LENGTH)
        {
            return -DecodeEvent.IPV4_FRAG_TOO_LARGE.ordinal();
        }

        packet.fragmentId = uint16(frame, offset + IDENTIFICATION_OFFSET);
        if (fragmentOffset != 0)
        {
            packet.fragmentState = FRAG_LATER;
            return packet.done(offset + headerLength);
        }

        packet.fragmentState = FRAG_FIRST;
        return packet.nextByIpProtocol(packet.protocol, offset + headerLength);
    }
}
