package com.flowtriq.ftagent.count;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.flowtriq.ftagent.count.RecordStream.*;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

class TrafficCountersTest
{
    private static final int VICTIM = 0xC612_0001; // 198.18.0.1
    private static final int VICTIM6_DIGEST = 0x1234_5678;

    private final RecordStream stream = new RecordStream();
    private final SingleThreadedCountingStage stage = new SingleThreadedCountingStage();
    private final TrafficWindow window = stage.newWindow();

    /**
     * 262 records in 25 groups, one source address per group (group letter in the comment). Expected values below
     * are worked out by hand from this table, not from the code under test.
     */
    @BeforeEach
    void buildKnownTraffic()
    {
        stream
            .tcp4(100, 0x0A00_0001L, VICTIM, 80, 0x02, 64)        // A SYN
            .tcp4(20, 0x0A00_0002L, VICTIM, 80, 0x12, 66)         // B SYN-ACK
            .tcp4(7, 0x0A00_0003L, VICTIM, 443, 0x10, 1500)       // C ACK
            .tcp4(3, 0x0A00_0004L, VICTIM, 80, 0x14, 54)          // D RST-ACK -> RST
            .tcp4(4, 0x0A00_0005L, VICTIM, 80, 0x11, 54)          // E FIN-ACK -> FIN
            .tcp4(5, 0x0A00_0006L, VICTIM, 443, 0x18, 600)        // F PSH-ACK
            .tcp4(2, 0x0A00_0007L, VICTIM, 80, 0x20, 54)          // G URG
            .tcp4(1, 0x0A00_0008L, VICTIM, 80, 0x00, 54)          // H null
            .tcp4(6, 0x0A00_0009L, VICTIM, 80, 0x29, 54)          // I xmas (FIN PSH URG)
            .tcp4(2, 0x0A00_000AL, VICTIM, 80, 0xC2, 64)          // J SYN with ECE+CWR -> SYN
            .tcp4(1, 0x0A00_000BL, VICTIM, 80, 0x03, 64)          // K SYN+FIN -> other
            .add(4, FAMILY_IPV4, 0x0A00_000CL, VICTIM, TCP, 53, 40_000, 0x10, 200, 64) // L TCP from port 53: not amp
            .udp4(50, 0x0B00_0001L, VICTIM, 53, 33_333, 1400)     // M DNS replies
            .udp4(10, 0x0B00_0002L, VICTIM, 123, 40_001, 468)     // N NTP replies
            .udp4(8, 0x0B00_0003L, VICTIM, 50_000, 443, 1300)     // O QUIC flood (to 443)
            .udp4(3, 0x0B00_0004L, VICTIM, 11211, 40_002, 1600)   // P memcached replies, over 1500
            .add(9, FAMILY_IPV4, 0x0C00_0001L, VICTIM, ICMP, 8, 0, 0, 98, 64)            // Q ICMP echo
            .add(6, FAMILY_IPV6, 0x8000_0000_0000_0001L, VICTIM6_DIGEST, ICMPV6, 128, 0, 0, 70, 255) // R ICMPv6
            .add(5, FAMILY_IPV4, 0x0D00_0001L, VICTIM, TCP, 1000, 80, 0x02, 100, 64,
                FRAG_NONE, true, REASON_OK)                                               // S SYN inside GRE
            .add(2, FAMILY_IPV4, 0x0D00_0002L, VICTIM, GRE, 0, 0, 0, 120, 64)            // T GRE not opened
            .add(3, FAMILY_IPV4, 0x0B00_0005L, VICTIM, UDP, 53, 9999, 0, 1500, 57,
                FRAG_FIRST, false, REASON_OK)                                             // U first fragments
            .add(4, FAMILY_IPV4, 0x0B00_0006L, VICTIM, UDP, 0, 0, 0, 800, 57,
                FRAG_LATER, false, REASON_OK)                                             // V later fragments
            .add(2, FAMILY_NONE, 0, 0, 0, 0, 0, 0, 60, 0)                                // W non-IP
            .add(3, FAMILY_IPV4, 0x0E00_0001L, VICTIM, 0, 0, 0, 0, 40, 0,
                FRAG_NONE, false, 5)                                                      // X malformed, reason 5
            .add(2, FAMILY_IPV6, 0x8000_0000_0000_0002L, VICTIM6_DIGEST, UDP, 5353, 53, 0, 90, 64); // Y mDNS to 53

        stream.publishTo(stage.newPublisher());
        assertTrue(stage.tick(1_700_000_000L, window));
    }

    @Test
    void shouldCountTotalsAndProtocolsExactly()
    {
        assertEquals(262, window.packets());
        assertEquals(1_700_000_000L, window.tickSecond());
        assertEquals(1, window.seconds());
        assertEquals(155, window.packets(Protocol.TCP));
        assertEquals(80, window.packets(Protocol.UDP));
        assertEquals(9, window.packets(Protocol.ICMP));
        assertEquals(6, window.packets(Protocol.ICMPV6));
        assertEquals(7, window.packets(Protocol.GRE));
        assertEquals(5, window.packets(Protocol.OTHER));

        final long tcpBytes = 100 * 64 + 20 * 66 + 7 * 1500 + 3 * 54 + 4 * 54 + 5 * 600 + 2 * 54 + 54 + 6 * 54 +
            2 * 64 + 64 + 4 * 200;
        final long udpBytes = 50 * 1400 + 10 * 468 + 8 * 1300 + 3 * 1600 + 3 * 1500 + 4 * 800 + 2 * 90;
        final long greBytes = 5 * 100 + 2 * 120;
        assertEquals(tcpBytes, window.bytes(Protocol.TCP));
        assertEquals(udpBytes, window.bytes(Protocol.UDP));
        assertEquals(9 * 98, window.bytes(Protocol.ICMP));
        assertEquals(6 * 70, window.bytes(Protocol.ICMPV6));
        assertEquals(greBytes, window.bytes(Protocol.GRE));
        assertEquals(2 * 60 + 3 * 40, window.bytes(Protocol.OTHER));
        assertEquals(tcpBytes + udpBytes + 9 * 98 + 6 * 70 + greBytes + 2 * 60 + 3 * 40, window.bytes());

        assertEquals(252, window.ipv4Packets());
        assertEquals(8, window.ipv6Packets());
        assertEquals(2, window.nonIpPackets());
        assertEquals(6 * 70 + 2 * 90, window.ipv6Bytes());
        assertEquals(3, window.firstFragmentPackets());
        assertEquals(4, window.laterFragmentPackets());
        assertEquals(3 * 1500 + 4 * 800, window.fragmentBytes());
        assertEquals(3, window.malformedPackets());
        assertEquals(3, window.malformedPackets(5));
        assertEquals(0, window.malformedPackets(6));
        assertEquals(0, window.backPressureDrops());
    }

    @Test
    void shouldCountTcpFlagClassesOfPlainTcpOnly()
    {
        assertEquals(102, window.tcpFlagPackets(TcpFlagClass.SYN));
        assertEquals(20, window.tcpFlagPackets(TcpFlagClass.SYN_ACK));
        assertEquals(11, window.tcpFlagPackets(TcpFlagClass.ACK));
        assertEquals(3, window.tcpFlagPackets(TcpFlagClass.RST));
        assertEquals(4, window.tcpFlagPackets(TcpFlagClass.FIN));
        assertEquals(5, window.tcpFlagPackets(TcpFlagClass.PSH_ACK));
        assertEquals(2, window.tcpFlagPackets(TcpFlagClass.URG));
        assertEquals(1, window.tcpFlagPackets(TcpFlagClass.NULL));
        assertEquals(6, window.tcpFlagPackets(TcpFlagClass.XMAS));
        assertEquals(1, window.tcpFlagPackets(TcpFlagClass.OTHER));

        long sum = 0;
        for (final TcpFlagClass flagClass : TcpFlagClass.values())
        {
            sum += window.tcpFlagPackets(flagClass);
        }
        assertEquals(window.packets(Protocol.TCP), sum);
    }

    @Test
    void shouldCountLengthBucketsAndTtlExactly()
    {
        final long[] expected = { 124, 44, 4, 10, 9, 68, 3 };
        assertEquals(expected.length, TrafficWindow.LENGTH_BUCKETS);
        for (int bucket = 0; bucket < TrafficWindow.LENGTH_BUCKETS; bucket++)
        {
            assertEquals(expected[bucket], window.lengthBucketPackets(bucket), TrafficWindow.lengthBucketLabel(bucket));
        }
        assertEquals("0-64", TrafficWindow.lengthBucketLabel(0));
        assertEquals("1500+", TrafficWindow.lengthBucketLabel(6));

        assertEquals(173, window.ttlPackets(64));
        assertEquals(78, window.ttlPackets(57));
        assertEquals(6, window.ttlPackets(255));
        assertEquals(5, window.ttlPackets(0));
        long ttlSum = 0;
        for (int ttl = 0; ttl < 256; ttl++)
        {
            ttlSum += window.ttlPackets(ttl);
        }
        assertEquals(262, ttlSum);
    }

    @Test
    void shouldCountAmplificationSourcePortsOfUdpOnly()
    {
        assertEquals(53, window.amplificationPackets(AmplificationPort.DNS));
        assertEquals(50 * 1400 + 3 * 1500, window.amplificationBytes(AmplificationPort.DNS));
        assertEquals(10, window.amplificationPackets(AmplificationPort.NTP));
        assertEquals(10 * 468, window.amplificationBytes(AmplificationPort.NTP));
        assertEquals(3, window.amplificationPackets(AmplificationPort.MEMCACHED));
        assertEquals(3 * 1600, window.amplificationBytes(AmplificationPort.MEMCACHED));
        assertEquals(2, window.amplificationPackets(AmplificationPort.MDNS));
        assertEquals(0, window.amplificationPackets(AmplificationPort.QUIC));
        assertEquals(0, window.amplificationPackets(AmplificationPort.SSDP));

        assertEquals(8, window.udpDstPortPackets(443));
        assertEquals(8 * 1300, window.udpDstPortBytes(443));
        assertEquals(2, window.udpDstPortPackets(53));
        assertEquals(0, window.udpDstPortPackets(33_333));
        assertFalse(TrafficWindow.isCountedUdpDstPort(80));
        assertTrue(TrafficWindow.isCountedUdpDstPort(11211));
    }

    @Test
    void shouldRankHeavyHittersAndEstimateDistinctSources()
    {
        final HeavyHitters sources = window.topSources();
        assertEquals(24, sources.size()); // every group but the non-IP one
        assertEquals(0x0A00_0001L, sources.key(0));
        assertEquals(100, sources.packets(0));
        assertEquals(100 * 64, sources.bytes(0));
        assertEquals(0x0B00_0001L, sources.key(1));
        assertEquals(50, sources.packets(1));

        final HeavyHitters destinations = window.topDestinations();
        assertEquals(2, destinations.size());
        assertEquals(((long)FAMILY_IPV4 << 32) | (VICTIM & 0xFFFF_FFFFL), destinations.key(0));
        assertEquals(252, destinations.packets(0));
        assertEquals(((long)FAMILY_IPV6 << 32) | VICTIM6_DIGEST, destinations.key(1));
        assertEquals(8, destinations.packets(1));

        final HeavyHitters dstPorts = window.topDstPorts();
        assertEquals((TCP << 16) | 80, dstPorts.key(0));
        assertEquals(100 + 20 + 3 + 4 + 2 + 1 + 6 + 2 + 1 + 5, dstPorts.packets(0)); // S: TCP inside GRE
        final HeavyHitters srcPorts = window.topSrcPorts();
        assertEquals((TCP << 16) | 40_000, srcPorts.key(0));
        assertEquals(151, srcPorts.packets(0));
        assertEquals((UDP << 16) | 53, srcPorts.key(1));
        assertEquals(53, srcPorts.packets(1));

        assertEquals(24.0, window.distinctSources(), 0.5);
        assertTrue(window.sourceEntropy() > 0.0 && window.sourceEntropy() < 1.0, "entropy " + window.sourceEntropy());
    }

    @Test
    void shouldStartNextTickFromZero()
    {
        assertTrue(stage.tick(1_700_000_001L, window));

        assertEquals(0, window.packets());
        assertEquals(0, window.topSources().size());
        assertEquals(0.0, window.distinctSources());
        assertEquals(1_700_000_001L, window.tickSecond());
    }

    @Test
    void shouldClassifyEachTcpFlagCombination()
    {
        assertEquals(TcpFlagClass.SYN, TcpFlagClass.classify(0x02));
        assertEquals(TcpFlagClass.SYN, TcpFlagClass.classify(0xC2));
        assertEquals(TcpFlagClass.SYN, TcpFlagClass.classify(0x0A));
        assertEquals(TcpFlagClass.SYN_ACK, TcpFlagClass.classify(0x12));
        assertEquals(TcpFlagClass.ACK, TcpFlagClass.classify(0x10));
        assertEquals(TcpFlagClass.ACK, TcpFlagClass.classify(0x50));
        assertEquals(TcpFlagClass.RST, TcpFlagClass.classify(0x04));
        assertEquals(TcpFlagClass.RST, TcpFlagClass.classify(0x14));
        assertEquals(TcpFlagClass.FIN, TcpFlagClass.classify(0x11));
        assertEquals(TcpFlagClass.FIN, TcpFlagClass.classify(0x19));
        assertEquals(TcpFlagClass.PSH_ACK, TcpFlagClass.classify(0x18));
        assertEquals(TcpFlagClass.URG, TcpFlagClass.classify(0x20));
        assertEquals(TcpFlagClass.URG, TcpFlagClass.classify(0x30));
        assertEquals(TcpFlagClass.NULL, TcpFlagClass.classify(0x00));
        assertEquals(TcpFlagClass.NULL, TcpFlagClass.classify(0xC0));
        assertEquals(TcpFlagClass.XMAS, TcpFlagClass.classify(0x29));
        assertEquals(TcpFlagClass.XMAS, TcpFlagClass.classify(0x3F));
        assertEquals(TcpFlagClass.OTHER, TcpFlagClass.classify(0x03));
        assertEquals(TcpFlagClass.OTHER, TcpFlagClass.classify(0x06));
        assertEquals(TcpFlagClass.OTHER, TcpFlagClass.classify(0x08));
    }

    @Test
    void shouldBucketLengthsAtTheirBoundaries()
    {
        final int[] lengths = { 0, 64, 65, 128, 129, 256, 257, 512, 513, 1024, 1025, 1500, 1501, 9000, 65535 };
        final int[] buckets = { 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6 };
        for (int i = 0; i < lengths.length; i++)
        {
            assertEquals(buckets[i], PacketLengthBuckets.bucket(lengths[i]), "length " + lengths[i]);
        }
    }

    @Test
    void shouldMapEveryAmplificationPortAndNoOther()
    {
        for (final AmplificationPort port : AmplificationPort.values())
        {
            assertEquals(port.ordinal(), TrafficCounters.amplificationOrdinal(0x1_0000 | port.port()));
            assertEquals(TrafficCounterSlots.AMPLIFICATION_SINK, TrafficCounters.amplificationOrdinal(port.port()),
                "TCP/other key for " + port);
        }
        int counted = 0;
        for (int port = 0; port <= 0xFFFF; port++)
        {
            counted += TrafficWindow.isCountedUdpDstPort(port) ? 1 : 0;
        }
        assertEquals(AmplificationPort.COUNT, counted);
    }
}
