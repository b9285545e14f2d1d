package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint16;
import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint8;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV6;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_NONE;

/**
 * IPv6 fixed header. The record gets {@link Ipv6Digest digests} of the addresses, and the {@link Ipv6AddressBook}
 * keeps the full addresses so that they can be shown later. Extension headers are left to
 * {@link Ipv6ExtensionDecoder}.
 *
 * <p>Checks: 40 bytes present, version 6, payload length not beyond what the enclosing layer claims. A payload
 * length of 0 followed by a hop-by-hop header is a jumbogram (RFC 2675): the payload then runs to the enclosing
 * layer's end.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------+---------------+---------------------------------------+
 *  |Version| Traffic class |              Flow label               |  0
 *  +-------+---------------+---------------+-----------------------+
 *  |        Payload length         |  Next header  |   Hop limit   |  4
 *  +-------------------------------+---------------+---------------+
 *  |                    Source address (128)                       |  8
 *  +---------------------------------------------------------------+
 *  |                 Destination address (128)                     | 24
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class Ipv6Decoder implements LayerDecoder
{
    static final int VERSION_OFFSET = 0;
    static final int PAYLOAD_LENGTH_OFFSET = 4;
    static final int NEXT_HEADER_OFFSET = 6;
    static final int HOP_LIMIT_OFFSET = 7;
    static final int SOURCE_OFFSET = 8;
    static final int DESTINATION_OFFSET = 24;
    static final int HEADER_LENGTH = 40;

    private final Ipv6AddressBook addressBook;

    Ipv6Decoder(final Ipv6AddressBook addressBook)
    {
        this.addressBook = addressBook;
    }

    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        if (length < HEADER_LENGTH)
        {
            return packet.truncated(offset, HEADER_LENGTH, DecodeEvent.IPV6_TRUNC_PKT);
        }
        if ((uint8(frame, offset + VERSION_OFFSET) >>> 4) != 6)
        {
            return -DecodeEvent.IPV6_BAD_VERSION.ordinal();
        }

        final int payloadLength = uint16(frame, offset + PAYLOAD_LENGTH_OFFSET);
        final int nextHeader = uint8(frame, offset + NEXT_HEADER_OFFSET);
        final long payloadStart = offset + HEADER_LENGTH;
        if (payloadLength != 0 || nextHeader != IpProtocol.IPV6_HOP_BY_HOP)
        {
            final long payloadEnd = payloadStart + payloadLength;
            if (payloadEnd > packet.layerEnd)
            {
                return -DecodeEvent.IPV6_BAD_PAYLOAD_LEN.ordinal();
            }
            packet.layerEnd = payloadEnd;
        }

        final long sourceDigest = addressBook.recordSource(frame, offset + SOURCE_OFFSET);
        final int destinationDigest = addressBook.recordDestination(frame, offset + DESTINATION_OFFSET);

        packet.family = FAMILY_IPV6;
        packet.ttl = uint8(frame, offset + HOP_LIMIT_OFFSET);
        packet.srcAddress = sourceDigest;
        packet.dstAddress = destinationDigest;
        packet.fragmentState = FRAG_NONE;

        return packet.nextByIpv6NextHeader(nextHeader, payloadStart);
    }
}
