package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.decode.Ipv6AddressBook;
import com.flowtriq.ftagent.decode.Ipv6Digest;
import com.flowtriq.ftagent.frames.FrameBuilder;
import com.flowtriq.ftagent.frames.TcpFlags;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.mitigate.IncidentView;
import com.flowtriq.ftagent.pcap.PcapIncidentFilter;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the run loop derives from an incident event for the PCAP writer and for mitigation. */
class IncidentViewsTest
{
    private static final long IPV4 = 1L << 32;
    private static final Ipv6AddressBook[] NO_BOOKS = new Ipv6AddressBook[0];

    @Test
    void shouldNarrowTheCaptureToTheVictimsAndTheFloodsProtocol()
    {
        final IncidentEvent event = synFlood();
        final PcapIncidentFilter filter = IncidentCapture.captureFilter(event, NO_BOOKS);

        assertEquals(6, filter.protocol());
        assertTrue(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.2").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "a SYN to the victim");
        assertFalse(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.99").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "another destination");
        assertFalse(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.2").udp(1, 53).build()),
            "another protocol to the victim");
    }

    @Test
    void shouldNarrowOnlyByProtocolWhenNoAddressBookKnowsAnIpv6Victim()
    {
        final IncidentEvent event = synFlood();
        event.topDestinations().add((2L << 32) | 0x1234_5678L, 8_000, 480_000);
        final PcapIncidentFilter filter =
            IncidentCapture.captureFilter(event, new Ipv6AddressBook[] {new Ipv6AddressBook()});

        assertEquals(6, filter.protocol());
        assertTrue(matches(filter, FrameBuilder.ethernet().ipv6("2001:db8::7", "2001:db8::2").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "a SYN to the IPv6 victim");
        assertTrue(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.2").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "a SYN to the IPv4 victim");
        assertFalse(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.2").udp(1, 53).build()),
            "another protocol");
    }

    @Test
    void shouldNarrowTheCaptureToAnIpv6VictimWhoseAddressTheDecoderRecorded()
    {
        // 2001:db8::2 as the decoder saw it: two big-endian halves, recorded behind its destination digest.
        final long high = 0x2001_0db8_0000_0000L;
        final long low = 2L;
        final int digest = Ipv6Digest.destination(high, low);
        final Ipv6AddressBook book = new Ipv6AddressBook();
        book.recordDestination(digest, high, low);
        final IncidentEvent event = synFlood();
        event.topDestinations().add((2L << 32) | Integer.toUnsignedLong(digest), 8_000, 480_000);

        final PcapIncidentFilter filter =
            IncidentCapture.captureFilter(event, new Ipv6AddressBook[] {new Ipv6AddressBook(), book});

        assertTrue(matches(filter, FrameBuilder.ethernet().ipv6("2001:db8::7", "2001:db8::2").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "a SYN to the IPv6 victim");
        assertFalse(matches(filter, FrameBuilder.ethernet().ipv6("2001:db8::7", "2001:db8::99").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "another IPv6 destination");
        assertTrue(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.2").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "the IPv4 victim too");
        assertFalse(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.99").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "another IPv4 destination");
    }

    @Test
    void shouldOfferOnlySourcesSeenMoreThanOnceAndNameTheVictim()
    {
        final IncidentView view = MitigationDispatch.view(synFlood());

        assertEquals(List.of("203.0.113.7", "203.0.113.8"), view.topSources(), "the once-seen source is left out");
        assertEquals("198.18.0.2", view.victimIp());
        assertEquals(80, view.victimPort());
        assertEquals("tcp", view.protocol());
        assertEquals("tcp_flood", view.family());
    }

    private static IncidentEvent synFlood()
    {
        final IncidentEvent event = new IncidentEvent();
        event.clearLists();
        event.incidentId("l3l4-test-1").type(IncidentEvent.Type.OPEN).family("tcp_flood").subtype("syn");
        event.topDestinations().add(IPV4 | 0xC6120002L, 9_000, 540_000);
        event.topSources().add(0xCB007107L, 500, 30_000);
        event.topSources().add(0xCB007108L, 400, 24_000);
        event.topSources().add(0x64400001L, 1, 60);
        event.topDstPorts().add((6L << 16) | 80, 9_000, 540_000);
        return event;
    }

    private static boolean matches(final PcapIncidentFilter filter, final byte[] frame)
    {
        return filter.matches(1, MemorySegment.ofArray(frame), 0, frame.length);
    }
}
