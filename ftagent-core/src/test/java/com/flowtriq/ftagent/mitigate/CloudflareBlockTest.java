package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.incident.MitigationEntry;
import com.flowtriq.ftagent.incident.MitigationEntry.State;
import com.flowtriq.ftagent.report.OutboxSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code cloudflare_block} through its durable outbox against a loopback stand-in for the Cloudflare API
 * ({@link FakeCloudflare}): outage and recovery, Retry-After, dead letters, the create's rule id used by the delete,
 * and replay after a restart.
 */
class CloudflareBlockTest
{
    static final long WAIT_MILLIS = 20_000;
    static final String A1 = "198.18.200.1";
    static final String A2 = "198.18.200.2";
    static final String A3 = IpAddress.of("2001:db8::1").text();

    @TempDir
    Path dir;

    FakeCloudflare cloudflare;
    final List<MitigationEngine> engines = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException
    {
        cloudflare = new FakeCloudflare();
    }

    @AfterEach
    void tearDown()
    {
        engines.forEach(MitigationEngine::halt);
        cloudflare.close();
    }

    MitigationEngine engine() throws IOException
    {
        final OutboxSettings settings = OutboxSettings.defaults(dir.resolve(CloudflareDelivery.OUTBOX_DIRECTORY))
            .withBackoff(10, 50, 100);
        final CloudflareBlock block = new CloudflareBlock(cloudflare.apiBase(), "zone123", null, FakeCloudflare.TOKEN,
            Duration.ofSeconds(5), dir, settings);
        final RuleSpec rule = new RuleSpec(List.of(), List.of(), 0, 0, CloudflareBlock.ACTION,
            RuleTarget.TOP_SOURCES, 10, 0);
        final MitigationEngine engine = new MitigationEngine(new MitigationPolicy(true, false, 1000, List.of(rule)),
            new Safelist(List.of()), List.of(), List.of(block), new MitigationStateFile(dir),
            System::currentTimeMillis);
        engines.add(engine);
        engine.start();
        return engine;
    }

    static IncidentView incident(final String id, final String... sources)
    {
        return new IncidentView(id, "tcp_flood", "syn", 1, 1, List.of(sources), null, -1, null);
    }

    static void await(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("gave up waiting for " + what);
            }
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    static List<State> states(final MitigationEngine engine, final String id)
    {
        return engine.mitigationOf(id).stream().map(MitigationEntry::state).toList();
    }

    /** Created rule id by address, from the fake's replies in order. */
    Map<String, String> idsByAddress()
    {
        final Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < cloudflare.created.size(); i++)
        {
            ids.put(cloudflare.created.get(i), "r" + (i + 1));
        }
        return ids;
    }

    @Test
    void shouldCreateRulesOnOpenAndDeleteThemByTheCreatedIdOnResolve() throws IOException
    {
        cloudflare.start();
        final MitigationEngine engine = engine();

        engine.onIncidentOpened(incident("inc-1", A1, A3));
        await("both rules", () -> 2 == cloudflare.rules.size());
        await("confirmation in the incident", () -> List.of(State.APPLIED).equals(states(engine, "inc-1")));

        assertTrue(cloudflare.rules.values().stream().anyMatch(r -> r[2].equals("{\"mode\":\"block\"," +
            "\"configuration\":{\"target\":\"ip\",\"value\":\"198.18.200.1\"},\"notes\":\"ftagent incident inc-1\"}")),
            cloudflare.requests.toString());
        assertTrue(cloudflare.rules.values().stream().anyMatch(r -> r[2].contains("\"target\":\"ip6\"")));
        assertTrue(cloudflare.requests.stream().allMatch(r -> r.endsWith("auth=Bearer " + FakeCloudflare.TOKEN)),
            cloudflare.requests.toString());

        engine.onIncidentResolved("inc-1");
        await("both deletes", () -> cloudflare.rules.isEmpty());
        assertEquals(List.of("r1", "r2"), cloudflare.deleted.stream().sorted().toList());
        assertEquals(0, cloudflare.count("GET"), "the ids came from the creates' replies, no lookup");
        assertEquals(1, engine.counters().reverted());
        assertEquals(0, engine.counters().failures());
    }

    @Test
    void shouldCountARejectedDeleteAsARevertFailure() throws IOException
    {
        cloudflare.start();
        final MitigationEngine engine = engine();
        engine.onIncidentOpened(incident("inc-1", A1));
        await("confirmation in the incident", () -> List.of(State.APPLIED).equals(states(engine, "inc-1")));
        cloudflare.forceStatus("DELETE", 403, null);

        engine.onIncidentResolved("inc-1");

        await("the rejected delete counted", () -> 1 == engine.counters().revertFailures());
        assertEquals(1, cloudflare.rules.size(), "the rule is still there");
        assertEquals(1, engine.counters().failures());
    }

    @Test
    void shouldDeliverEveryCreateOnceAfterAnOutageAndThenDeleteEachByItsId() throws IOException
    {
        final MitigationEngine engine = engine(); // nothing listens yet: connections are refused

        engine.onIncidentOpened(incident("inc-1", A1, A2));
        engine.onIncidentOpened(incident("inc-2", A3));
        engine.awaitIdle();
        assertEquals(List.of(State.QUEUED), states(engine, "inc-1"), "journaled, not confirmed");
        engine.onIncidentResolved("inc-1"); // its deletes queue behind the creates
        engine.awaitIdle();

        cloudflare.start();
        await("creates and deletes", () -> 3 == cloudflare.created.size() && 2 == cloudflare.deleted.size());
        await("inc-2 confirmed", () -> List.of(State.APPLIED).equals(states(engine, "inc-2")));

        assertEquals(List.of(A1, A2, A3), cloudflare.created.stream().sorted().toList(), "each create exactly once");
        final Map<String, String> ids = idsByAddress();
        assertEquals(List.of(ids.get(A1), ids.get(A2)).stream().sorted().toList(),
            cloudflare.deleted.stream().sorted().toList());
        assertEquals(Map.of(ids.get(A3), A3), Map.of(cloudflare.rules.keySet().iterator().next(),
            cloudflare.rules.values().iterator().next()[0]));
        assertEquals(0, engine.counters().failures());
    }

    @Test
    void shouldRetryAfterServiceUnavailableAndCreateOnce() throws IOException
    {
        cloudflare.forceStatus(null, 503, "1");
        cloudflare.start();
        final MitigationEngine engine = engine();

        engine.onIncidentOpened(incident("inc-1", A1));
        await("a refused attempt", () -> cloudflare.count("POST") >= 1);
        cloudflare.forceStatus(null, 0, null);
        await("the create", () -> 1 == cloudflare.created.size());
        await("confirmation", () -> List.of(State.APPLIED).equals(states(engine, "inc-1")));

        assertEquals(List.of(A1), cloudflare.created);
        assertEquals(0, engine.counters().failures());
    }

    @Test
    void shouldSetRejectedCreateAsideAndReportItFailedInTheIncident() throws IOException
    {
        cloudflare.forceStatus("POST", 403, null);
        cloudflare.start();
        final MitigationEngine engine = engine();

        engine.onIncidentOpened(incident("inc-1", A1));
        await("the failure in the incident", () -> List.of(State.FAILED).equals(states(engine, "inc-1")));

        final MitigationEntry entry = engine.mitigationOf("inc-1").get(0);
        assertEquals("HTTP 403: 10000 Authentication error", entry.detail());
        assertEquals(List.of(A1), entry.targets());
        assertEquals(1, engine.counters().failures());
        await("the create set aside in dead/", () -> 1 == files(dir.resolve(CloudflareDelivery.OUTBOX_DIRECTORY)
            .resolve("dead"), ".reason"));

        engine.onIncidentResolved("inc-1");
        await("the delete's lookup", () -> 1 == cloudflare.count("GET"));
        assertEquals(0, cloudflare.count("DELETE"), "no rule was made, none is deleted");
    }

    @Test
    void shouldDeliverJournaledCreatesAfterACrashAndDeleteThemOnReconcile() throws IOException
    {
        final MitigationEngine crashed = engine(); // outage
        crashed.onIncidentOpened(incident("inc-1", A1, A2));
        crashed.awaitIdle();
        crashed.halt();
        engines.remove(crashed);
        assertEquals(2, countEntries(), "both creates journaled before the crash");

        cloudflare.start();
        final MitigationEngine restarted = engine(); // replays the creates, reconcile queues the deletes

        await("creates and deletes", () -> 2 == cloudflare.created.size() && 2 == cloudflare.deleted.size());
        assertEquals(List.of(A1, A2), cloudflare.created.stream().sorted().toList());
        assertEquals(List.of("r1", "r2"), cloudflare.deleted.stream().sorted().toList());
        assertTrue(cloudflare.rules.isEmpty());
        assertEquals(1, restarted.counters().reconciled());
    }

    @Test
    void shouldDeleteByThePersistedIdAfterARestart() throws IOException
    {
        cloudflare.start();
        final MitigationEngine crashed = engine();
        crashed.onIncidentOpened(incident("inc-1", A1));
        await("the create", () -> 1 == cloudflare.rules.size());
        await("the id recorded", () -> List.of(State.APPLIED).equals(states(crashed, "inc-1")));
        crashed.halt();
        engines.remove(crashed);

        engine(); // reconcile reverts the block from the state file

        await("the delete", () -> cloudflare.rules.isEmpty());
        assertEquals(List.of("r1"), cloudflare.deleted);
        assertEquals(0, cloudflare.count("GET"), "the id was read from " + CloudflareRuleIds.FILE_NAME);
    }

    @Test
    void shouldDeleteTheRulesListedInTheRuleIdFileWhenTheStateFileIsUnreadableAtStart() throws IOException
    {
        cloudflare.start();
        final MitigationEngine crashed = engine();
        crashed.onIncidentOpened(incident("inc-1", A1, A2));
        await("the creates", () -> 2 == cloudflare.rules.size());
        await("the ids recorded", () -> List.of(State.APPLIED).equals(states(crashed, "inc-1")));
        crashed.halt();
        engines.remove(crashed);
        Files.writeString(dir.resolve(MitigationStateFile.FILE_NAME), "{\"mitigations\":[{\"inc");

        final MitigationEngine restarted = engine(); // cannot read the state file: falls back to the rule id file

        await("the deletes", () -> cloudflare.rules.isEmpty());
        assertEquals(List.of("r1", "r2"), cloudflare.deleted.stream().sorted().toList());
        assertEquals(0, cloudflare.count("GET"), "the ids were read from " + CloudflareRuleIds.FILE_NAME);
        assertEquals(1, restarted.counters().failures(), "the unreadable state file");
    }

    @Test
    void shouldKeepRuleIdsAcrossReloadsAndForgetDeletedOnes() throws IOException
    {
        final IpAddress a1 = IpAddress.of(A1);
        final IpAddress a3 = IpAddress.of(A3);
        final CloudflareRuleIds ids = new CloudflareRuleIds(dir);
        ids.put(CloudflareRuleIds.key("inc-1", a1), "abc123");
        ids.put(CloudflareRuleIds.key("inc-1", a3), "def456");
        ids.remove(CloudflareRuleIds.key("inc-1", a1));
        Files.writeString(dir.resolve(CloudflareRuleIds.FILE_NAME), "put\tinc-2 198.18.200.9\t../x\nput\ttorn",
            StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        final CloudflareRuleIds reloaded = new CloudflareRuleIds(dir);

        assertNull(reloaded.idOf(CloudflareRuleIds.key("inc-1", a1)));
        assertEquals("def456", reloaded.idOf(CloudflareRuleIds.key("inc-1", a3)));
        assertEquals(1, reloaded.size(), "ids that are not alphanumeric and torn lines are dropped");
        assertEquals(List.of("put\tinc-1 " + A3 + "\tdef456"),
            Files.readAllLines(dir.resolve(CloudflareRuleIds.FILE_NAME)), "compacted on load");
    }

    @Test
    void shouldReadOnlyTopLevelAlphanumericRuleIds()
    {
        assertEquals(List.of("abc123"), CloudflareDestination.listedRuleIds(
            ("{\"result\":[{\"id\":\"abc123\",\"configuration\":{\"id\":\"x\"}},{\"id\":\"../../zones\"}]," +
            "\"id\":\"top\"}").getBytes(StandardCharsets.UTF_8)));
        assertEquals("r9", CloudflareDestination.createdRuleId(
            "{\"result\":{\"configuration\":{\"id\":\"nested\"},\"id\":\"r9\"}}".getBytes(StandardCharsets.UTF_8)));
        assertNull(CloudflareDestination.createdRuleId(
            "{\"result\":{\"id\":\"r9?x=1\"}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("not json", CloudflareDestination.errorMessage("not json".getBytes(StandardCharsets.UTF_8)));
    }

    private long countEntries()
    {
        return files(dir.resolve(CloudflareDelivery.OUTBOX_DIRECTORY), ".ent");
    }

    private static long files(final Path directory, final String suffix)
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(p -> p.toString().endsWith(suffix)).count();
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
