package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import static com.flowtriq.ftagent.decode.NetworkByteOrder.uint16;

/**
 * One 802.1Q or 802.1ad (QinQ) tag, from the TCI on: the TPID was the EtherType of the layer before. The first
 * (outer) tag's VLAN id goes into the record. At most {@link #MAX_DEPTH} tags are followed.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-----+-+-----------------------+-------------------------------+
 *  | PCP |D|      VLAN id (12)     |  EtherType of the next layer  |  0
 *  +-----+-+-----------------------+-------------------------------+
 * </pre>
 */
final class VlanDecoder implements LayerDecoder
{
    static final int TCI_OFFSET = 0;
    static final int ETHER_TYPE_OFFSET = 2;
    static final int HEADER_LENGTH = 4;
    static final int VLAN_ID_MASK = 0x0FFF;

    /** Tags followed per frame: one 802.1Q tag, or a QinQ service tag and its customer tag. */
    static final int MAX_DEPTH = 2;

    @Override
    public long decode(final MemorySegment frame, final long offset, final int length, final DecodedPacket packet)
    {
        if (packet.vlanDepth >= MAX_DEPTH)
        {
            return -DecodeEvent.VLAN_TOO_DEEP.ordinal();
        }
        if (length < HEADER_LENGTH)
        {
            return packet.truncated(offset, HEADER_LENGTH, DecodeEvent.VLAN_TRUNC);
        }

        if (packet.vlanDepth == 0)
        {
            packet.vlan = uint16(frame, offset + TCI_OFFSET) & VLAN_ID_MASK;
        }
        packet.vlanDepth++;

        return packet.nextByEtherType(uint16(frame, offset + ETHER_TYPE_OFFSET), offset + HEADER_LENGTH);
    }
}
