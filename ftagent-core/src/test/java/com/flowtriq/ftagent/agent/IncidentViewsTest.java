package com.flowtriq.ftagent.agent;

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

    @Test
    void shouldNarrowTheCaptureToTheVictimsAndTheFloodsProtocol()
    {
        final IncidentEvent event = synFlood();
        final PcapIncidentFilter filter = IncidentCapture.captureFilter(event);

        assertEquals(6, filter.protocol());
        assertTrue(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.2").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "a SYN to the victim");
        assertFalse(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.99").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "another destination");
        assertFalse(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.2").udp(1, 53).build()),
            "another protocol to the victim");
    }

    @Test
    void shouldNarrowOnlyByProtocolWhenAVictimIsKnownOnlyByItsIpv6Digest()
    {
        final IncidentEvent event = synFlood();
        event.topDestinations().add((2L << 32) | 0x1234_5678L, 8_000, 480_000);
        final PcapIncidentFilter filter = IncidentCapture.captureFilter(event);

        assertEquals(6, filter.protocol());
        assertTrue(matches(filter, FrameBuilder.ethernet().ipv6("2001:db8::7", "2001:db8::2").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "a SYN to the IPv6 victim");
        assertTrue(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.2").tcp(1, 80)
            .tcpFlags(TcpFlags.SYN).build()), "a SYN to the IPv4 victim");
        assertFalse(matches(filter, FrameBuilder.ethernet().ipv4("203.0.113.7", "198.18.0.2").udp(1, 53).build()),
            "another protocol");
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
