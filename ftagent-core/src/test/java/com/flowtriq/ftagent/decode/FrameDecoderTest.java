package com.flowtriq.ftagent.decode;

import com.flowtriq.ftagent.frames.FrameBuilder;
import com.flowtriq.ftagent.frames.TcpFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.flowtriq.ftagent.decode.DecodeHarness.TIMESTAMP_NANOS;
import static com.flowtriq.ftagent.decode.DecodeHarness.event;
import static com.flowtriq.ftagent.decode.DecodeHarness.ipv4;
import static com.flowtriq.ftagent.decode.DecodeHarness.ipv6DestinationDigest;
import static com.flowtriq.ftagent.decode.DecodeHarness.ipv6SourceDigest;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV4;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV6;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_NONE;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_NONE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every layer the decoder follows, from frames built by the independent {@link FrameBuilder}. */
class FrameDecoderTest
{
    private static final String SRC4 = "198.18.0.1";
    private static final String DST4 = "198.19.255.254";
    private static final String SRC6 = "2001:db8:1::10";
    private static final String DST6 = "2001:db8:ffff::1:2";

    private DecodeHarness harness;

    @AfterEach
    void close()
    {
        if (harness != null)
        {
            harness.close();
        }
    }

    private DecodeHarness harness(final int linkType)
    {
        harness = new DecodeHarness(linkType);
        return harness;
    }

    @Test
    void shouldDecodeEthernetIpv4TcpSynIntoEveryRecordField()
    {
        final byte[] frame = FrameBuilder.ethernet()
            .ipv4(SRC4, DST4).ttl(57)
            .tcp(40000, 80).tcpFlags(TcpFlags.SYN).mss(1460)
            .build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame, frame.length, 1514, 42L);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(42L, record.timestampNanos());
        assertEquals(ipv4(SRC4), record.srcAddress());
        assertEquals(ipv4(DST4), record.dstAddress());
        assertEquals(40000, record.srcPort());
        assertEquals(80, record.dstPort());
        assertEquals(IpProtocol.TCP, record.protocol());
        assertEquals(TcpFlags.SYN, record.tcpFlags());
        assertEquals(1514, record.wireLength());
        assertEquals(57, record.ttl());
        assertEquals(FAMILY_IPV4, record.family());
        assertEquals(FRAG_NONE, record.fragmentState());
        assertFalse(record.greEncapsulated());
        assertFalse(record.portsFromFragmentTable());
        assertEquals(0, record.vlan());
        assertEquals(1, harness.counters().count(DecodeEvent.OK));
        assertEquals(1, harness.counters().total());
    }

    @Test
    void shouldReadAllEightTcpFlagBits()
    {
        final byte[] xmas = FrameBuilder.ethernet().ipv4(SRC4, DST4).tcp(1, 2).tcpFlags(0xFF).build();
        final byte[] synAck = FrameBuilder.ethernet().ipv4(SRC4, DST4).tcp(443, 50000)
            .tcpFlags(TcpFlags.SYN | TcpFlags.ACK).build();
        final DecodeHarness harness = harness(LinkType.ETHERNET);

        assertEquals(0xFF, harness.decode(xmas).tcpFlags());
        assertEquals(TcpFlags.SYN | TcpFlags.ACK, harness.decode(synAck).tcpFlags());
    }

    @Test
    void shouldSkipIpv4OptionsToReachTcpHeader()
    {
        final byte[] frame = FrameBuilder.ethernet()
            .ipv4(SRC4, DST4).ipv4Options(new byte[]{ (byte)0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00 })
            .tcp(12345, 22).tcpFlags(TcpFlags.ACK | TcpFlags.PSH).payload(10)
            .build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(12345, record.srcPort());
        assertEquals(22, record.dstPort());
        assertEquals(TcpFlags.ACK | TcpFlags.PSH, record.tcpFlags());
    }

    @Test
    void shouldDecodeUdpPortsAndIgnoreEthernetPadding()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv4(SRC4, DST4).ttl(3).udp(53, 33333).padTo(60).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(60, frame.length);
        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(IpProtocol.UDP, record.protocol());
        assertEquals(53, record.srcPort());
        assertEquals(33333, record.dstPort());
        assertEquals(0, record.tcpFlags());
        assertEquals(3, record.ttl());
    }

    @Test
    void shouldPutIcmpTypeAndCodeInPortFields()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv4(SRC4, DST4).icmp(3, 13).payload(28).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(IpProtocol.ICMP, record.protocol());
        assertEquals(3, record.srcPort());
        assertEquals(13, record.dstPort());
    }

    @Test
    void shouldPutIcmpv6TypeAndCodeInPortFields()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv6(SRC6, DST6).ttl(255).icmpv6(128, 0).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(IpProtocol.ICMPV6, record.protocol());
        assertEquals(128, record.srcPort());
        assertEquals(0, record.dstPort());
        assertEquals(255, record.ttl());
        assertEquals(FAMILY_IPV6, record.family());
    }

    @Test
    void shouldRecordOtherIpProtocolsWithPortsZero()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv4(SRC4, DST4).ipProtocol(132).payload(40).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(132, record.protocol());
        assertEquals(0, record.srcPort());
        assertEquals(0, record.dstPort());
        assertEquals(FAMILY_IPV4, record.family());
    }

    @Test
    void shouldTakeVlanIdFrom8021qTag()
    {
        final byte[] frame = FrameBuilder.ethernet().vlan(100).ipv4(SRC4, DST4).udp(123, 123).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(100, record.vlan());
        assertEquals(123, record.srcPort());
    }

    @Test
    void shouldDecodeQinqAndKeepOuterServiceVlanId()
    {
        final byte[] frame = FrameBuilder.ethernet().qinq(3000, 42).ipv4(SRC4, DST4).tcp(1000, 443)
            .tcpFlags(TcpFlags.RST).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(3000, record.vlan());
        assertEquals(443, record.dstPort());
        assertEquals(TcpFlags.RST, record.tcpFlags());
    }

    @Test
    void shouldAcceptPreStandardQinqTpid()
    {
        final byte[] frame = FrameBuilder.ethernet().vlanTag(EtherType.QINQ_LEGACY, 5, 7).vlan(8)
            .ipv4(SRC4, DST4).udp(1, 2).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(7, record.vlan());
    }

    @Test
    void shouldCountThirdVlanTagAsTooDeep()
    {
        final byte[] frame = FrameBuilder.ethernet().qinq(1, 2).vlan(3).ipv4(SRC4, DST4).udp(1, 2).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.VLAN_TOO_DEEP, event(record));
        assertEquals(1, harness.counters().count(DecodeEvent.VLAN_TOO_DEEP));
    }

    @Test
    void shouldDecodeVlanIpv6WithHopByHopRoutingAndDestinationOptionsToTcp()
    {
        final byte[] frame = FrameBuilder.ethernet().vlan(200)
            .ipv6(SRC6, DST6).ttl(61)
            .hopByHop()
            .routingHeader(4, 24)
            .destinationOptions(16)
            .tcp(50505, 443).tcpFlags(TcpFlags.SYN)
            .build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(200, record.vlan());
        assertEquals(FAMILY_IPV6, record.family());
        assertEquals(ipv6SourceDigest(SRC6), record.srcAddress());
        assertEquals(ipv6DestinationDigest(DST6), record.dstAddress());
        assertEquals(IpProtocol.TCP, record.protocol());
        assertEquals(50505, record.srcPort());
        assertEquals(443, record.dstPort());
        assertEquals(TcpFlags.SYN, record.tcpFlags());
        assertEquals(61, record.ttl());
        assertEquals(FRAG_NONE, record.fragmentState());
    }

    @Test
    void shouldWalkAuthenticationHeaderToUdp()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv6(SRC6, DST6).authenticationHeader(0x1234).udp(500, 500)
            .build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(IpProtocol.UDP, record.protocol());
        assertEquals(500, record.dstPort());
    }

    @Test
    void shouldEndAtNoNextHeaderWithPortsZero()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv6(SRC6, DST6).hopByHop()
            .ipProtocol(IpProtocol.IPV6_NO_NEXT_HEADER).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(IpProtocol.IPV6_NO_NEXT_HEADER, record.protocol());
        assertEquals(0, record.srcPort());
    }

    @Test
    void shouldStopAtExtensionHeaderItDoesNotWalkAndCountIt()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv6(SRC6, DST6).hopByHop()
            .extensionHeader(IpProtocol.IPV6_MOBILITY, 16).udp(1, 2).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.IPV6_UNKNOWN_EXT_HDR, event(record));
        assertEquals(DecodeEvent.Kind.OTHER, event(record).kind());
        assertEquals(IpProtocol.IPV6_MOBILITY, record.protocol());
        assertEquals(FAMILY_IPV6, record.family());
        assertEquals(1, harness.counters().count(DecodeEvent.IPV6_UNKNOWN_EXT_HDR));
    }

    @Test
    void shouldCountChainLongerThanLimitAsHeaderLoop()
    {
        final FrameBuilder builder = FrameBuilder.ethernet().ipv6(SRC6, DST6);
        for (int i = 0; i <= Ipv6ExtensionDecoder.MAX_EXTENSION_HEADERS; i++)
        {
            builder.destinationOptions(8);
        }
        final byte[] frame = builder.udp(1, 2).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.IPV6_EXT_HDR_LOOP, event(record));
        assertEquals(1, harness.counters().count(DecodeEvent.IPV6_EXT_HDR_LOOP));
    }

    @Test
    void shouldAcceptChainOfExactlyTheLimit()
    {
        final FrameBuilder builder = FrameBuilder.ethernet().ipv6(SRC6, DST6);
        for (int i = 0; i < Ipv6ExtensionDecoder.MAX_EXTENSION_HEADERS; i++)
        {
            builder.destinationOptions(8);
        }
        final byte[] frame = builder.udp(7, 9).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(9, record.dstPort());
    }

    @Test
    void shouldRememberIpv6AddressesBehindDigests()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv6(SRC6, DST6).udp(1, 2).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);
        final Ipv6AddressBook book = harness.decoder().addressBook();

        final byte[] address = new byte[16];
        assertTrue(book.sourceAddress(record.srcAddress(), address));
        assertArrayEquals(java.net.InetAddress.ofLiteral(SRC6).getAddress(), address);
        assertEquals("2001:db8:1::10", book.sourceText(record.srcAddress()));
        assertEquals("2001:db8:ffff::1:2", book.destinationText((int)record.dstAddress()));
        assertEquals(Ipv6AddressBook.UNKNOWN, book.sourceText(record.srcAddress() ^ 1));
    }

    @Test
    void shouldDecodeGreInIpv4WithInnerIpv4()
    {
        final byte[] frame = FrameBuilder.ethernet()
            .ipv4("203.0.113.1", "203.0.113.2").ttl(250)
            .gre()
            .ipv4(SRC4, DST4).ttl(33)
            .udp(123, 40000)
            .build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertTrue(record.greEncapsulated());
        assertEquals(ipv4(SRC4), record.srcAddress());
        assertEquals(ipv4(DST4), record.dstAddress());
        assertEquals(IpProtocol.UDP, record.protocol());
        assertEquals(123, record.srcPort());
        assertEquals(40000, record.dstPort());
        assertEquals(33, record.ttl());
        assertEquals(FAMILY_IPV4, record.family());
    }

    @Test
    void shouldDecodeGreInIpv4WithInnerIpv6()
    {
        final byte[] frame = FrameBuilder.ethernet()
            .ipv4("203.0.113.1", "203.0.113.2")
            .gre()
            .ipv6(SRC6, DST6).hopByHop()
            .tcp(1, 80).tcpFlags(TcpFlags.FIN | TcpFlags.ACK)
            .build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertTrue(record.greEncapsulated());
        assertEquals(FAMILY_IPV6, record.family());
        assertEquals(ipv6SourceDigest(SRC6), record.srcAddress());
        assertEquals(80, record.dstPort());
        assertEquals(TcpFlags.FIN | TcpFlags.ACK, record.tcpFlags());
    }

    @Test
    void shouldSkipGreChecksumKeyAndSequenceFields()
    {
        final byte[] frame = FrameBuilder.ethernet()
            .ipv4("203.0.113.1", "203.0.113.2")
            .gre().greChecksum().greKey(0xCAFE).greSequence(77)
            .ipv4(SRC4, DST4).tcp(5, 6)
            .build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertTrue(record.greEncapsulated());
        assertEquals(5, record.srcPort());
        assertEquals(6, record.dstPort());
    }

    @Test
    void shouldCountSecondGreLevelAsNestedAndKeepFirstInnerHeader()
    {
        final byte[] frame = FrameBuilder.ethernet()
            .ipv4("203.0.113.1", "203.0.113.2").gre()
            .ipv4("192.0.2.1", "192.0.2.2").gre()
            .ipv4(SRC4, DST4).udp(1, 2)
            .build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.GRE_NESTED, event(record));
        assertEquals(ipv4("192.0.2.1"), record.srcAddress());
        assertEquals(IpProtocol.GRE, record.protocol());
    }

    @Test
    void shouldCountGreVersionOneAsUnsupported()
    {
        final byte[] frame = FrameBuilder.ethernet()
            .ipv4("203.0.113.1", "203.0.113.2").gre().greFlagsAndVersion(0x2001)
            .ipv4(SRC4, DST4).udp(1, 2)
            .build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.GRE_UNSUPPORTED_VERSION, event(record));
        assertEquals(IpProtocol.GRE, record.protocol());
        assertEquals(ipv4("203.0.113.1"), record.srcAddress());
    }

    @Test
    void shouldCountGreCarryingNonIpAsUnsupportedPayload()
    {
        final byte[] frame = FrameBuilder.ethernet()
            .ipv4("203.0.113.1", "203.0.113.2").gre().etherType(0x6558).payload(60)
            .build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.GRE_UNSUPPORTED_PAYLOAD, event(record));
    }

    @Test
    void shouldDecodeLinuxCookedV1()
    {
        final byte[] frame = FrameBuilder.linuxSll().ipv4(SRC4, DST4).tcp(3, 4).tcpFlags(TcpFlags.SYN).build();

        final PacketRecord record = harness(LinkType.LINUX_SLL).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(ipv4(SRC4), record.srcAddress());
        assertEquals(4, record.dstPort());
        assertEquals(TcpFlags.SYN, record.tcpFlags());
    }

    @Test
    void shouldDecodeLinuxCookedV2()
    {
        final byte[] frame = FrameBuilder.linuxSll2().ipv6(SRC6, DST6).udp(5353, 5353).build();

        final PacketRecord record = harness(LinkType.LINUX_SLL2).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(FAMILY_IPV6, record.family());
        assertEquals(5353, record.srcPort());
    }

    @Test
    void shouldDecodeLinuxCookedV2WithVlanInside()
    {
        final byte[] frame = FrameBuilder.linuxSll2().vlan(12).ipv4(SRC4, DST4).udp(1, 2).build();

        final PacketRecord record = harness(LinkType.LINUX_SLL2).decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(12, record.vlan());
    }

    @Test
    void shouldDecodeRawIpOfEitherVersionUnderEveryRawLinkType()
    {
        final byte[] v4 = FrameBuilder.rawIp().ipv4(SRC4, DST4).udp(11, 22).build();
        final byte[] v6 = FrameBuilder.rawIp().ipv6(SRC6, DST6).udp(33, 44).build();

        for (final int linkType : new int[]{ LinkType.RAW, LinkType.DLT_RAW, LinkType.DLT_RAW_OPENBSD })
        {
            final DecodeHarness harness = new DecodeHarness(linkType);
            try (harness)
            {
                final PacketRecord first = harness.decode(v4);
                assertEquals(DecodeEvent.OK, event(first), "link type " + linkType);
                assertEquals(22, first.dstPort());
                assertEquals(FAMILY_IPV4, first.family());
                final PacketRecord second = harness.decode(v6);
                assertEquals(DecodeEvent.OK, event(second), "link type " + linkType);
                assertEquals(44, second.dstPort());
                assertEquals(FAMILY_IPV6, second.family());
            }
        }
    }

    @Test
    void shouldDecodeVersionSpecificRawLinkTypes()
    {
        final byte[] v4 = FrameBuilder.rawIp().ipv4(SRC4, DST4).tcp(11, 22).build();
        final byte[] v6 = FrameBuilder.rawIp().ipv6(SRC6, DST6).tcp(33, 44).build();

        try (DecodeHarness ipv4Only = new DecodeHarness(LinkType.IPV4);
            DecodeHarness ipv6Only = new DecodeHarness(LinkType.IPV6))
        {
            assertEquals(22, ipv4Only.decode(v4).dstPort());
            assertEquals(44, ipv6Only.decode(v6).dstPort());
            assertEquals(DecodeEvent.IPV4_BAD_VERSION, event(ipv4Only.decode(v6)));
            assertEquals(DecodeEvent.IPV6_BAD_VERSION, event(ipv6Only.decode(v4)));
        }
    }

    @Test
    void shouldCountArpAsUnsupportedEtherTypeNotMalformed()
    {
        final byte[] frame = FrameBuilder.ethernet().etherType(FrameBuilder.ETHERTYPE_ARP).payload(28).padTo(60)
            .build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame);

        assertEquals(DecodeEvent.L3_UNSUPPORTED_ETHERTYPE, event(record));
        assertEquals(FAMILY_NONE, record.family());
        assertEquals(0, harness.counters().total(DecodeEvent.Kind.MALFORMED));
        assertEquals(1, harness.counters().total(DecodeEvent.Kind.OTHER));
    }

    @Test
    void shouldCountEveryFrameOfUnsupportedLinkType()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv4(SRC4, DST4).udp(1, 2).build();

        final PacketRecord record = harness(147).decode(frame);

        assertFalse(LinkType.isSupported(147));
        assertEquals(DecodeEvent.LINK_UNSUPPORTED, event(record));
        assertEquals(FAMILY_NONE, record.family());
        assertEquals(frame.length, record.wireLength());
    }

    @Test
    void shouldNotCarryAnyFieldOverFromPreviousFrame()
    {
        final byte[] rich = FrameBuilder.ethernet().vlan(99)
            .ipv4("203.0.113.1", "203.0.113.2").gre()
            .ipv4(SRC4, DST4).ttl(9).tcp(1, 2).tcpFlags(0xFF)
            .build();
        final byte[] arp = FrameBuilder.ethernet().etherType(FrameBuilder.ETHERTYPE_ARP).payload(46).build();
        final DecodeHarness harness = harness(LinkType.ETHERNET);

        harness.decode(rich);
        final PacketRecord record = harness.decode(arp);

        assertEquals(0, record.srcAddress());
        assertEquals(0, record.dstAddress());
        assertEquals(0, record.srcPort());
        assertEquals(0, record.dstPort());
        assertEquals(0, record.protocol());
        assertEquals(0, record.tcpFlags());
        assertEquals(0, record.ttl());
        assertEquals(0, record.vlan());
        assertFalse(record.greEncapsulated());
        assertEquals(FAMILY_NONE, record.family());
        assertEquals(TIMESTAMP_NANOS, record.timestampNanos());
    }

    @Test
    void shouldSaturateWireLengthAbove65535()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv4(SRC4, DST4).tcp(1, 2).build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame, frame.length, 200_000, 1);

        assertEquals(0xFFFF, record.wireLength());
    }

    @Test
    void shouldDecodeSnapLengthCutPayloadAsOk()
    {
        final FrameBuilder builder = FrameBuilder.ethernet().ipv4(SRC4, DST4).udp(53, 1000).payload(1400);
        final byte[] frame = builder.build();

        final PacketRecord record = harness(LinkType.ETHERNET).decode(frame, 96, frame.length, 1);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(53, record.srcPort());
        assertEquals(frame.length, record.wireLength());
    }

    @Test
    void shouldCountSnapLengthCutInsideTransportHeaderAsCaptureTruncationNotMalformed()
    {
        final FrameBuilder builder = FrameBuilder.ethernet().ipv4(SRC4, DST4).tcp(1, 2).payload(100);
        final byte[] frame = builder.build();

        final PacketRecord record = harness(LinkType.ETHERNET)
            .decode(frame, builder.transportOffset() + 10, frame.length, 1);

        assertEquals(DecodeEvent.SNAPLEN_TRUNC, event(record));
        assertEquals(DecodeEvent.Kind.OTHER, event(record).kind());
        assertEquals(ipv4(SRC4), record.srcAddress());
        assertEquals(IpProtocol.TCP, record.protocol());
    }
}
