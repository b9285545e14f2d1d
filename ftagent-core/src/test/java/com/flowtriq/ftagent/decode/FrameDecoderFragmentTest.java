package com.flowtriq.ftagent.decode;

import java.util.List;

import com.flowtriq.ftagent.frames.FrameBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.flowtriq.ftagent.decode.DecodeHarness.event;
import static com.flowtriq.ftagent.decode.DecodeHarness.ipv4;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV4;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV6;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_FIRST;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_LATER;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fragments: the first carries the ports, later ones take them from the {@link FragmentTable}, and every way of
 * missing them is counted.
 */
class FrameDecoderFragmentTest
{
    private static final String RESOLVER = "198.18.0.53";
    private static final String VICTIM = "198.19.0.1";
    private static final String RESOLVER6 = "2001:db8::53";
    private static final String VICTIM6 = "2001:db8:1::1";

    private DecodeHarness harness;

    @AfterEach
    void close()
    {
        if (harness != null)
        {
            harness.close();
        }
    }

    /** A 3000-byte DNS answer from port 53, split into 1480-byte fragments: first, middle and last. */
    private static List<byte[]> dnsAnswerFragments(final int identification)
    {
        final List<byte[]> fragments = FrameBuilder.ethernet()
            .ipv4(RESOLVER, VICTIM).ipId(identification)
            .udp(53, 22).payload(3000)
            .buildIpv4Fragments(1480);
        assertEquals(3, fragments.size());
        return fragments;
    }

    @Test
    void shouldGiveFirstMiddleAndLastIpv4FragmentsThePortsOfTheFirst()
    {
        final List<byte[]> fragments = dnsAnswerFragments(0x1234);
        harness = new DecodeHarness(LinkType.ETHERNET);

        final PacketRecord first = harness.decode(fragments.get(0));
        assertEquals(DecodeEvent.OK, event(first));
        assertEquals(FRAG_FIRST, first.fragmentState());
        assertEquals(53, first.srcPort());
        assertEquals(22, first.dstPort());
        assertFalse(first.portsFromFragmentTable());

        for (int i = 1; i < 3; i++)
        {
            final PacketRecord later = harness.decode(fragments.get(i));
            assertEquals(DecodeEvent.OK, event(later), "fragment " + i);
            assertEquals(FRAG_LATER, later.fragmentState(), "fragment " + i);
            assertEquals(FAMILY_IPV4, later.family());
            assertEquals(ipv4(RESOLVER), later.srcAddress());
            assertEquals(ipv4(VICTIM), later.dstAddress());
            assertEquals(IpProtocol.UDP, later.protocol());
            assertEquals(53, later.srcPort(), "fragment " + i);
            assertEquals(22, later.dstPort(), "fragment " + i);
            assertTrue(later.portsFromFragmentTable(), "fragment " + i);
        }

        final FragmentTable table = harness.decoder().fragmentTable();
        assertEquals(1, table.inserts());
        assertEquals(2, table.hits());
        assertEquals(0, table.misses());
        assertEquals(3, harness.counters().count(DecodeEvent.OK));
    }

    @Test
    void shouldCountLaterFragmentArrivingBeforeFirstAsFirstNotSeen()
    {
        final List<byte[]> fragments = dnsAnswerFragments(77);
        harness = new DecodeHarness(LinkType.ETHERNET);

        final PacketRecord early = harness.decode(fragments.get(2));
        assertEquals(DecodeEvent.FRAG_FIRST_NOT_SEEN, event(early));
        assertEquals(DecodeEvent.Kind.OTHER, event(early).kind());
        assertEquals(FRAG_LATER, early.fragmentState());
        assertEquals(0, early.srcPort());
        assertEquals(0, early.dstPort());
        assertEquals(ipv4(RESOLVER), early.srcAddress());
        assertFalse(early.portsFromFragmentTable());

        harness.decode(fragments.get(0));
        final PacketRecord middle = harness.decode(fragments.get(1));

        assertEquals(DecodeEvent.OK, event(middle));
        assertEquals(53, middle.srcPort());
        assertEquals(1, harness.counters().count(DecodeEvent.FRAG_FIRST_NOT_SEEN));
        assertEquals(1, harness.decoder().fragmentTable().misses());
    }

    @Test
    void shouldNotGiveFragmentThePortsOfAnotherDatagram()
    {
        final List<byte[]> one = dnsAnswerFragments(1);
        final List<byte[]> two = FrameBuilder.ethernet()
            .ipv4(RESOLVER, VICTIM).ipId(2)
            .udp(123, 9999).payload(3000)
            .buildIpv4Fragments(1480);
        harness = new DecodeHarness(LinkType.ETHERNET);

        harness.decode(one.get(0));
        harness.decode(two.get(0));

        assertEquals(53, harness.decode(one.get(1)).srcPort());
        assertEquals(123, harness.decode(two.get(1)).srcPort());
        assertEquals(9999, harness.decode(two.get(2)).dstPort());
        assertEquals(22, harness.decode(one.get(2)).dstPort());
    }

    @Test
    void shouldGiveLaterTcpFragmentThePortsButNotTheFlagsOfTheFirst()
    {
        final List<byte[]> fragments = FrameBuilder.ethernet()
            .ipv4(RESOLVER, VICTIM).ipId(5)
            .tcp(443, 50000).tcpFlags(0x18).payload(100)
            .buildIpv4Fragments(64);
        harness = new DecodeHarness(LinkType.ETHERNET);

        final PacketRecord first = harness.decode(fragments.get(0));
        assertEquals(0x18, first.tcpFlags());
        final PacketRecord later = harness.decode(fragments.get(1));

        assertEquals(443, later.srcPort());
        assertEquals(0, later.tcpFlags());
    }

    @Test
    void shouldGiveLaterIcmpFragmentTheTypeAndCodeOfTheFirst()
    {
        final List<byte[]> fragments = FrameBuilder.ethernet()
            .ipv4(RESOLVER, VICTIM).ipId(6)
            .icmp(8, 0).payload(2000)
            .buildIpv4Fragments(1480);
        harness = new DecodeHarness(LinkType.ETHERNET);

        harness.decode(fragments.get(0));
        final PacketRecord later = harness.decode(fragments.get(1));

        assertEquals(DecodeEvent.OK, event(later));
        assertEquals(8, later.srcPort());
        assertEquals(IpProtocol.ICMP, later.protocol());
    }

    @Test
    void shouldGiveLaterIpv6FragmentsThePortsOfTheFirst()
    {
        final List<byte[]> fragments = FrameBuilder.ethernet().vlan(5)
            .ipv6(RESOLVER6, VICTIM6).hopByHop()
            .udp(53, 40000).payload(3000)
            .buildIpv6Fragments(1232, 0xDEADBEEF);
        assertEquals(3, fragments.size());
        harness = new DecodeHarness(LinkType.ETHERNET);

        final PacketRecord first = harness.decode(fragments.get(0));
        assertEquals(DecodeEvent.OK, event(first));
        assertEquals(FRAG_FIRST, first.fragmentState());
        assertEquals(53, first.srcPort());
        assertEquals(FAMILY_IPV6, first.family());

        for (int i = 1; i < 3; i++)
        {
            final PacketRecord later = harness.decode(fragments.get(i));
            assertEquals(DecodeEvent.OK, event(later), "fragment " + i);
            assertEquals(FRAG_LATER, later.fragmentState());
            assertEquals(IpProtocol.UDP, later.protocol());
            assertEquals(53, later.srcPort());
            assertEquals(40000, later.dstPort());
            assertEquals(5, later.vlan());
            assertTrue(later.portsFromFragmentTable());
        }
    }

    @Test
    void shouldCountIpv6LaterFragmentBeforeFirstAsFirstNotSeen()
    {
        final List<byte[]> fragments = FrameBuilder.ethernet()
            .ipv6(RESOLVER6, VICTIM6).udp(53, 40000).payload(2000)
            .buildIpv6Fragments(1232, 9);
        harness = new DecodeHarness(LinkType.ETHERNET);

        final PacketRecord early = harness.decode(fragments.get(1));

        assertEquals(DecodeEvent.FRAG_FIRST_NOT_SEEN, event(early));
        assertEquals(0, early.srcPort());
        assertEquals(FAMILY_IPV6, early.family());
    }

    @Test
    void shouldDecodeAtomicIpv6FragmentAsWholePacket()
    {
        final byte[] frame = FrameBuilder.ethernet()
            .ipv6(RESOLVER6, VICTIM6).ipv6Fragment(3, 0, false).udp(53, 1).build();
        harness = new DecodeHarness(LinkType.ETHERNET);

        final PacketRecord record = harness.decode(frame);

        assertEquals(DecodeEvent.OK, event(record));
        assertEquals(FRAG_NONE, record.fragmentState());
        assertEquals(53, record.srcPort());
    }

    @Test
    void shouldCountEvictionWhenProbeWindowIsFullAndMissTheEvictedDatagram()
    {
        final FragmentTable table = new FragmentTable(FragmentTable.PROBE_LIMIT, FragmentTable.DEFAULT_TIMEOUT_NANOS);
        harness = new DecodeHarness(
            new FrameDecoder(LinkType.ETHERNET, new DecodeCounters(), table, new Ipv6AddressBook()));
        final int datagrams = FragmentTable.PROBE_LIMIT + 1;
        final byte[][] laters = new byte[datagrams][];

        for (int i = 0; i < datagrams; i++)
        {
            final List<byte[]> fragments = dnsAnswerFragments(100 + i);
            harness.decode(fragments.get(0), fragments.get(0).length, fragments.get(0).length, 1_000L + i);
            laters[i] = fragments.get(1);
        }

        assertEquals(1, table.evictions());
        final PacketRecord oldest = harness.decode(laters[0], laters[0].length, laters[0].length, 2_000L);
        assertEquals(DecodeEvent.FRAG_FIRST_NOT_SEEN, event(oldest));
        for (int i = 1; i < datagrams; i++)
        {
            final PacketRecord later = harness.decode(laters[i], laters[i].length, laters[i].length, 2_000L);
            assertEquals(DecodeEvent.OK, event(later), "datagram " + i);
            assertEquals(53, later.srcPort());
        }
    }

    @Test
    void shouldForgetFirstFragmentAfterTimeoutAndReuseItsSlot()
    {
        final long timeout = 1_000_000_000L;
        final FragmentTable table = new FragmentTable(FragmentTable.PROBE_LIMIT, timeout);
        harness = new DecodeHarness(
            new FrameDecoder(LinkType.ETHERNET, new DecodeCounters(), table, new Ipv6AddressBook()));
        final List<byte[]> fragments = dnsAnswerFragments(7);

        harness.decode(fragments.get(0), fragments.get(0).length, fragments.get(0).length, 0L);
        final PacketRecord stale = harness.decode(
            fragments.get(1), fragments.get(1).length, fragments.get(1).length, timeout + 1);

        assertEquals(DecodeEvent.FRAG_FIRST_NOT_SEEN, event(stale));
        for (int i = 0; i < FragmentTable.PROBE_LIMIT; i++)
        {
            final List<byte[]> other = dnsAnswerFragments(1000 + i);
            harness.decode(other.get(0), other.get(0).length, other.get(0).length, 2 * timeout);
        }
        assertEquals(1, table.expirations());
        assertEquals(0, table.evictions());
    }

    @Test
    void shouldCountIpv4FragmentReachingBeyond65535BytesAsTooLarge()
    {
        final byte[] frame = FrameBuilder.ethernet()
            .ipv4(RESOLVER, VICTIM).fragmentOffset(65528).ipProtocol(IpProtocol.UDP).payload(100)
            .build();
        harness = new DecodeHarness(LinkType.ETHERNET);

        final PacketRecord record = harness.decode(frame);

        assertEquals(DecodeEvent.IPV4_FRAG_TOO_LARGE, event(record));
        assertEquals(DecodeEvent.Kind.MALFORMED, event(record).kind());
    }

    @Test
    void shouldCountIpv6FragmentReachingBeyond65535BytesAsTooLarge()
    {
        final byte[] frame = FrameBuilder.ethernet()
            .ipv6(RESOLVER6, VICTIM6).ipv6Fragment(1, 65528, false).ipProtocol(IpProtocol.UDP).payload(100)
            .build();
        harness = new DecodeHarness(LinkType.ETHERNET);

        final PacketRecord record = harness.decode(frame);

        assertEquals(DecodeEvent.IPV6_FRAG_TOO_LARGE, event(record));
    }

    @Test
    void shouldNotLookUpPortsForLaterFragmentOfPortlessProtocol()
    {
        final List<byte[]> fragments = FrameBuilder.ethernet()
            .ipv4(RESOLVER, VICTIM).ipProtocol(50).payload(3000)
            .buildIpv4Fragments(1480);
        harness = new DecodeHarness(LinkType.ETHERNET);

        final PacketRecord later = harness.decode(fragments.get(1));

        assertEquals(DecodeEvent.OK, event(later));
        assertEquals(FRAG_LATER, later.fragmentState());
        assertEquals(50, later.protocol());
        assertEquals(0, harness.decoder().fragmentTable().misses());
    }

    @Test
    void shouldRecordFragmentedGreTunnelPacketAsOuterGreWithoutDecodingInside()
    {
        final List<byte[]> fragments = FrameBuilder.ethernet()
            .ipv4("203.0.113.1", "203.0.113.2").ipId(44)
            .gre()
            .ipv4(RESOLVER, VICTIM).udp(53, 22).payload(3000)
            .buildIpv4Fragments(1480);
        harness = new DecodeHarness(LinkType.ETHERNET);

        for (int i = 0; i < fragments.size(); i++)
        {
            final PacketRecord record = harness.decode(fragments.get(i));
            assertEquals(DecodeEvent.OK, event(record), "fragment " + i);
            assertEquals(IpProtocol.GRE, record.protocol());
            assertEquals(ipv4("203.0.113.1"), record.srcAddress());
            assertEquals(i == 0 ? FRAG_FIRST : FRAG_LATER, record.fragmentState());
            assertFalse(record.greEncapsulated());
        }
        assertEquals(0, harness.counters().total(DecodeEvent.Kind.MALFORMED));
    }
}
