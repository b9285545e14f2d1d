package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.incident.MitigationEntry;
import com.flowtriq.ftagent.incident.MitigationEntry.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the engine publishes for an incident's {@code mitigation} section (issue #8): every applied, failed,
 * timed-out, refused, dry-run, expired action, readable by another thread from a snapshot.
 */
class MitigationSectionTest
{
    @TempDir
    Path stateDir;

    final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
    final RecordingBlocker blocker = new RecordingBlocker();
    final List<MitigationEngine> engines = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        engines.forEach(MitigationEngine::halt);
    }

    MitigationEngine engine(final boolean dryRun, final int maxBlocked, final long ttlSeconds,
        final List<IncidentAction> actions, final String action, final RuleTarget target)
    {
        final RuleSpec rule = new RuleSpec(List.of("tcp_flood"), List.of(), 0, 0, action, target, 10, ttlSeconds);
        final MitigationEngine engine = new MitigationEngine(
            new MitigationPolicy(true, dryRun, maxBlocked, List.of(rule)),
            new Safelist(List.of(Cidr.of("198.18.201.0/24"))),
            List.of(blocker), actions, new MitigationStateFile(stateDir), clock::get);
        engines.add(engine);
        engine.start();
        return engine;
    }

    MitigationEngine nftEngine(final boolean dryRun, final int maxBlocked, final long ttlSeconds)
    {
        return engine(dryRun, maxBlocked, ttlSeconds, List.of(), NftDropSources.ACTION, RuleTarget.TOP_SOURCES);
    }

    static IncidentView syn(final String id, final String... sources)
    {
        return new IncidentView(id, "tcp_flood", "syn", 50_000, 90, List.of(sources), "198.18.0.2", 80, "tcp");
    }

    @Test
    void shouldPublishAppliedBlockForItsIncidentOnlyAndForgetItAfterResolve()
    {
        final MitigationEngine engine = nftEngine(false, 1000, 0);
        assertTrue(engine.mitigationOf("inc-1").isEmpty());

        engine.onIncidentOpened(syn("inc-1", "198.18.200.1", "198.18.200.2"));
        engine.awaitIdle();

        final List<MitigationEntry> entries = engine.mitigationOf("inc-1");
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(NftDropSources.ACTION, entries.get(0).action());
        assertEquals(State.APPLIED, entries.get(0).state());
        assertEquals(List.of("198.18.200.1", "198.18.200.2"), entries.get(0).targets());
        assertNull(entries.get(0).detail());
        assertEquals(clock.get(), entries.get(0).atMillis());
        assertTrue(engine.mitigationOf("inc-2").isEmpty());
        assertSame(entries, engine.mitigationOf("inc-1"), "a read returns the published snapshot, not a copy");

        engine.onIncidentResolved("inc-1");
        engine.awaitIdle();
        assertTrue(engine.mitigationOf("inc-1").isEmpty());
    }

    @Test
    void shouldReportFailedBlockWithExitStatusAndFirstStderrLine()
    {
        blocker.blockOutcome = new CommandOutcome(List.of("nft", "-f", "-"), 1, false, "",
            "Error: Could not process rule: No such file or directory\nadd element inet ftagent ...\n");
        final MitigationEngine engine = nftEngine(false, 1000, 0);

        engine.onIncidentOpened(syn("inc-1", "198.18.200.1"));
        engine.awaitIdle();

        final MitigationEntry entry = engine.mitigationOf("inc-1").get(0);
        assertEquals(State.FAILED, entry.state());
        assertEquals("exit 1: Error: Could not process rule: No such file or directory", entry.detail());
        assertEquals(List.of("198.18.200.1"), entry.targets());
        assertEquals(1, engine.counters().failures());
    }

    @Test
    void shouldReportTimedOutBlock()
    {
        blocker.blockOutcome = new CommandOutcome(List.of("nft", "-f", "-"), -1, true, "", "");
        final MitigationEngine engine = nftEngine(false, 1000, 0);

        engine.onIncidentOpened(syn("inc-1", "198.18.200.1"));
        engine.awaitIdle();

        final MitigationEntry entry = engine.mitigationOf("inc-1").get(0);
        assertEquals(State.TIMED_OUT, entry.state());
        assertEquals("killed by the timeout", entry.detail());
    }

    @Test
    void shouldReportSafelistedAndCappedSourcesAsRefusedBesideTheAppliedOnes()
    {
        final MitigationEngine engine = nftEngine(false, 1, 0);

        engine.onIncidentOpened(syn("inc-1", "198.18.201.9", "198.18.200.1", "198.18.200.2"));
        engine.awaitIdle();

        final List<MitigationEntry> entries = engine.mitigationOf("inc-1");
        assertEquals(List.of(State.REFUSED, State.REFUSED, State.APPLIED),
            entries.stream().map(MitigationEntry::state).toList(), entries.toString());
        assertEquals(List.of("198.18.201.9"), entries.get(0).targets());
        assertEquals("safelist", entries.get(0).detail());
        assertEquals(List.of("198.18.200.2"), entries.get(1).targets());
        assertEquals("max_blocked_sources reached", entries.get(1).detail());
        assertEquals(List.of("198.18.200.1"), entries.get(2).targets());
    }

    @Test
    void shouldReportDryRunWithTheTargetsItWouldBlock()
    {
        final MitigationEngine engine = nftEngine(true, 1000, 0);

        engine.onIncidentOpened(syn("inc-1", "198.18.200.1"));
        engine.awaitIdle();

        final MitigationEntry entry = engine.mitigationOf("inc-1").get(0);
        assertEquals(State.DRY_RUN, entry.state());
        assertEquals(List.of("198.18.200.1"), entry.targets());
        assertTrue(blocker.calls.stream().noneMatch(c -> c.startsWith("block")), blocker.calls.toString());
    }

    @Test
    void shouldReportExpiryWhileTheIncidentIsOpen()
    {
        final MitigationEngine engine = nftEngine(false, 1000, 30);
        engine.onIncidentOpened(syn("inc-1", "198.18.200.1"));
        engine.awaitIdle();

        clock.addAndGet(31_000);
        engine.sweepNow();

        final MitigationEntry entry = engine.mitigationOf("inc-1").get(0);
        assertEquals(State.EXPIRED, entry.state());
        assertEquals(clock.get(), entry.atMillis());
    }

    @Test
    void shouldReportRealCommandFailureWithExitStatusAndFirstStderrLine()
    {
        final CommandAction failing = new CommandAction(new ArgvRunner(List.of(), 10_000),
            CommandTemplate.of(List.of("/bin/sh", "-c", "echo 'first line' >&2; echo second >&2; exit 3")), null);
        final MitigationEngine engine =
            engine(false, 1000, 0, List.of(failing), CommandAction.ACTION, RuleTarget.VICTIM);

        engine.onIncidentOpened(syn("inc-1", "198.18.200.1"));
        engine.awaitIdle();

        final MitigationEntry failed = engine.mitigationOf("inc-1").get(0);
        assertEquals(State.FAILED, failed.state());
        assertEquals("exit 3: first line", failed.detail());
        assertEquals(List.of("198.18.0.2:80/tcp"), failed.targets());
    }

    @Test
    void shouldReportRealCommandKilledByTheTimeout()
    {
        final CommandAction slow = new CommandAction(new ArgvRunner(List.of(), 200),
            CommandTemplate.of(List.of("/bin/sleep", "30")), null);
        final MitigationEngine slowEngine =
            engine(false, 1000, 0, List.of(slow), CommandAction.ACTION, RuleTarget.VICTIM);
        slowEngine.onIncidentOpened(syn("inc-2", "198.18.200.1"));
        slowEngine.awaitIdle();

        final MitigationEntry timedOut = slowEngine.mitigationOf("inc-2").get(0);
        assertEquals(State.TIMED_OUT, timedOut.state());
        assertEquals("killed by the timeout", timedOut.detail());
    }

    @Test
    void shouldShowBlocksInForceAsRevertingOnResolveAndLogAndCountAFailedRevertWithTheIncidentId()
    {
        final MitigationEngine engine = nftEngine(false, 1000, 0);
        engine.onIncidentOpened(syn("inc-1", "198.18.201.9", "198.18.200.1"));
        engine.awaitIdle();
        blocker.unblockOutcome = new CommandOutcome(List.of("nft", "-f", "-"), 1, false, "",
            "Error: Could not process rule: Device or resource busy\n");
        clock.addAndGet(5_000);

        final List<MitigationEntry> onResolve = engine.mitigationOnResolve("inc-1");
        assertEquals(List.of(State.REFUSED, State.REVERTING), onResolve.stream().map(MitigationEntry::state).toList(),
            onResolve.toString());
        assertEquals(List.of("198.18.200.1"), onResolve.get(1).targets());
        assertEquals(clock.get(), onResolve.get(1).atMillis());
        assertEquals(State.APPLIED, engine.mitigationOf("inc-1").get(1).state(), "only the resolve event's view");

        final List<LogRecord> records = new ArrayList<>();
        final Logger log = Logger.getLogger(MitigationEngine.class.getName());
        final Handler handler = new Handler()
        {
            public void publish(final LogRecord record)
            {
                records.add(record);
            }

            public void flush()
            {
            }

            public void close()
            {
            }
        };
        log.addHandler(handler);
        try
        {
            engine.onIncidentResolved("inc-1");
            engine.awaitIdle();
        }
        finally
        {
            log.removeHandler(handler);
        }

        assertEquals(1, engine.counters().revertFailures());
        assertEquals(1, engine.activeBlocks().size(), "left for the next start");
        final List<String> errors = records.stream().filter(r -> Level.SEVERE == r.getLevel())
            .map(LogRecord::getMessage).toList();
        assertEquals(1, errors.size(), records.stream().map(LogRecord::getMessage).toList().toString());
        assertTrue(errors.get(0).startsWith("incident inc-1: revert of nft_drop_sources failed"), errors.get(0));
        assertTrue(errors.get(0).contains("Device or resource busy"), errors.get(0));
    }
}
