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
    /** Ethernet and an IPv4 header: the shortest frame the shortcut looks at (the transport header decides). */
    private static final int SHORTCUT_MIN_CAPTURED = EthernetDecoder.HEADER_LENGTH + Ipv4Decoder.MIN_HEADER_LENGTH;
    /** Ethernet followed by one 802.1Q tag: where the IP header starts in a tagged frame. */
    private static final int TAGGED_NETWORK_OFFSET = EthernetDecoder.HEADER_LENGTH + VlanDecoder.HEADER_LENGTH;
    /** IPv4 version 4, IHL 5, in the top byte of the header's first long. */
    private static final int IPV4_WITHOUT_OPTIONS = 0x45;
    /** An IPv4 header without options and a whole TCP header; UDP needs less, TCP decides. */
    private static final int IPV4_SHORTCUT_MIN_LENGTH = Ipv4Decoder.MIN_HEADER_LENGTH + TcpDecoder.MIN_HEADER_LENGTH;
    /** Where the long holding a TCP header's data offset and flags (at 32 and 33) starts, from the IPv4 header. */
    private static final int IPV4_TCP_WORD_OFFSET =
        Ipv4Decoder.MIN_HEADER_LENGTH + TcpDecoder.DATA_OFFSET_OFFSET - Integer.BYTES;
    /** Where the long starting with a UDP header's length starts, from the IPv4 header. */
    private static final int IPV4_UDP_WORD_OFFSET = Ipv4Decoder.MIN_HEADER_LENGTH + UdpDecoder.LENGTH_OFFSET;
    /** The IPv6 fixed header and a whole UDP header. */
    private static final int IPV6_SHORTCUT_MIN_LENGTH = Ipv6Decoder.HEADER_LENGTH + UdpDecoder.HEADER_LENGTH;

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
        if (shortcutEnabled && decodeShortcut(frame, offset, capturedLength, wireLength, timestampNanos, buffer, index))
        {
            return REASON_OK;
        }

        return decodeLayers(frame, offset, capturedLength, wireLength, timestampNanos, buffer, index);
    }

    /** Every frame the shortcut leaves: one layer decoder after the other, then the fragment table. */
    private int decodeLayers(
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos,
        final MutableDirectBuffer buffer,
        final int index)
    {
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
     * The shortcut for the bulk of traffic and of every flood: Ethernet II, at most one 802.1Q tag, then IPv4
     * without options and not a fragment, or IPv6 without extension headers, then a whole TCP or UDP header (or, for
     * IPv4, the 8 fixed bytes of ICMP), all within the lengths the headers claim. It reads the same fields and
     * applies the same checks as the layer decoders, in one straight line, and writes the same record (and, for
     * IPv6, the same address book entries); for any other frame, or any check that fails, it returns false before
     * writing anything and the layers decide. The fuzz tests decode every frame both ways and require identical
     * records.
     *
     * <pre>
     *   0 destination MAC, 6 source MAC, 12 EtherType (IPv4, IPv6, or 0x8100 then TCI at 14, EtherType at 16)
     *   14 or 18: the IP header, see {@link #decodeIpv4Shortcut} and {@link #decodeIpv6Shortcut}
     * </pre>
     *
     * @return true if the record was written and counted.
     */
    boolean decodeShortcut(
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

        // Within the first SHORTCUT_MIN_CAPTURED bytes: EtherType, and a tag's TCI and inner EtherType after it.
        final long etherWord = NetworkByteOrder.int64(frame, offset + EthernetDecoder.ETHER_TYPE_OFFSET);
        int etherType = (int)(etherWord >>> 48);
        int network = EthernetDecoder.HEADER_LENGTH;
        int vlan = 0;
        if (etherType == EtherType.VLAN)
        {
            vlan = (int)(etherWord >>> 32) & VlanDecoder.VLAN_ID_MASK;
            etherType = (int)(etherWord >>> 16) & 0xFFFF;
            network = TAGGED_NETWORK_OFFSET;
        }

        // One call site each, so that each is inlined once.
        if (etherType == EtherType.IPV4)
        {
            return decodeIpv4Shortcut(
                frame, offset, network, vlan, capturedLength, wireLength, timestampNanos, buffer, index);
        }
        if (etherType == EtherType.IPV6)
        {
            return decodeIpv6Shortcut(
                frame, offset, network, vlan, capturedLength, wireLength, timestampNanos, buffer, index);
        }
        return false;
    }

    /**
     * IPv4 without options, not a fragment, then TCP, UDP or ICMP, the IP header at {@code network} bytes into the
     * frame. The 40 bytes from there are checked present once (ICMP's 8 fixed bytes among them), then read as four
     * longs. The method is kept under the JIT's size limit for inlining a hot method (325 bytes of bytecode): it
     * costs 2 ns a frame when it is called instead.
     *
     * <pre>
     *   +0  version/IHL, TOS, total length, identification, flags/fragment offset
     *   +8  TTL, protocol, checksum, source address
     *   +16 destination address, source port, destination port (ICMP: type, code, checksum)
     *   +24 (UDP) length, checksum, ...       +28 (TCP) acknowledgment low half, data offset, flags, window
     * </pre>
     */
    private boolean decodeIpv4Shortcut(
        final MemorySegment frame,
        final long offset,
        final int network,
        final int vlan,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos,
        final MutableDirectBuffer buffer,
        final int index)
    {
        if (capturedLength - network < IPV4_SHORTCUT_MIN_LENGTH)
        {
            return false;
        }

        final long ip = offset + network;
        final long headWord = NetworkByteOrder.int64(frame, ip);
        if ((int)(headWord >>> 56) != IPV4_WITHOUT_OPTIONS ||
            ((int)headWord & (Ipv4Decoder.MORE_FRAGMENTS | Ipv4Decoder.FRAGMENT_OFFSET_MASK)) != 0)
        {
            return false;
        }

        final int totalLength = (int)(headWord >>> 32) & 0xFFFF;
        if (totalLength > Math.max(wireLength, capturedLength) - network)
        {
            return false;
        }

        final int ipPayload = totalLength - Ipv4Decoder.MIN_HEADER_LENGTH;
        final long ttlWord = NetworkByteOrder.int64(frame, ip + Ipv4Decoder.TTL_OFFSET);
        final int protocol = (int)(ttlWord >>> 48) & 0xFF;
        final long addressAndPorts = NetworkByteOrder.int64(frame, ip + Ipv4Decoder.DESTINATION_OFFSET);
        int ports = (int)addressAndPorts;
        final int tcpFlags;
        if (protocol == IpProtocol.TCP)
        {
            final int offsetAndFlags = (int)(NetworkByteOrder.int64(frame, ip + IPV4_TCP_WORD_OFFSET) >>> 16) & 0xFFFF;
            final int tcpHeaderLength = (offsetAndFlags >>> 12) << 2;
            // At least 20 and at most the IP payload: so the payload holds the 20 bytes the layers require.
            if (tcpHeaderLength < TcpDecoder.MIN_HEADER_LENGTH || tcpHeaderLength > ipPayload)
            {
                return false;
            }
            tcpFlags = offsetAndFlags & 0xFF;
        }
        else if (protocol == IpProtocol.UDP)
        {
            final int udpLength = (int)(NetworkByteOrder.int64(frame, ip + IPV4_UDP_WORD_OFFSET) >>> 48);
            if (udpLength < UdpDecoder.HEADER_LENGTH || udpLength > ipPayload)
            {
                return false;
            }
            tcpFlags = 0;
        }
        else if (protocol == IpProtocol.ICMP && ipPayload >= IcmpDecoder.HEADER_LENGTH)
        {
            // As IcmpDecoder, which wants its 8 bytes within the IP payload: type and code go in as the ports.
            tcpFlags = 0;
            ports = icmpTypeAndCode(ports);
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
            ttlWord & 0xFFFF_FFFFL,
            (int)(addressAndPorts >>> 32),
            ports >>> 16,
            ports & 0xFFFF,
            wireLength,
            protocol,
            tcpFlags,
            PacketRecord.packWord(
                (int)(ttlWord >>> 56), PacketRecordDescriptor.FAMILY_IPV4, FRAG_NONE, false, false, REASON_OK, vlan));
        return true;
    }

    /**
     * IPv6 whose next header is TCP or UDP (no extension headers), the IP header at {@code network} bytes into the
     * frame. The fixed header and a UDP header's 8 bytes are checked present once (TCP checks its 20); the header
     * is read as five longs (the first: version, traffic class, flow label, payload length, next header, hop
     * limit; then the two addresses), the transport header as a long from its start and, for TCP, the short at 12.
     */
    private boolean decodeIpv6Shortcut(
        final MemorySegment frame,
        final long offset,
        final int network,
        final int vlan,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos,
        final MutableDirectBuffer buffer,
        final int index)
    {
        final int networkLength = capturedLength - network;
        if (networkLength < IPV6_SHORTCUT_MIN_LENGTH)
        {
            return false;
        }

        final long ip = offset + network;
        final long headWord = NetworkByteOrder.int64(frame, ip);
        final int payloadLength = (int)(headWord >>> 16) & 0xFFFF;
        if ((int)(headWord >>> 60) != 6 ||
            payloadLength > Math.max(wireLength, capturedLength) - network - Ipv6Decoder.HEADER_LENGTH)
        {
            return false;
        }

        final int nextHeader = (int)(headWord >>> 8) & 0xFF;
        final long transport = ip + Ipv6Decoder.HEADER_LENGTH;
        final long ports = NetworkByteOrder.int64(frame, transport);
        final int tcpFlags;
        if (nextHeader == IpProtocol.TCP)
        {
            if (networkLength < Ipv6Decoder.HEADER_LENGTH + TcpDecoder.MIN_HEADER_LENGTH)
            {
                return false;
            }
            final int offsetAndFlags = NetworkByteOrder.uint16(frame, transport + TcpDecoder.DATA_OFFSET_OFFSET);
            final int tcpHeaderLength = (offsetAndFlags >>> 12) << 2;
            if (tcpHeaderLength < TcpDecoder.MIN_HEADER_LENGTH || tcpHeaderLength > payloadLength)
            {
                return false;
            }
            tcpFlags = offsetAndFlags & 0xFF;
        }
        else if (nextHeader == IpProtocol.UDP)
        {
            final int udpLength = (int)(ports >>> 16) & 0xFFFF;
            if (udpLength < UdpDecoder.HEADER_LENGTH || udpLength > payloadLength)
            {
                return false;
            }
            tcpFlags = 0;
        }
        else
        {
            return false;
        }

        final long sourceDigest = addressBook.recordSource(frame, ip + Ipv6Decoder.SOURCE_OFFSET);
        final int destinationDigest = addressBook.recordDestination(frame, ip + Ipv6Decoder.DESTINATION_OFFSET);

        counters.increment(REASON_OK);
        PacketRecord.write(
            buffer,
            index,
            timestampNanos,
            sourceDigest,
            destinationDigest,
            (int)(ports >>> 48),
            (int)(ports >>> 32) & 0xFFFF,
            wireLength,
            nextHeader,
            tcpFlags,
            PacketRecord.packWord(
                (int)headWord & 0xFF, PacketRecordDescriptor.FAMILY_IPV6, FRAG_NONE, false, false, REASON_OK, vlan));
        return true;
    }

    /**
     * The int that holds a TCP or UDP source port (high 16 bits) and destination port (low 16) holds, for ICMP,
     * type (bits 24-31), code (16-23) and checksum: returns type and code in the two port halves.
     */
    private static int icmpTypeAndCode(final int ports)
    {
        return ((ports >>> 8) & 0x00FF_0000) | ((ports >>> 16) & 0xFF);
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
