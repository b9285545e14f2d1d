package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.testbed.NetnsTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The nft backend against a real kernel, inside the test bed's rx namespace only.
 */
class NftDropSourcesNamespaceTest
{
    static final int UDP_PORT = 9_999;
    static final Pattern COUNTER = Pattern.compile("ip saddr @blocked4 counter packets (\\d+)");

    NetnsTestBed bed;
    DatagramChannel socket;

    @BeforeEach
    void setUp() throws Exception
    {
        assumeTrue(NetnsTestBed.isSupported(), NetnsTestBed.SKIP_REASON);
        assumeTrue(NamespaceNft.available(), "needs nft (nftables) installed");
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
    void shouldDropFloodSourcesButNotSafelistedSourceAndLeaveNothingAfterRevert() throws Exception
    {
        final List<IpAddress> attackers = List.of(
            IpAddress.of("198.18.200.1"), IpAddress.of("198.18.200.2"), IpAddress.of("198.18.200.3"));
        final IpAddress safe = IpAddress.of("198.18.201.1");
        final Safelist safelist = new Safelist(List.of(Cidr.of("198.18.201.0/24")));
        final NftDropSources nft = new NftDropSources(NamespaceNft.runner(bed));

        final Map<IpAddress, Integer> before = NamespaceTraffic.sendAndReceive(bed, socket, attackers, safe, 0);
        for (final IpAddress attacker : attackers)
        {
            assertEquals(5, before.getOrDefault(attacker, 0), "path works before blocking: " + attacker);
        }

        final List<IpAddress> toBlock = new ArrayList<>();
        for (final IpAddress source : List.of(attackers.get(0), attackers.get(1), attackers.get(2), safe))
        {
            if (!safelist.contains(source))
            {
                toBlock.add(source);
            }
        }
        assertEquals(attackers, toBlock);
        final CommandOutcome blocked = nft.block(toBlock, 0);
        assertTrue(blocked.succeeded(), blocked.toString());
        assertTrue(nft.block(toBlock, 0).succeeded(), "blocking again is not an error");

        final int synCount = 300;
        NamespaceTraffic.sendSynFlood(bed, attackers, synCount);
        final Map<IpAddress, Integer> during = NamespaceTraffic.sendAndReceive(bed, socket, attackers, safe, 100);
        for (final IpAddress attacker : attackers)
        {
            assertEquals(0, during.getOrDefault(attacker, 0), "dropped: " + attacker);
        }
        assertEquals(5, during.getOrDefault(safe, 0));
        final long dropped = counter(NamespaceNft.listTable(bed));
        assertTrue(dropped >= synCount + 3 * 5, "counter " + dropped);
        assertEquals(2, countOccurrences(NamespaceNft.listTable(bed), "counter packets"), "rules not duplicated");

        final CommandOutcome unblocked = nft.unblock(toBlock);
        assertTrue(unblocked.succeeded(), unblocked.toString());
        assertTrue(nft.unblock(toBlock).succeeded(), "unblock is idempotent");
        final String table = NamespaceNft.listTable(bed);
        assertFalse(table.contains("elements"), table);
        final Map<IpAddress, Integer> after = NamespaceTraffic.sendAndReceive(bed, socket, attackers, safe, 200);
        assertEquals(5, after.getOrDefault(attackers.get(0), 0), "flows again after revert");

        assertTrue(nft.removeAll().succeeded());
        assertTrue(nft.removeAll().succeeded(), "removeAll is idempotent");
        assertFalse(NamespaceNft.ruleset(bed).contains("ftagent"));
    }

    @Test
    void shouldExpireElementsWithTimeoutInKernel() throws Exception
    {
        final NftDropSources nft = new NftDropSources(NamespaceNft.runner(bed));
        assertTrue(nft.block(List.of(IpAddress.of("198.18.200.9"), IpAddress.of("2001:db8::9")), 3600).succeeded());

        final String table = NamespaceNft.listTable(bed);
        assertTrue(table.contains("198.18.200.9 timeout 1h"), table);
        assertTrue(table.contains("2001:db8::9 timeout 1h"), table);
        assertTrue(nft.removeAll().succeeded());
    }

    static long counter(final String table)
    {
        final Matcher matcher = COUNTER.matcher(table);
        assertTrue(matcher.find(), table);
        return Long.parseLong(matcher.group(1));
    }

    static int countOccurrences(final String text, final String part)
    {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1))
        {
            count++;
        }
        return count;
    }
}
