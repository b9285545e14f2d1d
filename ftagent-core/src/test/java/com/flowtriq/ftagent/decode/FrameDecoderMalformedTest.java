package com.flowtriq.ftagent.decode;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.flowtriq.ftagent.frames.FrameBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static com.flowtriq.ftagent.decode.DecodeHarness.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One frame per malformed reason, built correct and then broken in one field: each is counted under its own
 * reason, as malformed, exactly once, without an exception or a read outside the frame.
 */
class FrameDecoderMalformedTest
{
    private static final String SRC4 = "198.18.0.1";
    private static final String DST4 = "198.18.0.2";
    private static final String SRC6 = "2001:db8::1";
    private static final String DST6 = "2001:db8::2";

    /** A broken frame and the reason it must be counted under. */
    record Case(DecodeEvent expected, String description, int linkType, byte[] frame)
    {
        @Override
        public String toString()
        {
            return expected.dottedName() + ": " + description;
        }
    }

    static List<Case> cases()
    {
        final List<Case> cases = new ArrayList<>();
        final byte[] tcp4 = FrameBuilder.ethernet().ipv4(SRC4, DST4).tcp(1, 2).build();
        final int ip = 14;

        cases.add(new Case(DecodeEvent.ETHERNET_TRUNC, "13-byte frame", LinkType.ETHERNET, cut(tcp4, 13)));
        cases.add(new Case(DecodeEvent.SLL_TRUNC, "15-byte cooked v1 frame", LinkType.LINUX_SLL,
            cut(FrameBuilder.linuxSll().ipv4(SRC4, DST4).udp(1, 2).build(), 15)));
        cases.add(new Case(DecodeEvent.SLL2_TRUNC, "19-byte cooked v2 frame", LinkType.LINUX_SLL2,
            cut(FrameBuilder.linuxSll2().ipv4(SRC4, DST4).udp(1, 2).build(), 19)));
        cases.add(new Case(DecodeEvent.RAW_TRUNC, "empty raw frame", LinkType.RAW, new byte[0]));
        cases.add(new Case(DecodeEvent.RAW_BAD_VERSION, "raw frame of version 5", LinkType.RAW,
            set(FrameBuilder.rawIp().ipv4(SRC4, DST4).udp(1, 2).build(), 0, 0x55)));

        final byte[] vlan = FrameBuilder.ethernet().vlan(10).ipv4(SRC4, DST4).udp(1, 2).build();
        cases.add(new Case(DecodeEvent.VLAN_TRUNC, "tag cut after 2 bytes", LinkType.ETHERNET, cut(vlan, 16)));
        cases.add(new Case(DecodeEvent.VLAN_TOO_DEEP, "three tags", LinkType.ETHERNET,
            FrameBuilder.ethernet().vlan(1).vlan(2).vlan(3).ipv4(SRC4, DST4).udp(1, 2).build()));

        cases.add(new Case(DecodeEvent.IPV4_TRUNC_PKT, "19 bytes of IPv4 header", LinkType.ETHERNET,
            cut(tcp4, ip + 19)));
        cases.add(new Case(DecodeEvent.IPV4_TRUNC_PKT, "IHL 15 in a 40-byte packet", LinkType.ETHERNET,
            set(cut(tcp4, ip + 40), ip, 0x4F)));
        cases.add(new Case(DecodeEvent.IPV4_BAD_VERSION, "EtherType IPv4, version 6", LinkType.ETHERNET,
            set(tcp4.clone(), ip, 0x65)));
        cases.add(new Case(DecodeEvent.IPV4_BAD_IHL, "IHL 4", LinkType.ETHERNET, set(tcp4.clone(), ip, 0x44)));
        cases.add(new Case(DecodeEvent.IPV4_BAD_IHL, "IHL 0", LinkType.ETHERNET, set(tcp4.clone(), ip, 0x40)));
        cases.add(new Case(DecodeEvent.IPV4_BAD_TOTAL_LEN, "total length beyond the frame", LinkType.ETHERNET,
            set16(tcp4.clone(), ip + 2, 1500)));
        cases.add(new Case(DecodeEvent.IPV4_BAD_TOTAL_LEN, "total length below the header", LinkType.ETHERNET,
            set16(tcp4.clone(), ip + 2, 19)));
        cases.add(new Case(DecodeEvent.IPV4_FRAG_TOO_LARGE, "offset 65528 with 100 bytes", LinkType.ETHERNET,
            FrameBuilder.ethernet().ipv4(SRC4, DST4).fragmentOffset(65528).ipProtocol(IpProtocol.UDP).payload(100)
                .build()));

        final byte[] udp6 = FrameBuilder.ethernet().ipv6(SRC6, DST6).udp(1, 2).build();
        cases.add(new Case(DecodeEvent.IPV6_TRUNC_PKT, "39 bytes of IPv6 header", LinkType.ETHERNET,
            cut(udp6, ip + 39)));
        cases.add(new Case(DecodeEvent.IPV6_BAD_VERSION, "EtherType IPv6, version 4", LinkType.ETHERNET,
            set(udp6.clone(), ip, 0x40)));
        cases.add(new Case(DecodeEvent.IPV6_BAD_PAYLOAD_LEN, "payload length beyond the frame", LinkType.ETHERNET,
            set16(udp6.clone(), ip + 4, 9)));
        final byte[] hop = FrameBuilder.ethernet().ipv6(SRC6, DST6).hopByHop(16).udp(1, 2).build();
        cases.add(new Case(DecodeEvent.IPV6_EXT_HDR_TRUNC, "hop-by-hop length beyond the payload",
            LinkType.ETHERNET, set(hop.clone(), ip + 41, 200)));
        cases.add(new Case(DecodeEvent.IPV6_EXT_HDR_TRUNC, "4 bytes of extension header", LinkType.ETHERNET,
            payloadLength6(cut(hop, ip + 44), ip)));
        final FrameBuilder loop = FrameBuilder.ethernet().ipv6(SRC6, DST6);
        for (int i = 0; i <= Ipv6ExtensionDecoder.MAX_EXTENSION_HEADERS; i++)
        {
            loop.hopByHop();
        }
        cases.add(new Case(DecodeEvent.IPV6_EXT_HDR_LOOP, "nine hop-by-hop headers", LinkType.ETHERNET,
            loop.udp(1, 2).build()));
        cases.add(new Case(DecodeEvent.IPV6_FRAG_TOO_LARGE, "offset 65528 with 100 bytes", LinkType.ETHERNET,
            FrameBuilder.ethernet().ipv6(SRC6, DST6).ipv6Fragment(1, 65528, false).ipProtocol(IpProtocol.UDP)
                .payload(100).build()));

        final FrameBuilder tcpBuilder = FrameBuilder.ethernet().ipv4(SRC4, DST4).tcp(1, 2);
        final byte[] tcp = tcpBuilder.build();
        final int l4 = tcpBuilder.transportOffset();
        cases.add(new Case(DecodeEvent.TCP_TRUNC, "IP total length leaves 19 TCP bytes", LinkType.ETHERNET,
            totalLength4(cut(tcp, l4 + 19), ip)));
        cases.add(new Case(DecodeEvent.TCP_BAD_OFFSET, "data offset 4", LinkType.ETHERNET,
            set(tcp.clone(), l4 + 12, 0x40)));
        cases.add(new Case(DecodeEvent.TCP_BAD_OFFSET, "data offset 15 in a 20-byte segment", LinkType.ETHERNET,
            set(tcp.clone(), l4 + 12, 0xF0)));

        final byte[] udp = FrameBuilder.ethernet().ipv4(SRC4, DST4).udp(1, 2).payload(4).build();
        cases.add(new Case(DecodeEvent.UDP_TRUNC, "IP total length leaves 7 UDP bytes", LinkType.ETHERNET,
            totalLength4(cut(udp, ip + 27), ip)));
        cases.add(new Case(DecodeEvent.UDP_BAD_LEN, "UDP length 7", LinkType.ETHERNET, set16(udp.clone(), ip + 24, 7)));
        cases.add(new Case(DecodeEvent.UDP_BAD_LEN, "UDP length beyond the IP payload", LinkType.ETHERNET,
            set16(udp.clone(), ip + 24, 13)));

        cases.add(new Case(DecodeEvent.ICMPV4_TRUNC, "IP total length leaves 7 ICMP bytes", LinkType.ETHERNET,
            totalLength4(cut(FrameBuilder.ethernet().ipv4(SRC4, DST4).icmp(8, 0).build(), ip + 27), ip)));
        cases.add(new Case(DecodeEvent.ICMPV6_TRUNC, "payload length leaves 7 ICMPv6 bytes", LinkType.ETHERNET,
            payloadLength6(cut(FrameBuilder.ethernet().ipv6(SRC6, DST6).icmpv6(128, 0).build(), ip + 47), ip)));

        final byte[] gre = FrameBuilder.ethernet().ipv4(SRC4, DST4).gre().greKey(1).ipv4(SRC4, DST4).udp(1, 2).build();
        cases.add(new Case(DecodeEvent.GRE_TRUNC, "key flag set, 6 GRE bytes", LinkType.ETHERNET,
            totalLength4(cut(gre, ip + 26), ip)));
        cases.add(new Case(DecodeEvent.GRE_TRUNC, "3 GRE bytes", LinkType.ETHERNET,
            totalLength4(cut(gre, ip + 23), ip)));
        cases.add(new Case(DecodeEvent.GRE_BAD_FLAGS, "routing bit set", LinkType.ETHERNET,
            set(gre.clone(), ip + 20, 0x60)));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldCountMalformedFrameUnderItsReason(final Case malformed)
    {
        try (DecodeHarness harness = new DecodeHarness(malformed.linkType()))
        {
            final PacketRecord record = harness.decode(malformed.frame());

            assertEquals(malformed.expected(), event(record));
            assertEquals(DecodeEvent.Kind.MALFORMED, malformed.expected().kind());
            assertEquals(1, harness.counters().count(malformed.expected()));
            assertEquals(1, harness.counters().total(DecodeEvent.Kind.MALFORMED));
            assertEquals(1, harness.counters().total());
            assertEquals(malformed.frame().length, record.wireLength());
        }
    }

    @Test
    void shouldHaveACaseForEveryMalformedReason()
    {
        final Set<DecodeEvent> missing = EnumSet.noneOf(DecodeEvent.class);
        for (final DecodeEvent event : DecodeEvent.values())
        {
            if (event.kind() == DecodeEvent.Kind.MALFORMED)
            {
                missing.add(event);
            }
        }
        for (final Case malformed : cases())
        {
            missing.remove(malformed.expected());
        }

        assertEquals(Set.of(), missing);
    }

    @Test
    void shouldCountTruncatedFrameWhenCaplenBelowIpLengthAndWireLengthAgrees()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv4(SRC4, DST4).tcp(1, 2).build();

        try (DecodeHarness harness = new DecodeHarness(LinkType.ETHERNET))
        {
            assertEquals(DecodeEvent.SNAPLEN_TRUNC, event(harness.decode(frame, 30, frame.length, 1)));
            assertEquals(DecodeEvent.IPV4_TRUNC_PKT, event(harness.decode(frame, 30, 30, 2)));
        }
    }

    private static byte[] cut(final byte[] frame, final int length)
    {
        return java.util.Arrays.copyOf(frame, length);
    }

    private static byte[] set(final byte[] frame, final int offset, final int value)
    {
        frame[offset] = (byte)value;
        return frame;
    }

    private static byte[] set16(final byte[] frame, final int offset, final int value)
    {
        frame[offset] = (byte)(value >>> 8);
        frame[offset + 1] = (byte)value;
        return frame;
    }

    /** Makes the IPv4 header at {@code ip} claim exactly the bytes left in the frame. */
    private static byte[] totalLength4(final byte[] frame, final int ip)
    {
        return set16(frame, ip + 2, frame.length - ip);
    }

    /** Makes the IPv6 header at {@code ip} claim exactly the bytes left in the frame. */
    private static byte[] payloadLength6(final byte[] frame, final int ip)
    {
        return set16(frame, ip + 4, frame.length - ip - 40);
    }
}
