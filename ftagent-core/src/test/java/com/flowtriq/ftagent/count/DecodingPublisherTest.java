package com.flowtriq.ftagent.count;

import com.flowtriq.ftagent.decode.FrameDecoder;
import com.flowtriq.ftagent.decode.LinkType;
import com.flowtriq.ftagent.frames.FrameBuilder;
import com.flowtriq.ftagent.frames.TcpFlags;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames in, window out: the capture thread's work (decode in place, publish the record) feeding both counting
 * stages must give the same exact totals, including a DNS reply split into fragments that still counts as
 * traffic from port 53.
 */
class DecodingPublisherTest
{
    private static final long SECOND = 1_700_000_000L;

    private final List<byte[]> frames = traffic();

    @Test
    void shouldCountDecodedFramesExactlyWhenCountingOnTheCaptureThread()
    {
        try (SingleThreadedCountingStage stage = new SingleThreadedCountingStage())
        {
            final TrafficWindow window = runThrough(stage);
            assertTraffic(window);
        }
    }

    @Test
    void shouldCountDecodedFramesExactlyWhenFannedOutToTwoWorkers()
    {
        try (FanOutCountingStage stage = new FanOutCountingStage(2))
        {
            stage.start();
            final TrafficWindow window = runThrough(stage);
            assertTraffic(window);
            assertEquals(0, stage.backPressureDrops());
        }
    }

    private TrafficWindow runThrough(final CountingStage stage)
    {
        final DecodingPublisher publisher =
            new DecodingPublisher(new FrameDecoder(LinkType.ETHERNET), stage.newPublisher());
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment memory = arena.allocate(4096, 64);
            long timestamp = SECOND * 1_000_000_000L;
            for (final byte[] frame : frames)
            {
                MemorySegment.copy(MemorySegment.ofArray(frame), 0, memory, 16, frame.length);
                publisher.onFrame(memory, 16, frame.length, frame.length, timestamp++);
            }
            publisher.onBatchEnd();
        }
        final TrafficWindow window = stage.newWindow();
        assertTrue(stage.tick(SECOND, window), "every worker should close the tick in time");
        assertEquals(frames.size(), publisher.decoder().counters().total(
            com.flowtriq.ftagent.decode.DecodeEvent.Kind.OK), "every test frame decodes");
        return window;
    }

    private void assertTraffic(final TrafficWindow window)
    {
        long bytes = 0;
        for (final byte[] frame : frames)
        {
            bytes += frame.length;
        }
        assertEquals(frames.size(), window.packets());
        assertEquals(bytes, window.bytes());
        assertEquals(300, window.packets(Protocol.TCP));
        assertEquals(200, window.tcpFlagPackets(TcpFlagClass.SYN));
        assertEquals(100, window.tcpFlagPackets(TcpFlagClass.ACK));
        assertEquals(150, window.packets(Protocol.UDP), "3 fragments of each of the 50 DNS replies");
        assertEquals(150, window.amplificationPackets(AmplificationPort.DNS),
            "later fragments are attributed to port 53 through the fragment table");
        assertEquals(50, window.firstFragmentPackets());
        assertEquals(100, window.laterFragmentPackets());
        assertEquals(25, window.packets(Protocol.ICMP));
        assertEquals(0xC6120007L, window.topSources().key(0), "the SYN flooder is the top source");
        assertEquals(200, window.topSources().packets(0));
    }

    private static List<byte[]> traffic()
    {
        final List<byte[]> traffic = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            traffic.add(FrameBuilder.ethernet().ipv4("198.18.0.7", "198.19.0.1")
                .tcp(1024 + i, 80).tcpFlags(TcpFlags.SYN).padTo(60).build());
        }
        for (int i = 0; i < 100; i++)
        {
            traffic.add(FrameBuilder.ethernet().ipv4("198.18.1." + (i % 50), "198.19.0.1")
                .tcp(443, 2000 + i).tcpFlags(TcpFlags.ACK).payload(100).build());
        }
        for (int i = 0; i < 50; i++)
        {
            traffic.addAll(FrameBuilder.ethernet().ipv4("198.18.2." + i, "198.19.0.1").ipId(1000 + i)
                .udp(53, 40000).payload(3000).buildIpv4Fragments(1480));
        }
        for (int i = 0; i < 25; i++)
        {
            traffic.add(FrameBuilder.ethernet().ipv4("198.18.3.1", "198.19.0.1").icmp(8, 0).payload(56).build());
        }
        return traffic;
    }
}
