package com.flowtriq.ftagent.count;

import static org.junit.jupiter.api.Assertions.*;

/** Compares two windows through their public accessors, field by field. */
final class WindowAssertions
{
    private WindowAssertions()
    {
    }

    static void assertSameCounts(final TrafficWindow expected, final TrafficWindow actual)
    {
        assertEquals(expected.packets(), actual.packets(), "packets");
        assertEquals(expected.bytes(), actual.bytes(), "bytes");
        for (final Protocol protocol : Protocol.values())
        {
            assertEquals(expected.packets(protocol), actual.packets(protocol), "packets " + protocol);
            assertEquals(expected.bytes(protocol), actual.bytes(protocol), "bytes " + protocol);
        }
        assertEquals(expected.ipv4Packets(), actual.ipv4Packets(), "ipv4");
        assertEquals(expected.ipv6Packets(), actual.ipv6Packets(), "ipv6");
        assertEquals(expected.ipv4Bytes(), actual.ipv4Bytes(), "ipv4 bytes");
        assertEquals(expected.ipv6Bytes(), actual.ipv6Bytes(), "ipv6 bytes");
        assertEquals(expected.nonIpPackets(), actual.nonIpPackets(), "non-IP");
        assertEquals(expected.firstFragmentPackets(), actual.firstFragmentPackets(), "first fragments");
        assertEquals(expected.laterFragmentPackets(), actual.laterFragmentPackets(), "later fragments");
        assertEquals(expected.fragmentBytes(), actual.fragmentBytes(), "fragment bytes");
        for (final TcpFlagClass flagClass : TcpFlagClass.values())
        {
            assertEquals(expected.tcpFlagPackets(flagClass), actual.tcpFlagPackets(flagClass), "flags " + flagClass);
        }
        for (int bucket = 0; bucket < TrafficWindow.LENGTH_BUCKETS; bucket++)
        {
            assertEquals(expected.lengthBucketPackets(bucket), actual.lengthBucketPackets(bucket), "bucket " + bucket);
        }
        for (int ttl = 0; ttl < 256; ttl++)
        {
            assertEquals(expected.ttlPackets(ttl), actual.ttlPackets(ttl), "ttl " + ttl);
        }
        for (final AmplificationPort port : AmplificationPort.values())
        {
            assertEquals(expected.amplificationPackets(port), actual.amplificationPackets(port), "amp " + port);
            assertEquals(expected.amplificationBytes(port), actual.amplificationBytes(port), "amp bytes " + port);
            assertEquals(expected.udpDstPortPackets(port.port()), actual.udpDstPortPackets(port.port()),
                "udp dst " + port);
        }
        for (int reason = 0; reason < 64; reason++)
        {
            assertEquals(expected.malformedPackets(reason), actual.malformedPackets(reason), "reason " + reason);
        }
        assertEquals(expected.malformedPackets(), actual.malformedPackets(), "malformed");
        assertTrue(expected.sourceSketch().sameRegisters(actual.sourceSketch()), "HyperLogLog registers");
        assertEquals(expected.distinctSources(), actual.distinctSources(), "distinct sources");
    }

    static void assertSameWindow(final TrafficWindow expected, final TrafficWindow actual)
    {
        assertSameCounts(expected, actual);
        assertEquals(expected.tickSecond(), actual.tickSecond(), "tick second");
        assertEquals(expected.seconds(), actual.seconds(), "seconds");
        assertEquals(expected.backPressureDrops(), actual.backPressureDrops(), "back-pressure drops");
        assertSameList("sources", expected.topSources(), actual.topSources());
        assertSameList("destinations", expected.topDestinations(), actual.topDestinations());
        assertSameList("dst ports", expected.topDstPorts(), actual.topDstPorts());
        assertSameList("src ports", expected.topSrcPorts(), actual.topSrcPorts());
        assertEquals(expected.sourceEntropy(), actual.sourceEntropy(), 1e-12, "entropy");
    }

    static void assertSameList(final String name, final HeavyHitterList expected, final HeavyHitterList actual)
    {
        assertEquals(expected.size(), actual.size(), name + " size");
        for (int rank = 0; rank < expected.size(); rank++)
        {
            assertEquals(expected.key(rank), actual.key(rank), name + " key " + rank);
            assertEquals(expected.packets(rank), actual.packets(rank), name + " packets " + rank);
            assertEquals(expected.bytes(rank), actual.bytes(rank), name + " bytes " + rank);
            assertEquals(expected.error(rank), actual.error(rank), name + " error " + rank);
        }
    }

    /** The window's own sums agree: what a torn read of a bank being written would break. */
    static void assertSelfConsistent(final TrafficWindow window)
    {
        long protocols = 0;
        for (final Protocol protocol : Protocol.values())
        {
            protocols += window.packets(protocol);
        }
        long buckets = 0;
        for (int bucket = 0; bucket < TrafficWindow.LENGTH_BUCKETS; bucket++)
        {
            buckets += window.lengthBucketPackets(bucket);
        }
        long ttls = 0;
        for (int ttl = 0; ttl < 256; ttl++)
        {
            ttls += window.ttlPackets(ttl);
        }
        long flags = 0;
        for (final TcpFlagClass flagClass : TcpFlagClass.values())
        {
            flags += window.tcpFlagPackets(flagClass);
        }
        assertEquals(window.packets(), protocols, "protocol sum");
        assertEquals(window.packets(), buckets, "length bucket sum");
        assertEquals(window.packets(), ttls, "TTL sum");
        assertEquals(window.packets(Protocol.TCP), flags, "flag sum");
        assertEquals(window.packets(), window.ipv4Packets() + window.ipv6Packets() + window.nonIpPackets(), "family sum");
    }
}
