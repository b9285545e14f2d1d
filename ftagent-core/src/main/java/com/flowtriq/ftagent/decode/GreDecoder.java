package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint16;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_NONE;

/**
 * GRE version 0 (RFC 2784 with the RFC 2890 key and sequence fields). One level is decoded: the inner IPv4 or
 * IPv6 packet then fills the record (addresses, protocol, ports, TTL) and the record is marked GRE-encapsulated.
 * A second GRE header inside is counted as {@code decode.gre.nested} and not decoded, which also bounds the depth.
 * GRE in a first fragment of the outer packet is recorded as the outer GRE packet, not decoded inside.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-----+---------+-----+-------------------------------+
 *  |C|R|K|S|s|Recur|Reserved0| Ver |     Protocol (EtherType)      |  0
 *  +-+-+-+-+-+-----+---------+-----+-------------------------------+
 *  |      Checksum (if C)          |       Reserved1 (if C)        |  4
 *  +-------------------------------+-------------------------------+
 *  |                          Key (if K)                           |
 *  +---------------------------------------------------------------+
 *  |                    Sequence number (if S)                     |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * R, s and the top recursion bit are RFC 1701 fields that RFC 2784 says a receiver must drop packets for
 * ({@code decode.gre.bad_flags}); the other reserved bits are ignored, as it says. Version 1 (PPTP) is counted
 * as {@code decode.gre.unsupported_version}.
 */
final class GreDecoder implements LayerDecoder
{
    static final int FLAGS_VERSION_OFFSET = 0;
    static final int PROTOCOL_OFFSET = 2;
    static final int BASE_HEADER_LENGTH = 4;
    static final int OPTIONAL_FIELD_LENGTH = 4;

    static final int CHECKSUM_PRESENT = 0x8000;
    static final int KEY_PRESENT = 0x2000;
    static final int SEQUENCE_PRESENT = 0x1000;
    /** Routing present (R), strict source route (s) and the high recursion bit: bits 1, 4 and 5. */
    static final int MUST_BE_ZERO = 0x4000 | 0x0800 | 0x0400;
    static final int VERSION_MASK = 0x0007;

    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        if (packet.gre)
        {
            return -DecodeEvent.GRE_NESTED.ordinal();
        }
        if (packet.fragmentState != FRAG_NONE)
        {
            // Only part of the inner packet is here; decoding it would call a whole tunnel packet malformed.
            // The record stays the outer GRE fragment, as for any protocol without ports.
            return packet.done(offset);
        }
        if (length < BASE_HEADER_LENGTH)
        {
            return packet.truncated(offset, BASE_HEADER_LENGTH, DecodeEvent.GRE_TRUNC);
        }

        final int flags = uint16(frame, offset + FLAGS_VERSION_OFFSET);
        if ((flags & VERSION_MASK) != 0)
        {
            return -DecodeEvent.GRE_UNSUPPORTED_VERSION.ordinal();
        }
        if ((flags & MUST_BE_ZERO) != 0)
        {
            return -DecodeEvent.GRE_BAD_FLAGS.ordinal();
        }

        final int headerLength = BASE_HEADER_LENGTH +
            ((flags & CHECKSUM_PRESENT) != 0 ? OPTIONAL_FIELD_LENGTH : 0) +
            ((flags & KEY_PRESENT) != 0 ? OPTIONAL_FIELD_LENGTH : 0) +
            ((flags & SEQUENCE_PRESENT) != 0 ? OPTIONAL_FIELD_LENGTH : 0);
        if (length < headerLength)
        {
            return packet.truncated(offset, headerLength, DecodeEvent.GRE_TRUNC);
        }

        packet.gre = true;
        final int protocolType = uint16(frame, offset + PROTOCOL_OFFSET);
        if (protocolType == EtherType.IPV4)
        {
            packet.nextLayer = LayerType.IPV4;
        }
        else if (protocolType == EtherType.IPV6)
        {
            packet.nextLayer = LayerType.IPV6;
        }
        else
        {
            return -DecodeEvent.GRE_UNSUPPORTED_PAYLOAD.ordinal();
        }

        return offset + headerLength;
    }
}
