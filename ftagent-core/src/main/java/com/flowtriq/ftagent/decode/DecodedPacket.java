package com.flowtriq.ftagent.decode;

import org.agrona.MutableDirectBuffer;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_NONE;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_NONE;

/**
 * What the layers of one frame have found so far, plus the bookkeeping they share (where the current layer ends,
 * which layer comes next, how many VLAN tags were seen). {@link #reset} clears every field at the start of each
 * frame, so nothing carries over from the previous frame; {@link #writeTo} copies the record fields out.
 *
 * <p>Byte positions are absolute offsets in the frame's segment. Two ends bound every read: {@link #capturedEnd},
 * the end of the bytes present, and {@link #layerEnd}, the end the enclosing headers claim (the wire length
 * at first, then each IP header's own length). A layer may read {@code min(layerEnd, capturedEnd) - offset} bytes.
 *
 * <p>One per {@link FrameDecoder}; used by the capture thread only.
 */
final class DecodedPacket
{
    long srcAddress;
    int dstAddress;
    int srcPort;
    int dstPort;
    int protocol;
    int tcpFlags;
    int ttl;
    int family;
    int fragmentState;
    boolean gre;
    boolean portsFromFragmentTable;
    int vlan;

    /** IPv4 identification (16 bits) or IPv6 fragment identification (32 bits) of a fragment. */
    int fragmentId;
    int vlanDepth;
    int nextLayer;
    long capturedEnd;
    long layerEnd;

    void reset(final long offset, final int capturedLength, final int wireLength)
    {
        srcAddress = 0;
        dstAddress = 0;
        srcPort = 0;
        dstPort = 0;
        protocol = 0;
        tcpFlags = 0;
        ttl = 0;
        family = FAMILY_NONE;
        fragmentState = FRAG_NONE;
        gre = false;
        portsFromFragmentTable = false;
        vlan = 0;
        fragmentId = 0;
        vlanDepth = 0;
        nextLayer = LayerType.NONE;
        capturedEnd = offset + capturedLength;
        // A source that reports fewer wire bytes than it captured is wrong; trust the bytes we have.
        layerEnd = offset + Math.max(wireLength, capturedLength);
    }

    /** Bytes a layer starting at {@code position} may read. */
    int lengthFrom(final long position)
    {
        return (int)(Math.min(layerEnd, capturedEnd) - position);
    }

    /**
     * The status for a header of {@code needed} bytes at {@code position} that does not fit: if the enclosing
     * headers say the bytes exist and only the capture's snap length cut them off, the frame is not malformed.
     *
     * @return a negative status, as the layer decoders return.
     */
    long truncated(final long position, final int needed, final DecodeEvent event)
    {
        final long end = position + needed;
        final DecodeEvent result = end > capturedEnd && end <= layerEnd ? DecodeEvent.SNAPLEN_TRUNC : event;
        return -result.ordinal();
    }

    /** Continues with the layer that an EtherType names, or stops if it is not one we decode. */
    long nextByEtherType(final int etherType, final long nextOffset)
    {
        final int layer = EtherType.layerOf(etherType);
        if (layer == LayerType.NONE)
        {
            return -DecodeEvent.L3_UNSUPPORTED_ETHERTYPE.ordinal();
        }
        nextLayer = layer;
        return nextOffset;
    }

    /** Continues with the layer that an IP protocol names; other protocols end the frame with ports 0. */
    long nextByIpProtocol(final int ipProtocol, final long nextOffset)
    {
        protocol = ipProtocol;
        nextLayer = IpProtocol.layerOf(ipProtocol);
        return nextOffset;
    }

    /** As {@link #nextByIpProtocol}, but first recognises IPv6 extension headers. */
    long nextByIpv6NextHeader(final int nextHeader, final long nextOffset)
    {
        protocol = nextHeader;
        if (IpProtocol.isWalkedExtensionHeader(nextHeader))
        {
            nextLayer = LayerType.IPV6_EXTENSIONS;
            return nextOffset;
        }
        if (IpProtocol.isUnwalkedExtensionHeader(nextHeader))
        {
            return -DecodeEvent.IPV6_UNKNOWN_EXT_HDR.ordinal();
        }
        nextLayer = IpProtocol.layerOf(nextHeader);
        return nextOffset;
    }

    /** Ends the frame after this layer. */
    long done(final long nextOffset)
    {
        nextLayer = LayerType.NONE;
        return nextOffset;
    }

    void writeTo(
        final MutableDirectBuffer buffer,
        final int index,
        final long timestampNanos,
        final int wireLength,
        final int reason)
    {
        PacketRecord.write(
            buffer,
            index,
            timestampNanos,
            srcAddress,
            dstAddress,
            srcPort,
            dstPort,
            wireLength,
            protocol,
            tcpFlags,
            PacketRecord.packWord(ttl, family, fragmentState, gre, portsFromFragmentTable, reason, vlan));
    }
}
