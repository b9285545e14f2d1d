package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.testbed.NetnsTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * hashlimit on the victim port inside the test bed's rx namespace.
 */
class IptablesRateLimitNamespaceTest
{
    NetnsTestBed bed;
    DatagramChannel socket;

    @BeforeEach
    void setUp() throws Exception
    {
        assumeTrue(NetnsTestBed.isSupported(), NetnsTestBed.SKIP_REASON);
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/iptables")), "needs iptables installed");
        bed = NetnsTestBed.create();
        NamespaceNft.allowSpoofedSources(bed);
        socket = NamespaceTraffic.openSocket(bed);
    }

    @AfterEach
    void tearDown() throws Exception
    {
        if (null != socket)
        {
            socket.close();
        }
        if (null != bed)
        {
            bed.close();
        }
    }

    @Test
    void shouldLimitEachSourceOnVictimPortAndRemoveRuleOnRevert() throws Exception
    {
        final IptablesRateLimit limit = new IptablesRateLimit(NamespaceNft.runner(bed), 5);
        final List<TemplateValues> targets = List.of(new TemplateValues(null, IpAddress.of(bed.rxAddress()),
            new Port(NftDropSourcesNamespaceTest.UDP_PORT), Protocol.UDP, "inc-1", "udp_flood"));

        assertTrue(limit.apply(targets).succeeded());
        assertTrue(limit.apply(targets).succeeded(), "applying again does not duplicate");
        final IpAddress source = IpAddress.of("198.18.200.1");
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            frames.add(SpoofedFrames.udp(bed, source, NftDropSourcesNamespaceTest.UDP_PORT, i));
        }
        NamespaceTraffic.send(bed, frames);
        final String rules = bed.run(bed.rxNamespace(), "iptables-save").check().output();
        assertEquals(1, NftDropSourcesNamespaceTest.countOccurrences(rules, "ftagent-udp-9999"), rules);

        // a different source has its own hashlimit bucket: its frame, sent last, marks the end of the decided ones
        final IpAddress marker = IpAddress.of("198.18.200.9");
        NamespaceTraffic.send(bed, List.of(SpoofedFrames.udp(bed, marker, NftDropSourcesNamespaceTest.UDP_PORT, 0)));
        int received = 0;
        boolean markerSeen = false;
        final ByteBuffer buffer = ByteBuffer.allocate(64);
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (!markerSeen && System.nanoTime() < deadline)
        {
            buffer.clear();
            final java.net.InetSocketAddress from = (java.net.InetSocketAddress)socket.receive(buffer);
            if (null == from)
            {
                Thread.sleep(5);
            }
            else if (IpAddress.ofBytes(from.getAddress().getAddress()).equals(marker))
            {
                markerSeen = true;
            }
            else
            {
                received++;
            }
        }
        assertTrue(markerSeen, "marker frame from a fresh source passes the limit");
        assertTrue(received >= 1, "the burst lets the first frames through");
        // 200 frames sent back to back against 5/s with burst 5: almost all must be dropped
        assertTrue(received < 100, "received " + received);

        assertTrue(limit.revert(targets).succeeded());
        assertTrue(limit.revert(targets).succeeded(), "idempotent");
        assertFalse(bed.run(bed.rxNamespace(), "iptables-save").check().output().contains("ftagent"));
    }
}
