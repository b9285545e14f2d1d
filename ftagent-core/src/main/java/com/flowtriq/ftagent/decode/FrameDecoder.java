package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

import org.agrona.MutableDirectBuffer;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_FIRST;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_NONE;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.REASON_OK;

/**
 * Decodes one link-layer frame, in place, into one {@link PacketRecordDescriptor 32-byte packet record}.
 *
 * <p>The frame is read where it lies (a kernel ring block, a libpcap buffer, a mapped file), never outside
 * {@code [offset, offset + capturedLength)}, and the record is written straight into the caller's buffer, for
 * example a ring-buffer slot claimed with {@code tryClaim}. Each layer is a {@link LayerDecoder}; this class only
 * dispatches between them, then completes fragments from the {@link FragmentTable}. The loop ends because every
 * layer either stops the frame or moves to a layer further in, and the layers that can repeat are capped (VLAN
 * tags by {@link VlanDecoder#MAX_DEPTH}, GRE at one level, IPv6 extension headers by
 * {@link Ipv6ExtensionDecoder#MAX_EXTENSION_HEADERS}).
 *
 * <p>Per frame: no allocation, no exception, no lock. Every frame increments exactly one {@link DecodeCounters}
 * counter and gets a record, whatever its bytes.
 *
 * <p>Threading: one decoder per capture thread, not thread-safe. Its {@link DecodeCounters},
 * {@link FragmentTable} counters and {@link Ipv6AddressBook} may be read from other threads as their javadoc says.
 */
public final class FrameDecoder
{
    /** Ethernet, IPv4 and TCP headers: the shortest frame the shortcut takes (UDP needs less, TCP decides). */
    private static final int SHORTCUT_MIN_CAPTURED =
        EthernetDecoder.HEADER_LENGTH + Ipv4Decoder.MIN_HEADER_LENGTH + TcpDecoder.MIN_HEADER_LENGTH;
    private static final int SHORTCUT_IP_WORD_OFFSET = EthernetDecoder.HEADER_LENGTH + Ipv4Decoder.FLAGS_FRAGMENT_OFFSET;
    private static final int SHORTCUT_ADDRESSES_OFFSET = EthernetDecoder.HEADER_LENGTH + Ipv4Decoder.SOURCE_OFFSET;
    private static final int SHORTCUT_PORTS_OFFSET =
        EthernetDecoder.HEADER_LENGTH + Ipv4Decoder.MIN_HEADER_LENGTH + TcpDecoder.SOURCE_PORT_OFFSET;
    private static final int SHORTCUT_TCP_DATA_OFFSET_OFFSET =
        EthernetDecoder.HEADER_LENGTH + Ipv4Decoder.MIN_HEADER_LENGTH + TcpDecoder.DATA_OFFSET_OFFSET;
    /** Version 4, IHL 5. */
    private static final int IPV4_WITHOUT_OPTIONS = 0x45;

    private final int linkType;
    private final int firstLayer;
    private final DecodeCounters counters;
    private final FragmentTable fragmentTable;
    private final Ipv6AddressBook addressBook;
    private final boolean shortcutEnabled;

    private final DecodedPacket packet = new DecodedPacket();

    private final EthernetDecoder ethernet = new EthernetDecoder();
    private final LinuxSllDecoder linuxSll = new LinuxSllDecoder();
    private final LinuxSll2Decoder linuxSll2 = new LinuxSll2Decoder();
    private final RawIpDecoder rawIp = new RawIpDecoder();
    private final VlanDecoder vlan = new VlanDecoder();
    private final Ipv4Decoder ipv4 = new Ipv4Decoder();
    private final Ipv6Decoder ipv6;
    private final Ipv6ExtensionDecoder ipv6Extensions = new Ipv6ExtensionDecoder();
    private final TcpDecoder tcp = new TcpDecoder();
    private final UdpDecoder udp = new UdpDecoder();
    private final IcmpDecoder icmpv4 = new IcmpDecoder(DecodeEvent.ICMPV4_TRUNC);
    private final IcmpDecoder icmpv6 = new IcmpDecoder(DecodeEvent.ICMPV6_TRUNC);
    private final GreDecoder gre = new GreDecoder();

    /** A decoder with its own counters, a default {@link FragmentTable} and a default {@link Ipv6AddressBook}. */
    public FrameDecoder(final int linkType)
    {
        this(linkType, new DecodeCounters(), new FragmentTable(), new Ipv6AddressBook());
    }

    /**
     * @param linkType      the source's {@code LINKTYPE_*} value; an unsupported one is accepted, and every frame is
     *                      then counted as {@code decode.link.unsupported} (see {@link LinkType#isSupported}).
     * @param counters      per-reason counters, written by this decoder only.
     * @param fragmentTable first-fragment ports, used by this decoder only.
     * @param addressBook   IPv6 addresses behind the digests, written by this decoder only.
     */
    public FrameDecoder(
        final int linkType,
        final DecodeCounters counters,
        final FragmentTable fragmentTable,
        final Ipv6AddressBook addressBook)
    {
        this(linkType, counters, fragmentTable, addressBook, true);
    }

    /** As the public constructor; {@code shortcutEnabled} false sends every frame through the layers (tests). */
    FrameDecoder(
        final int linkType,
        final DecodeCounters counters,
        final FragmentTable fragmentTable,
        final Ipv6AddressBook addressBook,
        final boolean shortcutEnabled)
    {
        this.shortcutEnabled = shortcutEnabled && linkType == LinkType.ETHERNET;
        this.linkType = linkType;
        this.firstLayer = LinkType.firstLayer(linkType);
        this.counters = counters;
        this.fragmentTable = fragmentTable;
        this.addressBook = addressBook;
        this.ipv6 = new Ipv6Decoder(addressBook);
    }

    /**
     * Decodes a frame and writes its record.
     *
     * @param frame          memory holding the frame.
     * @param offset         offset of the link-layer header in {@code frame}.
     * @param capturedLength bytes of the frame present in memory.
     * @param wireLength     length of the frame on the wire.
     * @param timestampNanos capture time, nanoseconds since the epoch; also the clock of the fragment table.
     * @param buffer         where to write the record, {@link PacketRecordDescriptor#LENGTH} bytes.
     * @param index          offset of the record in {@code buffer}.
     * @return the reason stored in the record: {@link PacketRecordDescriptor#REASON_OK} or a {@link DecodeEvent}
     * ordinal.
     */
    public int decode(
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos,
        final MutableDirectBuffer buffer,
        final int index)
    {
        if (shortcutEnabled && decodeEthernetIpv4TcpOrUdp(
            frame, offset, capturedLength, wireLength, timestampNanos, buffer, index))
        {
            return REASON_OK;
        }

        final DecodedPacket packet = this.packet;
        packet.reset(offset, capturedLength, wireLength);

        int reason = REASON_OK;
        int layer = firstLayer;
        long position = offset;
        if (layer == LayerType.NONE)
        {
            reason = DecodeEvent.LINK_UNSUPPORTED.ordinal();
        }
        while (layer != LayerType.NONE)
        {
            final int length = packet.lengthFrom(position);
            final long next = switch (layer)
            {
                case LayerType.ETHERNET -> ethernet.decode(frame, position, length, packet);
                case LayerType.VLAN -> vlan.decode(frame, position, length, packet);
                case LayerType.IPV4 -> ipv4.decode(frame, position, length, packet);
                case LayerType.IPV6 -> ipv6.decode(frame, position, length, packet);
                case LayerType.IPV6_EXTENSIONS -> ipv6Extensions.decode(frame, position, length, packet);
                case LayerType.TCP -> tcp.decode(frame, position, length, packet);
                case LayerType.UDP -> udp.decode(frame, position, length, packet);
                case LayerType.ICMPV4 -> icmpv4.decode(frame, position, length, packet);
                case LayerType.ICMPV6 -> icmpv6.decode(frame, position, length, packet);
                case LayerType.GRE -> gre.decode(frame, position, length, packet);
                case LayerType.LINUX_SLL -> linuxSll.decode(frame, position, length, packet);
                case LayerType.LINUX_SLL2 -> linuxSll2.decode(frame, position, length, packet);
                case LayerType.RAW_IP -> rawIp.decode(frame, position, length, packet);
                default -> -DecodeEvent.LINK_UNSUPPORTED.ordinal();
            };
            if (next < 0)
            {
                reason = (int)-next;
                break;
            }
            layer = packet.nextLayer;
            position = next;
        }

        if (reason == REASON_OK && packet.fragmentState != FRAG_NONE && IpProtocol.carriesPorts(packet.protocol))
        {
            reason = completeFragment(packet, timestampNanos);
        }

        counters.increment(reason);
        packet.writeTo(buffer, index, timestampNanos, wireLength, reason);
        return reason;
    }

    public int linkType()
    {
        return linkType;
    }

    public DecodeCounters counters()
    {
        return counters;
    }

    public FragmentTable fragmentTable()
    {
        return fragmentTable;
    }

    public Ipv6AddressBook addressBook()
    {
        return addressBook;
    }

    /**
     * The shortcut for the bulk of traffic and of every flood: Ethernet II, IPv4 without options and not a fragment,
     * then a whole TCP or UDP header, all within the lengths the headers claim. It reads the same fields and applies
     * the same checks as the layer decoders, in one straight line, and writes the same record; for any other frame,
     * or any check that fails, it returns false before writing anything and the layers decide. The fuzz test
     * decodes every frame both ways and requires identical records.
     *
     * <pre>
     *   0      12     14 (IPv4)          16 total length   20 flags/offset   22 TTL   23 protocol   26 src   30 dst
     *   34 (TCP/UDP) source port, 36 destination port; TCP: 46 data offset, 47 flags; UDP: 38 length
     * </pre>
     */
    private boolean decodeEthernetIpv4TcpOrUdp(
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos,
        final MutableDirectBuffer buffer,
        final int index)
    {
        if (capturedLength < SHORTCUT_MIN_CAPTURED)
        {
            return false;
        }

        // The first SHORTCUT_MIN_CAPTURED bytes are inside the frame, so the headers are read as four longs and a
        // short (five bounds checks instead of a dozen) and the fields are taken from those words:
        //   etherWord  bytes 12..19: EtherType, version/IHL, TOS, total length, identification
        //   ipWord     bytes 20..27: flags/fragment offset, TTL, protocol, checksum, source address high half
        //   addresses  bytes 26..33: source address, destination address
        //   ports      bytes 34..41: source port, destination port, then TCP sequence or UDP length/checksum
        final long etherWord = NetworkByteOrder.int64(frame, offset + EthernetDecoder.ETHER_TYPE_OFFSET);
        final long ipWord = NetworkByteOrder.int64(frame, offset + SHORTCUT_IP_WORD_OFFSET);
        if ((int)(etherWord >>> 48) != EtherType.IPV4 ||
            ((int)(etherWord >>> 40) & 0xFF) != IPV4_WITHOUT_OPTIONS ||
            ((int)(ipWord >>> 48) & (Ipv4Decoder.MORE_FRAGMENTS | Ipv4Decoder.FRAGMENT_OFFSET_MASK)) != 0)
        {
            return false;
        }

        final int totalLength = (int)(etherWord >>> 16) & 0xFFFF;
        final int ipPayload = totalLength - Ipv4Decoder.MIN_HEADER_LENGTH;
        if (totalLength > Math.max(wireLength, capturedLength) - EthernetDecoder.HEADER_LENGTH)
        {
            return false;
        }

        final long addresses = NetworkByteOrder.int64(frame, offset + SHORTCUT_ADDRESSES_OFFSET);
        final long ports = NetworkByteOrder.int64(frame, offset + SHORTCUT_PORTS_OFFSET);
        final int protocol = (int)(ipWord >>> 32) & 0xFF;
        final int tcpFlags;
        if (protocol == IpProtocol.TCP)
        {
            final int offsetAndFlags = NetworkByteOrder.uint16(frame, offset + SHORTCUT_TCP_DATA_OFFSET_OFFSET);
            final int tcpHeaderLength = (offsetAndFlags >>> 12) << 2;
            if (ipPayload < TcpDecoder.MIN_HEADER_LENGTH || tcpHeaderLength < TcpDecoder.MIN_HEADER_LENGTH ||
                tcpHeaderLength > ipPayload)
            {
                return false;
            }
            tcpFlags = offsetAndFlags & 0xFF;
        }
        else if (protocol == IpProtocol.UDP)
        {
            final int udpLength = (int)(ports >>> 16) & 0xFFFF;
            if (ipPayload < UdpDecoder.HEADER_LENGTH || udpLength < UdpDecoder.HEADER_LENGTH || udpLength > ipPayload)
            {
                return false;
            }
            tcpFlags = 0;
        }
        else
        {
            return false;
        }

        counters.increment(REASON_OK);
        PacketRecord.write(
            buffer,
            index,
            timestampNanos,
            addresses >>> 32,
            (int)addresses,
            (int)(ports >>> 48),
            (int)(ports >>> 32) & 0xFFFF,
            wireLength,
            protocol,
            tcpFlags,
            PacketRecord.packWord(
                (int)(ipWord >>> 40) & 0xFF, PacketRecordDescriptor.FAMILY_IPV4, FRAG_NONE, false, false, REASON_OK, 0));
        return true;
    }

    /** A first fragment leaves its ports in the table; a later one takes them from it, if they are there. */
    private int completeFragment(final DecodedPacket packet, final long timestampNanos)
    {
        if (packet.fragmentState == FRAG_FIRST)
        {
            fragmentTable.insert(
                packet.srcAddress,
                packet.dstAddress,
                packet.fragmentId,
                packet.protocol,
                packet.srcPort,
                packet.dstPort,
                timestampNanos);
            return REASON_OK;
        }

        final int ports = fragmentTable.lookup(
            packet.srcAddress, packet.dstAddress, packet.fragmentId, packet.protocol, timestampNanos);
        if (ports == FragmentTable.MISSING)
        {
            return DecodeEvent.FRAG_FIRST_NOT_SEEN.ordinal();
        }
        packet.srcPort = ports >>> 16;
        packet.dstPort = ports & 0xFFFF;
        packet.portsFromFragmentTable = true;
        return REASON_OK;
    }
}
