package com.flowtriq.ftagent.frames;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds link-layer frames as byte arrays for tests, benchmarks and generated captures: correct lengths and
 * checksums (IPv4 header, TCP, UDP, ICMP, ICMPv6, GRE), written from the RFC layouts without reusing any decoder
 * code, so a decoder test checks the decoder against an independent encoder.
 *
 * <p>Start with a link layer ({@link #ethernet()}, {@link #linuxSll()}, {@link #linuxSll2()}, {@link #rawIp()}),
 * then add layers outermost first; every next-protocol field (EtherType, IP protocol, IPv6 next header, GRE
 * protocol) is filled from the layer that follows. Modifiers such as {@link #ttl(int)} or {@link #tcpFlags(int)}
 * apply to the most recent layer of their kind, so they may come anywhere after it:
 *
 * <pre>{@code
 * byte[] syn = FrameBuilder.ethernet().vlan(100)
 *     .ipv4("198.18.0.1", "198.18.0.2").ttl(57).ipId(7)
 *     .tcp(40000, 80).tcpFlags(TcpFlags.SYN).mss(1460)
 *     .build();
 * List<byte[]> parts = FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").udp(53, 40000)
 *     .payload(3000).buildIpv4Fragments(1480);
 * }</pre>
 *
 * After {@link #build()}, {@link #networkOffset()} and {@link #transportOffset()} say where headers start, so that
 * a test can corrupt a chosen field. Not thread-safe; a builder may be built again after more changes.
 */
public final class FrameBuilder
{
    public static final String DEFAULT_SOURCE_MAC = "02:00:00:00:00:01";
    public static final String DEFAULT_DESTINATION_MAC = "02:00:00:00:00:02";

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_QINQ = 0x88A8;

    public static final int PROTOCOL_HOP_BY_HOP = 0;
    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int PROTOCOL_ROUTING = 43;
    public static final int PROTOCOL_FRAGMENT = 44;
    public static final int PROTOCOL_GRE = 47;
    public static final int PROTOCOL_AH = 51;
    public static final int PROTOCOL_ICMPV6 = 58;
    public static final int PROTOCOL_NO_NEXT_HEADER = 59;
    public static final int PROTOCOL_DESTINATION_OPTIONS = 60;

    private static final int IPV4_DONT_FRAGMENT = 0x4000;
    private static final int IPV4_MORE_FRAGMENTS = 0x2000;

    private final List<Layer> layers = new ArrayList<>();
    private byte[] payload = new byte[0];
    private int minimumFrameLength;
    private int[] offsets;

    private FrameBuilder()
    {
    }

    /** Ethernet II with {@link #DEFAULT_SOURCE_MAC} and {@link #DEFAULT_DESTINATION_MAC}. */
    public static FrameBuilder ethernet()
    {
        return new FrameBuilder().add(new EthernetLayer());
    }

    /** Linux cooked v1 header (LINKTYPE_LINUX_SLL 113): incoming unicast, ARPHRD_ETHER. */
    public static FrameBuilder linuxSll()
    {
        return new FrameBuilder().add(new LinuxSllLayer());
    }

    /** Linux cooked v2 header (LINKTYPE_LINUX_SLL2 276): incoming unicast, ARPHRD_ETHER, interface index 1. */
    public static FrameBuilder linuxSll2()
    {
        return new FrameBuilder().add(new LinuxSll2Layer());
    }

    /** No link header: the frame starts with the IP header (LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6). */
    public static FrameBuilder rawIp()
    {
        return new FrameBuilder();
    }

    // ---------------------------------------------------------------- link layer

    /** Sets the MAC addresses of the last Ethernet header (or the source address of a cooked header). */
    public FrameBuilder macs(final String source, final String destination)
    {
        final Layer layer = last(Layer.class);
        if (layer instanceof EthernetLayer ethernet)
        {
            ethernet.source = mac(source);
            ethernet.destination = mac(destination);
        }
        else if (layer instanceof LinuxSllLayer sll)
        {
            sll.address = mac(source);
        }
        else if (layer instanceof LinuxSll2Layer sll2)
        {
            sll2.address = mac(source);
        }
        else
        {
            throw new IllegalStateException("macs() needs a link layer, last layer is " + layer);
        }
        return this;
    }

    /** Adds an 802.1Q tag (TPID 0x8100). */
    public FrameBuilder vlan(final int vlanId)
    {
        return vlanTag(ETHERTYPE_VLAN, 0, vlanId);
    }

    /** Adds an 802.1ad service tag (TPID 0x88A8) and an 802.1Q customer tag. */
    public FrameBuilder qinq(final int outerVlanId, final int innerVlanId)
    {
        return vlanTag(ETHERTYPE_QINQ, 0, outerVlanId).vlanTag(ETHERTYPE_VLAN, 0, innerVlanId);
    }

    /** Adds a tag with any TPID, priority (PCP) and VLAN id. */
    public FrameBuilder vlanTag(final int tpid, final int priority, final int vlanId)
    {
        final VlanLayer tag = new VlanLayer();
        tag.tpid = tpid;
        tag.tci = ((priority & 0x7) << 13) | (vlanId & 0xFFF);
        return add(tag);
    }

    /**
     * Sets the EtherType written by the last layer that has one (Ethernet, cooked, VLAN tag, GRE), for frames
     * whose payload is not an IP layer of this builder (ARP, MPLS) or to write a wrong value on purpose.
     */
    public FrameBuilder etherType(final int etherType)
    {
        Layer found = null;
        for (final Layer layer : layers)
        {
            if (layer.hasEtherTypeField())
            {
                found = layer;
            }
        }
        if (found == null)
        {
            throw new IllegalStateException("no layer with an EtherType field");
        }
        found.nextProtocol = etherType;
        return this;
    }

    // ---------------------------------------------------------------- network layer

    /** Adds an IPv4 header (TTL 64, identification 1, no flags). Addresses are literals. */
    public FrameBuilder ipv4(final String source, final String destination)
    {
        final Ipv4Layer ip = new Ipv4Layer();
        ip.source = ipv4Address(source);
        ip.destination = ipv4Address(destination);
        return add(ip);
    }

    /** Adds an IPv6 header (hop limit 64). Addresses are literals. */
    public FrameBuilder ipv6(final String source, final String destination)
    {
        final Ipv6Layer ip = new Ipv6Layer();
        ip.source = ipv6Address(source);
        ip.destination = ipv6Address(destination);
        return add(ip);
    }

    /** TTL of the last IPv4 header, or hop limit of the last IPv6 header. */
    public FrameBuilder ttl(final int ttl)
    {
        last(IpLayer.class).ttl = ttl;
        return this;
    }

    /** Identification of the last IPv4 header. */
    public FrameBuilder ipId(final int identification)
    {
        last(Ipv4Layer.class).identification = identification;
        return this;
    }

    /** DSCP/ECN byte of the last IPv4 header, or traffic class of the last IPv6 header. */
    public FrameBuilder tos(final int tos)
    {
        last(IpLayer.class).tos = tos;
        return this;
    }

    public FrameBuilder dontFragment()
    {
        last(Ipv4Layer.class).flags |= IPV4_DONT_FRAGMENT;
        return this;
    }

    public FrameBuilder moreFragments()
    {
        last(Ipv4Layer.class).flags |= IPV4_MORE_FRAGMENTS;
        return this;
    }

    /** Fragment offset of the last IPv4 header, in bytes (a multiple of 8). */
    public FrameBuilder fragmentOffset(final int offsetBytes)
    {
        requireMultipleOf8(offsetBytes);
        last(Ipv4Layer.class).fragmentOffset = offsetBytes;
        return this;
    }

    /** IPv4 options of the last IPv4 header, zero-padded (end-of-options) to a multiple of 4, at most 40 bytes. */
    public FrameBuilder ipv4Options(final byte[] options)
    {
        final int padded = (options.length + 3) & ~3;
        if (padded > 40)
        {
            throw new IllegalArgumentException("IPv4 options are at most 40 bytes, got " + padded);
        }
        last(Ipv4Layer.class).options = Arrays.copyOf(options, padded);
        return this;
    }

    /** Flow label of the last IPv6 header. */
    public FrameBuilder flowLabel(final int flowLabel)
    {
        last(Ipv6Layer.class).flowLabel = flowLabel & 0xFFFFF;
        return this;
    }

    /**
     * Sets the protocol (or next header) field of the last IP or IPv6 extension header, for protocols this builder
     * has no layer for (SCTP, ESP, IP-in-IP); the payload follows.
     */
    public FrameBuilder ipProtocol(final int protocol)
    {
        Layer found = null;
        for (final Layer layer : layers)
        {
            if (layer instanceof IpLayer || layer instanceof ExtensionLayer)
            {
                found = layer;
            }
        }
        if (found == null)
        {
            throw new IllegalStateException("no IP layer yet");
        }
        found.nextProtocol = protocol;
        return this;
    }

    /** Adds an 8-byte hop-by-hop options header (padding only). */
    public FrameBuilder hopByHop()
    {
        return hopByHop(8);
    }

    /** Adds a hop-by-hop options header of {@code lengthBytes} (a multiple of 8), filled with padding options. */
    public FrameBuilder hopByHop(final int lengthBytes)
    {
        return add(ExtensionLayer.options(PROTOCOL_HOP_BY_HOP, lengthBytes));
    }

    /** Adds a destination options header of {@code lengthBytes} (a multiple of 8), filled with padding options. */
    public FrameBuilder destinationOptions(final int lengthBytes)
    {
        return add(ExtensionLayer.options(PROTOCOL_DESTINATION_OPTIONS, lengthBytes));
    }

    /** Adds a routing header of {@code lengthBytes} (multiple of 8) with the given type and segments left 0. */
    public FrameBuilder routingHeader(final int routingType, final int lengthBytes)
    {
        final ExtensionLayer routing = ExtensionLayer.options(PROTOCOL_ROUTING, lengthBytes);
        routing.routingType = routingType;
        return add(routing);
    }

    /** Adds an IPv6 fragment header. {@code offsetBytes} is a multiple of 8. */
    public FrameBuilder ipv6Fragment(final int identification, final int offsetBytes, final boolean moreFragments)
    {
        requireMultipleOf8(offsetBytes);
        final ExtensionLayer fragment = new ExtensionLayer(PROTOCOL_FRAGMENT, 8);
        fragment.fragmentIdentification = identification;
        fragment.fragmentOffset = offsetBytes;
        fragment.moreFragments = moreFragments;
        return add(fragment);
    }

    /** Adds an IPsec authentication header with a 12-byte ICV (24 bytes in all). */
    public FrameBuilder authenticationHeader(final int spi)
    {
        final ExtensionLayer ah = new ExtensionLayer(PROTOCOL_AH, 24);
        ah.spi = spi;
        return add(ah);
    }

    /**
     * Adds an extension header of any type in the common layout (next header, length in 8-byte units less one),
     * for example mobility (135) or the experimental 253; {@code lengthBytes} is a multiple of 8.
     */
    public FrameBuilder extensionHeader(final int type, final int lengthBytes)
    {
        return add(ExtensionLayer.options(type, lengthBytes));
    }

    // ---------------------------------------------------------------- GRE

    /** Adds a GRE version 0 header; the protocol type comes from the IP layer added after it. */
    public FrameBuilder gre()
    {
        return add(new GreLayer());
    }

    /** Sets the key field (K bit) of the last GRE header. */
    public FrameBuilder greKey(final int key)
    {
        last(GreLayer.class).key = key;
        return this;
    }

    /** Sets the sequence number field (S bit) of the last GRE header. */
    public FrameBuilder greSequence(final int sequence)
    {
        last(GreLayer.class).sequence = sequence;
        return this;
    }

    /** Adds the checksum field (C bit) to the last GRE header, computed over the GRE header and payload. */
    public FrameBuilder greChecksum()
    {
        last(GreLayer.class).checksum = true;
        return this;
    }

    /** Sets the first 16 bits (flags and version) of the last GRE header as given, for malformed headers. */
    public FrameBuilder greFlagsAndVersion(final int flagsAndVersion)
    {
        last(GreLayer.class).flagsOverride = flagsAndVersion;
        return this;
    }

    // ---------------------------------------------------------------- transport layer

    /** Adds a TCP header (no flags, sequence 1, window 65535). */
    public FrameBuilder tcp(final int sourcePort, final int destinationPort)
    {
        final TcpLayer tcp = new TcpLayer();
        tcp.sourcePort = sourcePort;
        tcp.destinationPort = destinationPort;
        return add(tcp);
    }

    /** Flag byte of the last TCP header; see {@link TcpFlags}. */
    public FrameBuilder tcpFlags(final int flags)
    {
        last(TcpLayer.class).flags = flags;
        return this;
    }

    public FrameBuilder tcpSequence(final long sequence)
    {
        last(TcpLayer.class).sequence = sequence;
        return this;
    }

    public FrameBuilder tcpAcknowledgment(final long acknowledgment)
    {
        last(TcpLayer.class).acknowledgment = acknowledgment;
        return this;
    }

    public FrameBuilder tcpWindow(final int window)
    {
        last(TcpLayer.class).window = window;
        return this;
    }

    /** TCP options of the last TCP header, zero-padded to a multiple of 4, at most 40 bytes. */
    public FrameBuilder tcpOptions(final byte[] options)
    {
        final int padded = (options.length + 3) & ~3;
        if (padded > 40)
        {
            throw new IllegalArgumentException("TCP options are at most 40 bytes, got " + padded);
        }
        last(TcpLayer.class).options = Arrays.copyOf(options, padded);
        return this;
    }

    /** Adds an MSS option to the last TCP header. */
    public FrameBuilder mss(final int mss)
    {
        final TcpLayer tcp = last(TcpLayer.class);
        final byte[] option = {2, 4, (byte)(mss >>> 8), (byte)mss};
        final byte[] options = Arrays.copyOf(tcp.options, tcp.options.length + 4);
        System.arraycopy(option, 0, options, tcp.options.length, 4);
        return tcpOptions(options);
    }

    /** Adds a UDP header. */
    public FrameBuilder udp(final int sourcePort, final int destinationPort)
    {
        final UdpLayer udp = new UdpLayer();
        udp.sourcePort = sourcePort;
        udp.destinationPort = destinationPort;
        return add(udp);
    }

    /** Adds an ICMP header (8 bytes; identifier and sequence 0). Echo request is type 8 code 0. */
    public FrameBuilder icmp(final int type, final int code)
    {
        return add(new IcmpLayer(false, type, code));
    }

    /** Adds an ICMPv6 header (8 bytes). Echo request is type 128 code 0. */
    public FrameBuilder icmpv6(final int type, final int code)
    {
        return add(new IcmpLayer(true, type, code));
    }

    // ---------------------------------------------------------------- payload and output

    /** Payload of {@code size} bytes of a fixed pattern. */
    public FrameBuilder payload(final int size)
    {
        final byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++)
        {
            bytes[i] = (byte)(i * 31 + 7);
        }
        this.payload = bytes;
        return this;
    }

    public FrameBuilder payload(final byte[] bytes)
    {
        this.payload = bytes.clone();
        return this;
    }

    /**
     * Pads every built frame with zero bytes after the packet up to {@code frameLength}, as Ethernet does for
     * frames below 60 bytes. The padding is not part of any IP length.
     */
    public FrameBuilder padTo(final int frameLength)
    {
        this.minimumFrameLength = frameLength;
        return this;
    }

    /** Builds the frame. */
    public byte[] build()
    {
        final int count = layers.size();
        final int[] offsets = new int[count + 1];
        int position = 0;
        for (int i = 0; i < count; i++)
        {
            offsets[i] = position;
            position += layers.get(i).length();
        }
        offsets[count] = position;
        final int end = position + payload.length;
        final byte[] frame = new byte[Math.max(end, minimumFrameLength)];
        System.arraycopy(payload, 0, frame, position, payload.length);

        // Innermost first: checksums of outer layers then cover finished inner bytes.
        IpLayer[] enclosing = new IpLayer[count];
        IpLayer current = null;
        for (int i = 0; i < count; i++)
        {
            enclosing[i] = current;
            if (layers.get(i) instanceof IpLayer ip)
            {
                current = ip;
            }
        }
        for (int i = count - 1; i >= 0; i--)
        {
            final Layer next = i + 1 < count ? layers.get(i + 1) : null;
            layers.get(i).write(frame, offsets[i], end, next, enclosing[i]);
        }
        this.offsets = offsets;
        return frame;
    }

    /**
     * Builds the frame, then splits the first IPv4 packet into fragments of {@code fragmentPayloadBytes} (a
     * multiple of 8; the last one may be shorter). Headers before it (link, VLAN) are copied to every fragment, as
     * are IPv4 options. Keeps the identification, clears DF, sets MF on all but the last.
     */
    public List<byte[]> buildIpv4Fragments(final int fragmentPayloadBytes)
    {
        requireMultipleOf8(fragmentPayloadBytes);
        final byte[] whole = build();
        final int index = firstIndex(Ipv4Layer.class);
        final Ipv4Layer ip = (Ipv4Layer)layers.get(index);
        final int ipOffset = offsets[index];
        final int headerLength = ip.length();
        final int ipPayload = offsets[layers.size()] + payload.length - ipOffset - headerLength;

        final List<byte[]> fragments = new ArrayList<>();
        for (int start = 0; start < ipPayload; start += fragmentPayloadBytes)
        {
            final int chunk = Math.min(fragmentPayloadBytes, ipPayload - start);
            final boolean last = start + chunk >= ipPayload;
            final byte[] fragment = new byte[Math.max(ipOffset + headerLength + chunk, minimumFrameLength)];
            System.arraycopy(whole, 0, fragment, 0, ipOffset + headerLength);
            System.arraycopy(whole, ipOffset + headerLength + start, fragment, ipOffset + headerLength, chunk);
            final int flags = last && (ip.flags & IPV4_MORE_FRAGMENTS) == 0 ? 0 : IPV4_MORE_FRAGMENTS;
            put16(fragment, ipOffset + 2, headerLength + chunk);
            put16(fragment, ipOffset + 6, flags | ((ip.fragmentOffset + start) >>> 3));
            put16(fragment, ipOffset + 10, 0);
            put16(fragment, ipOffset + 10, checksum(fragment, ipOffset, headerLength, 0));
            fragments.add(fragment);
        }
        return fragments;
    }

    /**
     * Builds the frame, then splits the first IPv6 packet into fragments with a fragment header. The unfragmentable
     * part (the IPv6 header and any hop-by-hop or routing headers right after it) is copied to every fragment;
     * the rest is cut into pieces of {@code fragmentPayloadBytes} (a multiple of 8; the last may be shorter).
     */
    public List<byte[]> buildIpv6Fragments(final int fragmentPayloadBytes, final int identification)
    {
        requireMultipleOf8(fragmentPayloadBytes);
        final byte[] whole = build();
        final int index = firstIndex(Ipv6Layer.class);
        final int ipOffset = offsets[index];
        int unfragmentable = index + 1;
        while (unfragmentable < layers.size() && layers.get(unfragmentable) instanceof ExtensionLayer extension &&
            (extension.type == PROTOCOL_HOP_BY_HOP || extension.type == PROTOCOL_ROUTING))
        {
            unfragmentable++;
        }
        final int fragmentableStart = offsets[unfragmentable];
        final int nextHeaderField = unfragmentable - 1 == index ? ipOffset + 6 : offsets[unfragmentable - 1];
        final int fragmentableType = whole[nextHeaderField] & 0xFF;
        final int end = offsets[layers.size()] + payload.length;
        final int fragmentable = end - fragmentableStart;

        final List<byte[]> fragments = new ArrayList<>();
        for (int start = 0; start < fragmentable; start += fragmentPayloadBytes)
        {
            final int chunk = Math.min(fragmentPayloadBytes, fragmentable - start);
            final boolean last = start + chunk >= fragmentable;
            final byte[] fragment = new byte[Math.max(fragmentableStart + 8 + chunk, minimumFrameLength)];
            System.arraycopy(whole, 0, fragment, 0, fragmentableStart);
            System.arraycopy(whole, fragmentableStart + start, fragment, fragmentableStart + 8, chunk);
            fragment[nextHeaderField] = (byte)PROTOCOL_FRAGMENT;
            put16(fragment, ipOffset + 4, fragmentableStart + 8 + chunk - ipOffset - 40);
            fragment[fragmentableStart] = (byte)fragmentableType;
            fragment[fragmentableStart + 1] = 0;
            put16(fragment, fragmentableStart + 2, start | (last ? 0 : 1));
            put32(fragment, fragmentableStart + 4, identification);
            fragments.add(fragment);
        }
        return fragments;
    }

    /** Offset of the first IP header in the last built frame. */
    public int networkOffset()
    {
        return offsets[firstIndex(IpLayer.class)];
    }

    /** Offset of the last IP header in the last built frame (the inner one after GRE). */
    public int innerNetworkOffset()
    {
        return offsets[lastIndex(IpLayer.class)];
    }

    /** Offset of the last TCP, UDP or ICMP header in the last built frame. */
    public int transportOffset()
    {
        return offsets[lastIndex(TransportLayer.class)];
    }

    /** Offset of the payload in the last built frame. */
    public int payloadOffset()
    {
        return offsets[layers.size()];
    }

    // ---------------------------------------------------------------- helpers

    private FrameBuilder add(final Layer layer)
    {
        if (!layers.isEmpty() && layers.getLast() instanceof TransportLayer)
        {
            throw new IllegalStateException("nothing but payload can follow " + layers.getLast());
        }
        layers.add(layer);
        return this;
    }

    private <T> T last(final Class<T> type)
    {
        return type.cast(layers.get(lastIndex(type)));
    }

    private int lastIndex(final Class<?> type)
    {
        for (int i = layers.size() - 1; i >= 0; i--)
        {
            if (type.isInstance(layers.get(i)))
            {
                return i;
            }
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " in " + layers);
    }

    private int firstIndex(final Class<?> type)
    {
        for (int i = 0; i < layers.size(); i++)
        {
            if (type.isInstance(layers.get(i)))
            {
                return i;
            }
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " in " + layers);
    }

    private static void requireMultipleOf8(final int bytes)
    {
        if (bytes < 0 || (bytes & 7) != 0)
        {
            throw new IllegalArgumentException("must be a non-negative multiple of 8: " + bytes);
        }
    }

    private static byte[] mac(final String text)
    {
        final String[] parts = text.split(":");
        if (parts.length != 6)
        {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        final byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            mac[i] = (byte)Integer.parseInt(parts[i], 16);
        }
        return mac;
    }

    private static byte[] ipv4Address(final String literal)
    {
        final InetAddress address = InetAddress.ofLiteral(literal);
        if (!(address instanceof Inet4Address))
        {
            throw new IllegalArgumentException("not an IPv4 literal: " + literal);
        }
        return address.getAddress();
    }

    private static byte[] ipv6Address(final String literal)
    {
        final InetAddress address = InetAddress.ofLiteral(literal);
        if (address instanceof Inet6Address)
        {
            return address.getAddress();
        }
        // ofLiteral turns "::ffff:a.b.c.d" into an Inet4Address; keep the IPv6 form.
        final byte[] mapped = new byte[16];
        mapped[10] = (byte)0xFF;
        mapped[11] = (byte)0xFF;
        System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
        return mapped;
    }

    static void put16(final byte[] frame, final int offset, final int value)
    {
        frame[offset] = (byte)(value >>> 8);
        frame[offset + 1] = (byte)value;
    }

    static void put32(final byte[] frame, final int offset, final long value)
    {
        put16(frame, offset, (int)(value >>> 16));
        put16(frame, offset + 2, (int)value);
    }

    /** Sum of 16-bit big-endian words, an odd last byte padded with zero (RFC 1071), not yet folded. */
    static long sum(final byte[] bytes, final int offset, final int length)
    {
        long sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            sum += ((bytes[offset + i] & 0xFF) << 8) | (bytes[offset + i + 1] & 0xFF);
        }
        if (i < length)
        {
            sum += (bytes[offset + i] & 0xFF) << 8;
        }
        return sum;
    }

    /** Internet checksum of a range plus a pseudo-header sum. */
    static int checksum(final byte[] bytes, final int offset, final int length, final long pseudoHeaderSum)
    {
        long sum = sum(bytes, offset, length) + pseudoHeaderSum;
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)(~sum & 0xFFFF);
    }

    // ---------------------------------------------------------------- layers

    private abstract static class Layer
    {
        /** Value for this layer's next-protocol field when set explicitly; -1 to take it from the next layer. */
        int nextProtocol = -1;

        abstract int length();

        /** What an EtherType field announcing this layer holds. */
        int etherType()
        {
            throw new IllegalStateException(this + " cannot follow an EtherType field");
        }

        /** What an IP protocol field announcing this layer holds. */
        int ipProtocol()
        {
            throw new IllegalStateException(this + " cannot follow an IP protocol field");
        }

        boolean hasEtherTypeField()
        {
            return false;
        }

        abstract void write(byte[] frame, int offset, int end, Layer next, IpLayer enclosing);

        int nextEtherType(final Layer next)
        {
            if (nextProtocol >= 0)
            {
                return nextProtocol;
            }
            if (next == null)
            {
                throw new IllegalStateException("nothing follows " + this + ": set etherType(..)");
            }
            return next.etherType();
        }

        int nextIpProtocol(final Layer next)
        {
            if (nextProtocol >= 0)
            {
                return nextProtocol;
            }
            if (next == null)
            {
                throw new IllegalStateException("nothing follows " + this + ": set ipProtocol(..)");
            }
            return next.ipProtocol();
        }

        @Override
        public String toString()
        {
            return getClass().getSimpleName();
        }
    }

    private static final class EthernetLayer extends Layer
    {
        byte[] source = mac(DEFAULT_SOURCE_MAC);
        byte[] destination = mac(DEFAULT_DESTINATION_MAC);

        @Override
        int length()
        {
            return 14;
        }

        @Override
        boolean hasEtherTypeField()
        {
            return true;
        }

        @Override
        void write(final byte[] frame, final int offset, final int end, final Layer next, final IpLayer enclosing)
        {
            System.arraycopy(destination, 0, frame, offset, 6);
            System.arraycopy(source, 0, frame, offset + 6, 6);
            put16(frame, offset + 12, nextEtherType(next));
        }
    }

    private static final class LinuxSllLayer extends Layer
    {
        byte[] address = mac(DEFAULT_SOURCE_MAC);

        @Override
        int length()
        {
            return 16;
        }

        @Override
        boolean hasEtherTypeField()
        {
            return true;
        }

        @Override
        void write(final byte[] frame, final int offset, final int end, final Layer next, final IpLayer enclosing)
        {
            put16(frame, offset, 0);            // PACKET_HOST
            put16(frame, offset + 2, 1);        // ARPHRD_ETHER
            put16(frame, offset + 4, 6);
            System.arraycopy(address, 0, frame, offset + 6, 6);
            put16(frame, offset + 14, nextEtherType(next));
        }
    }

    private static final class LinuxSll2Layer extends Layer
    {
        byte[] address = mac(DEFAULT_SOURCE_MAC);

        @Override
        int length()
        {
            return 20;
        }

        @Override
        boolean hasEtherTypeField()
        {
            return true;
        }

        @Override
        void write(final byte[] frame, final int offset, final int end, final Layer next, final IpLayer enclosing)
        {
            put16(frame, offset, nextEtherType(next));
            put16(frame, offset + 2, 0);
            put32(frame, offset + 4, 1);        // interface index
            put16(frame, offset + 8, 1);        // ARPHRD_ETHER
            frame[offset + 10] = 0;             // PACKET_HOST
            frame[offset + 11] = 6;
            System.arraycopy(address, 0, frame, offset + 12, 6);
        }
    }

    private static final class VlanLayer extends Layer
    {
        int tpid;
        int tci;

        @Override
        int length()
        {
            return 4;
        }

        @Override
        int etherType()
        {
            return tpid;
        }

        @Override
        boolean hasEtherTypeField()
        {
            return true;
        }

        @Override
        void write(final byte[] frame, final int offset, final int end, final Layer next, final IpLayer enclosing)
        {
            put16(frame, offset, tci);
            put16(frame, offset + 2, nextEtherType(next));
        }
    }

    private abstract static class IpLayer extends Layer
    {
        int ttl = 64;
        int tos;

        /** Sum of the transport pseudo-header for an upper-layer packet of {@code length} bytes. */
        abstract long pseudoHeaderSum(int protocol, int length);
    }

    private static final class Ipv4Layer extends IpLayer
    {
        byte[] source;
        byte[] destination;
        int identification = 1;
        int flags;
        int fragmentOffset;
        byte[] options = new byte[0];

        @Override
        int length()
        {
            return 20 + options.length;
        }

        @Override
        int etherType()
        {
            return ETHERTYPE_IPV4;
        }

        @Override
        int ipProtocol()
        {
            return 4;
        }

        @Override
        void write(final byte[] frame, final int offset, final int end, final Layer next, final IpLayer enclosing)
        {
            final int headerLength = length();
            frame[offset] = (byte)(0x40 | (headerLength >>> 2));
            frame[offset + 1] = (byte)tos;
            put16(frame, offset + 2, end - offset);
            put16(frame, offset + 4, identification);
            put16(frame, offset + 6, flags | (fragmentOffset >>> 3));
            frame[offset + 8] = (byte)ttl;
            frame[offset + 9] = (byte)nextIpProtocol(next);
            put16(frame, offset + 10, 0);
            System.arraycopy(source, 0, frame, offset + 12, 4);
            System.arraycopy(destination, 0, frame, offset + 16, 4);
            System.arraycopy(options, 0, frame, offset + 20, options.length);
            put16(frame, offset + 10, checksum(frame, offset, headerLength, 0));
        }

        @Override
        long pseudoHeaderSum(final int protocol, final int length)
        {
            return sum(source, 0, 4) + sum(destination, 0, 4) + protocol + length;
        }
    }

    private static final class Ipv6Layer extends IpLayer
    {
        byte[] source;
        byte[] destination;
        int flowLabel;

        @Override
        int length()
        {
            return 40;
        }

        @Override
        int etherType()
        {
            return ETHERTYPE_IPV6;
        }

        @Override
        int ipProtocol()
        {
            return 41;
        }

        @Override
        void write(final byte[] frame, final int offset, final int end, final Layer next, final IpLayer enclosing)
        {
            put32(frame, offset, (6L << 28) | ((long)(tos & 0xFF) << 20) | flowLabel);
            put16(frame, offset + 4, end - offset - 40);
            frame[offset + 6] = (byte)nextIpProtocol(next);
            frame[offset + 7] = (byte)ttl;
            System.arraycopy(source, 0, frame, offset + 8, 16);
            System.arraycopy(destination, 0, frame, offset + 24, 16);
        }

        @Override
        long pseudoHeaderSum(final int protocol, final int length)
        {
            return sum(source, 0, 16) + sum(destination, 0, 16) + (length >>> 16) + (length & 0xFFFF) + protocol;
        }
    }

    private static final class ExtensionLayer extends Layer
    {
        final int type;
        final int length;
        int routingType;
        int fragmentIdentification;
        int fragmentOffset;
        boolean moreFragments;
        int spi;

        ExtensionLayer(final int type, final int length)
        {
            this.type = type;
            this.length = length;
        }

        static ExtensionLayer options(final int type, final int lengthBytes)
        {
            if (lengthBytes < 8 || (lengthBytes & 7) != 0 || lengthBytes > 2048)
            {
                throw new IllegalArgumentException("extension header length must be 8..2048, a multiple of 8");
            }
            return new ExtensionLayer(type, lengthBytes);
        }

        @Override
        int length()
        {
            return length;
        }

        @Override
        int ipProtocol()
        {
            return type;
        }

        @Override
        void write(final byte[] frame, final int offset, final int end, final Layer next, final IpLayer enclosing)
        {
            Arrays.fill(frame, offset, offset + length, (byte)0);
            frame[offset] = (byte)nextIpProtocol(next);
            switch (type)
            {
                case PROTOCOL_FRAGMENT ->
                {
                    put16(frame, offset + 2, fragmentOffset | (moreFragments ? 1 : 0));
                    put32(frame, offset + 4, fragmentIdentification);
                }
                case PROTOCOL_AH ->
                {
                    frame[offset + 1] = (byte)((length >>> 2) - 2);
                    put32(frame, offset + 4, spi);
                    put32(frame, offset + 8, 1);
                }
                case PROTOCOL_ROUTING ->
                {
                    frame[offset + 1] = (byte)((length >>> 3) - 1);
                    frame[offset + 2] = (byte)routingType;
                }
                default ->
                {
                    frame[offset + 1] = (byte)((length >>> 3) - 1);
                    // One PadN option covers the rest (RFC 8200 section 4.2).
                    frame[offset + 2] = 1;
                    frame[offset + 3] = (byte)(length - 4);
                }
            }
        }
    }

    private static final class GreLayer extends Layer
    {
        boolean checksum;
        Integer key;
        Integer sequence;
        int flagsOverride = -1;

        @Override
        int length()
        {
            return 4 + (checksum ? 4 : 0) + (key != null ? 4 : 0) + (sequence != null ? 4 : 0);
        }

        @Override
        int ipProtocol()
        {
            return PROTOCOL_GRE;
        }

        @Override
        boolean hasEtherTypeField()
        {
            return true;
        }

        @Override
        void write(final byte[] frame, final int offset, final int end, final Layer next, final IpLayer enclosing)
        {
            final int flags = (checksum ? 0x8000 : 0) | (key != null ? 0x2000 : 0) | (sequence != null ? 0x1000 : 0);
            put16(frame, offset, flagsOverride >= 0 ? flagsOverride : flags);
            put16(frame, offset + 2, nextEtherType(next));
            int field = offset + 4;
            if (checksum)
            {
                put32(frame, field, 0);
                field += 4;
            }
            if (key != null)
            {
                put32(frame, field, key);
                field += 4;
            }
            if (sequence != null)
            {
                put32(frame, field, sequence);
            }
            if (checksum)
            {
                put16(frame, offset + 4, checksum(frame, offset, end - offset, 0));
            }
        }
    }

    private abstract static class TransportLayer extends Layer
    {
        int sourcePort;
        int destinationPort;
    }

    private static final class TcpLayer extends TransportLayer
    {
        long sequence = 1;
        long acknowledgment;
        int flags;
        int window = 65535;
        byte[] options = new byte[0];

        @Override
        int length()
        {
            return 20 + options.length;
        }

        @Override
        int ipProtocol()
        {
            return PROTOCOL_TCP;
        }

        @Override
        void write(final byte[] frame, final int offset, final int end, final Layer next, final IpLayer enclosing)
        {
            put16(frame, offset, sourcePort);
            put16(frame, offset + 2, destinationPort);
            put32(frame, offset + 4, sequence);
            put32(frame, offset + 8, acknowledgment);
            frame[offset + 12] = (byte)((length() >>> 2) << 4);
            frame[offset + 13] = (byte)flags;
            put16(frame, offset + 14, window);
            put16(frame, offset + 16, 0);
            put16(frame, offset + 18, 0);
            System.arraycopy(options, 0, frame, offset + 20, options.length);
            final long pseudo = enclosing == null ? 0 : enclosing.pseudoHeaderSum(PROTOCOL_TCP, end - offset);
            put16(frame, offset + 16, checksum(frame, offset, end - offset, pseudo));
        }
    }

    private static final class UdpLayer extends TransportLayer
    {
        @Override
        int length()
        {
            return 8;
        }

        @Override
        int ipProtocol()
        {
            return PROTOCOL_UDP;
        }

        @Override
        void write(final byte[] frame, final int offset, final int end, final Layer next, final IpLayer enclosing)
        {
            put16(frame, offset, sourcePort);
            put16(frame, offset + 2, destinationPort);
            put16(frame, offset + 4, end - offset);
            put16(frame, offset + 6, 0);
            final long pseudo = enclosing == null ? 0 : enclosing.pseudoHeaderSum(PROTOCOL_UDP, end - offset);
            final int checksum = checksum(frame, offset, end - offset, pseudo);
            put16(frame, offset + 6, checksum == 0 ? 0xFFFF : checksum);
        }
    }

    private static final class IcmpLayer extends TransportLayer
    {
        final boolean version6;

        IcmpLayer(final boolean version6, final int type, final int code)
        {
            this.version6 = version6;
            this.sourcePort = type;
            this.destinationPort = code;
        }

        @Override
        int length()
        {
            return 8;
        }

        @Override
        int ipProtocol()
        {
            return version6 ? PROTOCOL_ICMPV6 : PROTOCOL_ICMP;
        }

        @Override
        void write(final byte[] frame, final int offset, final int end, final Layer next, final IpLayer enclosing)
        {
            frame[offset] = (byte)sourcePort;
            frame[offset + 1] = (byte)destinationPort;
            put16(frame, offset + 2, 0);
            put32(frame, offset + 4, 0);
            final long pseudo = version6 && enclosing != null ?
                enclosing.pseudoHeaderSum(PROTOCOL_ICMPV6, end - offset) : 0;
            put16(frame, offset + 2, checksum(frame, offset, end - offset, pseudo));
        }
    }
}
