package com.flowtriq.ftagent.mitigate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MitigationEngineTest
{
    static final IpAddress A1 = IpAddress.of("198.18.200.1");
    static final IpAddress A2 = IpAddress.of("198.18.200.2");
    static final IpAddress A3 = IpAddress.of("198.18.200.3");

    @TempDir
    Path stateDir;

    final AtomicLong clock = new AtomicLong(1_000_000);
    final RecordingBlocker blocker = new RecordingBlocker();
    final List<MitigationEngine> engines = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        engines.forEach(MitigationEngine::halt);
    }

    static RuleSpec synRule(final int topN, final long ttlSeconds)
    {
        return new RuleSpec(List.of("tcp_flood"), List.of("syn"), 10_000, 50, NftDropSources.ACTION,
            RuleTarget.TOP_SOURCES, topN, ttlSeconds);
    }

    static IncidentView syn(final String id, final long pps, final int confidence, final String... sources)
    {
        return new IncidentView(id, "tcp_flood", "syn", pps, confidence, List.of(sources), "198.18.0.2", 80, "tcp");
    }

    MitigationEngine engine(final boolean dryRun, final int maxBlocked, final RuleSpec... rules)
    {
        final MitigationEngine engine = new MitigationEngine(
            new MitigationPolicy(true, dryRun, maxBlocked, List.of(rules)),
            new Safelist(List.of(Cidr.of("198.18.201.0/24"))),
            List.of(blocker),
            new MitigationStateFile(stateDir),
            clock::get);
        engines.add(engine);
        engine.start();
        return engine;
    }

    @Test
    void shouldBlockTopSourcesOfMatchingIncidentAndRevertOnResolve()
    {
        final MitigationEngine engine = engine(false, 1000, synRule(2, 0));

        engine.onIncidentOpened(syn("inc-1", 50_000, 90, "198.18.200.1", "198.18.200.2", "198.18.200.3"));
        engine.awaitIdle();
        assertEquals(Set.of(A1, A2), blocker.blocked);
        assertEquals(1, engine.counters().applied());

        engine.onIncidentResolved("inc-1");
        engine.onIncidentResolved("inc-1");
        engine.awaitIdle();
        assertTrue(blocker.blocked.isEmpty());
        assertEquals(1, engine.counters().reverted());
        assertTrue(engine.activeBlocks().isEmpty());
    }

    @Test
    void shouldIgnoreIncidentsThatMissAnyCondition()
    {
        final MitigationEngine engine = engine(false, 1000, synRule(10, 0));

        engine.onIncidentOpened(syn("low-pps", 9_999, 90, "198.18.200.1"));
        engine.onIncidentOpened(syn("low-confidence", 50_000, 49, "198.18.200.1"));
        engine.onIncidentOpened(new IncidentView("other-family", "udp_flood", "syn", 50_000, 90,
            List.of("198.18.200.1"), null, -1, null));
        engine.onIncidentOpened(new IncidentView("other-subtype", "tcp_flood", "ack", 50_000, 90,
            List.of("198.18.200.1"), null, -1, null));
        engine.awaitIdle();

        assertTrue(blocker.calls.stream().noneMatch(call -> call.startsWith("block")), blocker.calls.toString());
    }

    @Test
    void shouldApplyOnceWhenOpenIsDeliveredTwice()
    {
        final MitigationEngine engine = engine(false, 1000, synRule(10, 0));

        engine.onIncidentOpened(syn("inc-1", 50_000, 90, "198.18.200.1"));
        engine.onIncidentOpened(syn("inc-1", 50_000, 90, "198.18.200.1"));
        engine.awaitIdle();

        assertEquals(1, engine.counters().applied());
    }

    @Test
    void shouldSkipSafelistedMalformedAndOverCapSources()
    {
        final MitigationEngine engine = engine(false, 2, synRule(10, 0));

        engine.onIncidentOpened(syn("inc-1", 50_000, 90,
            "198.18.201.7", "1.2.3.4; nft flush ruleset", "198.18.200.1", "198.18.200.1", "198.18.200.2",
            "198.18.200.3", "127.0.0.1"));
        engine.awaitIdle();

        assertEquals(Set.of(A1, A2), blocker.blocked);
        assertEquals(2, engine.counters().safelistedSources());
        assertEquals(1, engine.counters().invalidInputs());
        assertEquals(1, engine.counters().cappedSources());
    }

    @Test
    void shouldKeepSourceBlockedUntilEveryIncidentHoldingItResolves()
    {
        final MitigationEngine engine = engine(false, 1000, synRule(10, 0));

        engine.onIncidentOpened(syn("inc-1", 50_000, 90, "198.18.200.1", "198.18.200.2"));
        engine.onIncidentOpened(syn("inc-2", 50_000, 90, "198.18.200.2", "198.18.200.3"));
        engine.onIncidentResolved("inc-1");
        engine.awaitIdle();

        assertEquals(Set.of(A2, A3), blocker.blocked);
        engine.onIncidentResolved("inc-2");
        engine.awaitIdle();
        assertTrue(blocker.blocked.isEmpty());
    }

    @Test
    void shouldRemoveBlockWhenTtlExpiresWhileIncidentIsOpen()
    {
        final MitigationEngine engine = engine(false, 1000, synRule(10, 60));

        engine.onIncidentOpened(syn("inc-1", 50_000, 90, "198.18.200.1"));
        engine.awaitIdle();
        assertTrue(blocker.calls.get(blocker.calls.size() - 1).endsWith("ttl=62"), blocker.calls.toString());

        clock.addAndGet(59_999);
        engine.sweepNow();
        assertEquals(Set.of(A1), blocker.blocked);

        clock.addAndGet(1);
        engine.sweepNow();
        assertTrue(blocker.blocked.isEmpty());
        assertEquals(1, engine.counters().expired());

        engine.onIncidentResolved("inc-1");
        engine.awaitIdle();
        assertEquals(0, engine.counters().reverted());
    }

    @Test
    void shouldRecordBlockInStateFileBeforeApplyingIt()
    {
        final MitigationStateFile stateFile = new MitigationStateFile(stateDir);
        final AtomicReference<List<AppliedBlock>> seenBeforeBlock = new AtomicReference<>();
        blocker.beforeBlock = sources ->
        {
            try
            {
                seenBeforeBlock.set(stateFile.read());
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        };
        final MitigationEngine engine = engine(false, 1000, synRule(10, 0));

        engine.onIncidentOpened(syn("inc-1", 50_000, 90, "198.18.200.1"));
        engine.awaitIdle();

        assertEquals(1, seenBeforeBlock.get().size());
        assertEquals("inc-1", seenBeforeBlock.get().get(0).incidentId());
        assertEquals(List.of(A1), seenBeforeBlock.get().get(0).sources());
    }

    @Test
    void shouldDropStateEntryWhenBlockCommandFails() throws Exception
    {
        blocker.failBlock = true;
        final MitigationEngine engine = engine(false, 1000, synRule(10, 0));

        engine.onIncidentOpened(syn("inc-1", 50_000, 90, "198.18.200.1"));
        engine.awaitIdle();

        assertEquals(1, engine.counters().failures());
        assertTrue(new MitigationStateFile(stateDir).read().isEmpty());
    }

    @Test
    void shouldChangeNothingInDryRun()
    {
        final MitigationEngine engine = engine(true, 1000, synRule(10, 0));

        engine.onIncidentOpened(syn("inc-1", 50_000, 90, "198.18.200.1"));
        engine.onIncidentResolved("inc-1");
        engine.close();

        assertTrue(blocker.calls.isEmpty(), blocker.calls.toString());
        assertEquals(1, engine.counters().dryRunActions());
        assertFalse(Files.exists(stateDir.resolve(MitigationStateFile.FILE_NAME)));
    }

    @Test
    void shouldRevertWhatACrashedRunLeftOnNextStart() throws Exception
    {
        final MitigationEngine crashed = engine(false, 1000, synRule(10, 0));
        crashed.onIncidentOpened(syn("inc-1", 50_000, 90, "198.18.200.1", "198.18.200.2"));
        crashed.awaitIdle();
        crashed.halt();
        blocker.calls.clear();

        final MitigationEngine restarted = engine(false, 1000, synRule(10, 0));

        assertEquals(List.of("unblock [198.18.200.1, 198.18.200.2]", "removeAll"), blocker.calls);
        assertTrue(blocker.blocked.isEmpty());
        assertEquals(1, restarted.counters().reconciled());
        assertTrue(new MitigationStateFile(stateDir).read().isEmpty());
    }

    @Test
    void shouldRevertEverythingOnClose() throws Exception
    {
        final MitigationEngine engine = engine(false, 1000, synRule(10, 0));
        engine.onIncidentOpened(syn("inc-1", 50_000, 90, "198.18.200.1"));

        engine.close();

        assertTrue(blocker.blocked.isEmpty());
        assertEquals("removeAll", blocker.calls.get(blocker.calls.size() - 1));
        assertTrue(new MitigationStateFile(stateDir).read().isEmpty());
        assertFalse(engine.onIncidentOpened(syn("inc-2", 50_000, 90, "198.18.200.2")));
    }

    @Test
    void shouldRefuseIncidentWithUnsafeId()
    {
        final MitigationEngine engine = engine(false, 1000, synRule(10, 0));

        engine.onIncidentOpened(syn("-F", 50_000, 90, "198.18.200.1"));
        engine.onIncidentOpened(syn("a\nb", 50_000, 90, "198.18.200.1"));
        engine.onIncidentOpened(syn("x".repeat(IncidentId.MAX_LENGTH + 1), 50_000, 90, "198.18.200.1"));
        engine.awaitIdle();

        assertEquals(3, engine.counters().invalidInputs());
        assertEquals(List.of("removeAll"), blocker.calls); // from start() only
        assertTrue(blocker.blocked.isEmpty());
    }
}
