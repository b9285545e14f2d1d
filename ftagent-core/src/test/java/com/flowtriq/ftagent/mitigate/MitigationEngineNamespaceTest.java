package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.testbed.NetnsTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The engine driving real nft inside the test bed's rx namespace.
 */
class MitigationEngineNamespaceTest
{
    static final List<IpAddress> ATTACKERS = List.of(
        IpAddress.of("198.18.200.1"), IpAddress.of("198.18.200.2"), IpAddress.of("198.18.200.3"));
    static final IpAddress SAFE = IpAddress.of("198.18.201.1");

    @TempDir
    Path stateDir;

    NetnsTestBed bed;
    DatagramChannel socket;
    final List<MitigationEngine> engines = new ArrayList<>();

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
        engines.forEach(MitigationEngine::halt);
        if (null != socket)
        {
            socket.close();
        }
        if (null != bed)
        {
            bed.close();
        }
    }

    MitigationEngine engine(final boolean dryRun)
    {
        final RuleSpec rule = new RuleSpec(List.of("tcp_flood"), List.of("syn"), 1000, 0, NftDropSources.ACTION,
            RuleTarget.TOP_SOURCES, 10, 0);
        final MitigationEngine engine = new MitigationEngine(
            new MitigationPolicy(true, dryRun, 1000, List.of(rule)),
            new Safelist(List.of(Cidr.of("198.18.201.0/24"))),
            List.of(new NftDropSources(NamespaceNft.runner(bed))),
            new MitigationStateFile(stateDir),
            System::currentTimeMillis);
        engines.add(engine);
        engine.start();
        return engine;
    }

    static IncidentView synFlood()
    {
        return new IncidentView("syn-1", "tcp_flood", "syn", 50_000, 90,
            List.of("198.18.200.1", "198.18.201.1", "198.18.200.2", "198.18.200.3"), "198.18.0.2", 80, "tcp");
    }

    @Test
    void shouldDropSynFloodSourcesFromIncidentAndEmptyTableOnResolve() throws Exception
    {
        final MitigationEngine engine = engine(false);

        engine.onIncidentOpened(synFlood());
        engine.awaitIdle();
        NamespaceTraffic.sendSynFlood(bed, ATTACKERS, 300);
        final Map<IpAddress, Integer> during = NamespaceTraffic.sendAndReceive(bed, socket, ATTACKERS, SAFE, 0);

        for (final IpAddress attacker : ATTACKERS)
        {
            assertEquals(0, during.getOrDefault(attacker, 0), "dropped: " + attacker);
        }
        assertEquals(5, during.getOrDefault(SAFE, 0), "safelisted source still gets through");
        final long dropped = NftDropSourcesNamespaceTest.counter(NamespaceNft.listTable(bed));
        assertTrue(dropped >= 300 + 15, "counter " + dropped);

        engine.onIncidentResolved("syn-1");
        engine.awaitIdle();
        final String table = NamespaceNft.listTable(bed);
        assertFalse(table.contains("elements"), table);
        final Map<IpAddress, Integer> after = NamespaceTraffic.sendAndReceive(bed, socket, ATTACKERS, SAFE, 100);
        assertEquals(5, after.getOrDefault(ATTACKERS.get(0), 0));

        engine.close();
        assertFalse(NamespaceNft.ruleset(bed).contains("ftagent"), "shutdown removes the table");
    }

    @Test
    void shouldRemoveLeftoversOfCrashedRunOnStart() throws Exception
    {
        final MitigationEngine crashed = engine(false);
        crashed.onIncidentOpened(synFlood());
        crashed.awaitIdle();
        crashed.halt();
        assertTrue(NamespaceNft.listTable(bed).contains("198.18.200.1"));

        engine(false);

        assertFalse(NamespaceNft.ruleset(bed).contains("ftagent"), NamespaceNft.ruleset(bed));
        final Map<IpAddress, Integer> after = NamespaceTraffic.sendAndReceive(bed, socket, ATTACKERS, SAFE, 0);
        assertEquals(5, after.getOrDefault(ATTACKERS.get(0), 0));
    }

    @Test
    void shouldLeaveRulesetUnchangedInDryRun() throws Exception
    {
        final String before = NamespaceNft.ruleset(bed);
        final MitigationEngine engine = engine(true);

        engine.onIncidentOpened(synFlood());
        engine.awaitIdle();
        assertEquals(before, NamespaceNft.ruleset(bed));
        assertEquals(1, engine.counters().dryRunActions());
        engine.onIncidentResolved("syn-1");
        engine.close();

        assertEquals(before, NamespaceNft.ruleset(bed));
    }
}
