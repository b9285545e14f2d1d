package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.int32;
import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint16;
import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint8;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_FIRST;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_LATER;

/**
 * The chain of IPv6 extension headers after the fixed header: hop-by-hop options, routing, fragment, destination
 * options and AH. The walk stops at the first upper-layer header, at an extension header we do not walk
 * ({@code decode.ipv6.unknown_ext_hdr}), at a later fragment, or after {@link #MAX_EXTENSION_HEADERS} headers
 * ({@code decode.ipv6.ext_hdr_loop}). ESP is an upper layer here: what follows it is encrypted.
 *
 * <pre>
 *   Options and routing headers              Fragment header
 *  +---------------+---------------+-----   +---------------+---------------+-------------------------+--+-+
 *  |  Next header  |Hdr ext len (8)| ...    |  Next header  |   Reserved    | Fragment offset (x8)    |Rs|M|
 *  +---------------+---------------+-----   +---------------+---------------+-------------------------+--+-+
 *   length (len + 1) * 8 bytes              |                     Identification                        |
 *                                           +-----------------------------------------------------------+
 *   AH: same first two bytes, length (len + 2) * 4 bytes.
 * </pre>
 */
final class Ipv6ExtensionDecoder implements LayerDecoder
{
    static final int NEXT_HEADER_OFFSET = 0;
    static final int LENGTH_OFFSET = 1;
    static final int FRAGMENT_OFFSET_FLAGS_OFFSET = 2;
    static final int FRAGMENT_IDENTIFICATION_OFFSET = 4;
    static final int MIN_HEADER_LENGTH = 8;
    static final int FRAGMENT_HEADER_LENGTH = 8;

    static final int FRAGMENT_OFFSET_MASK = 0xFFF8;
    static final int MORE_FRAGMENTS = 0x0001;
    static final int MAX_DATAGRAM_LENGTH = 0xFFFF;

    /** Real chains have at most six (RFC 8200 section 4.1 order); anything longer is a loop or an attack. */
    static final int MAX_EXTENSION_HEADERS = 8;

    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        final long end = offset + length;
        long position = offset;
        int header = packet.protocol;
        for (int count = 0; count < MAX_EXTENSION_HEADERS; count++)
        {
            if (end - position < MIN_HEADER_LENGTH)
            {
                return packet.truncated(position, MIN_HEADER_LENGTH, DecodeEvent.IPV6_EXT_HDR_TRUNC);
            }

            final int following = uint8(frame, position + NEXT_HEADER_OFFSET);
            final int headerLength;
            if (header == IpProtocol.IPV6_FRAGMENT)
            {
                headerLength = FRAGMENT_HEADER_LENGTH;
                final int offsetAndFlags = uint16(frame, position + FRAGMENT_OFFSET_FLAGS_OFFSET);
                final int fragmentOffset = offsetAndFlags & FRAGMENT_OFFSET_MASK;
                // Offset 0 without M is an atomic fragment (RFC 6946): a whole packet, decoded as one.
                if ((offsetAndFlags & (FRAGMENT_OFFSET_MASK | MORE_FRAGMENTS)) != 0)
                {
                    final long fragmentEnd = position + FRAGMENT_HEADER_LENGTH;
                    if (fragmentOffset + (packet.layerEnd - fragmentEnd) > MAX_DATAGRAM_LENGTH)
                    {
                        return -DecodeEvent.IPV6_FRAG_TOO_LARGE.ordinal();
                    }
                    packet.fragmentId = int32(frame, position + FRAGMENT_IDENTIFICATION_OFFSET);
                    if (fragmentOffset != 0)
                    {
                        packet.fragmentState = FRAG_LATER;
                        packet.protocol = following;
                        return packet.done(fragmentEnd);
                    }
                    packet.fragmentState = FRAG_FIRST;
                }
            }
            else if (header == IpProtocol.AH)
            {
                headerLength = (uint8(frame, position + LENGTH_OFFSET) + 2) << 2;
            }
            else
            {
                headerLength = (uint8(frame, position + LENGTH_OFFSET) + 1) << 3;
            }

            if (end - position < headerLength)
            {
                return packet.truncated(position, headerLength, DecodeEvent.IPV6_EXT_HDR_TRUNC);
            }
            position += headerLength;
            header = following;

            if (!IpProtocol.isWalkedExtensionHeader(header))
            {
                return packet.nextByIpv6NextHeader(header, position);
            }
        }

        return -DecodeEvent.IPV6_EXT_HDR_LOOP.ordinal();
    }
}
