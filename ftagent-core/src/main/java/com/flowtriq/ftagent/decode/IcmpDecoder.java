package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint8;

/**
 * ICMP and ICMPv6 header: type and code go into the record's source and destination port fields. Both versions
 * share the layout; an instance is made for each so that truncation is counted under the right name.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |     Type      |     Code      |           Checksum            |  0
 *  +---------------+---------------+-------------------------------+
 *  |              Rest of header (depends on the type)             |  4
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class IcmpDecoder implements LayerDecoder
{
    static final int TYPE_OFFSET = 0;
    static final int CODE_OFFSET = 1;
    /** The fixed part every ICMP message has, as suricata requires. */
    static final int HEADER_LENGTH = 8;

    private final DecodeEvent truncatedEvent;

    IcmpDecoder(final DecodeEvent truncatedEvent)
    {
        this.truncatedEvent = truncatedEvent;
    }

    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        if (length < HEADER_LENGTH)
        {
            return packet.truncated(offset, HEADER_LENGTH, truncatedEvent);
        }

        packet.srcPort = uint8(frame, offset + TYPE_OFFSET);
        packet.dstPort = uint8(frame, offset + CODE_OFFSET);

        return packet.done(offset + HEADER_LENGTH);
    }
}
