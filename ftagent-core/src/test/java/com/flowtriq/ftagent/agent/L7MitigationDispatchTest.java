package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.incident.MitigationEntry;
import com.flowtriq.ftagent.l7.AccessLogFormat;
import com.flowtriq.ftagent.l7.L7DetectorSettings;
import com.flowtriq.ftagent.l7.L7FloodDetector;
import com.flowtriq.ftagent.l7.L7Incident;
import com.flowtriq.ftagent.l7.L7IncidentListener;
import com.flowtriq.ftagent.l7.L7LogIngest;
import com.flowtriq.ftagent.l7.L7Window;
import com.flowtriq.ftagent.l7.TrustedProxies;
import com.flowtriq.ftagent.mitigate.Cidr;
import com.flowtriq.ftagent.mitigate.IpAddress;
import com.flowtriq.ftagent.mitigate.MitigationEngine;
import com.flowtriq.ftagent.mitigate.MitigationPolicy;
import com.flowtriq.ftagent.mitigate.MitigationStateFile;
import com.flowtriq.ftagent.mitigate.NftDropSources;
import com.flowtriq.ftagent.mitigate.RuleSpec;
import com.flowtriq.ftagent.mitigate.RuleTarget;
import com.flowtriq.ftagent.mitigate.Safelist;
import com.flowtriq.ftagent.report.IncidentEvent;
import com.flowtriq.ftagent.report.IncidentState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static com.flowtriq.ftagent.agent.L7FloodLines.START_SECOND;
import static com.flowtriq.ftagent.agent.L7FloodLines.feed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * L7 incidents from generated nginx logs drive the mitigation rules: the detector's open and resolve reach the
 * engine through {@link L7MitigationDispatch}, and a fake nft records the argv and scripts that would have run.
 */
class L7MitigationDispatchTest
{
    private static final String SINGLE_ATTACKER = "2001:db8:bad::66";

    @TempDir
    Path dir;

    RecordingNft nft;
    MitigationEngine engine;

    @BeforeEach
    void setUp() throws Exception
    {
        nft = new RecordingNft(dir);
    }

    @AfterEach
    void tearDown()
    {
        if (null != engine)
        {
            engine.close();
        }
    }

    @Test
    void shouldBlockSingleSourceIpv6ClientAndRevertOnResolve() throws Exception
    {
        final RuleSpec rule = new RuleSpec(List.of("http_flood"), List.of("single_source"), 100, 0,
            NftDropSources.ACTION, RuleTarget.TOP_SOURCES, 10, 0);
        startEngine(rule);
        final List<L7Incident.Event> events = new ArrayList<>();
        final List<String> subtypes = new ArrayList<>();

        replay(second -> singleSourceFlood(second), events, subtypes);
        engine.awaitIdle();

        assertEquals(List.of(L7Incident.Event.OPEN, L7Incident.Event.RESOLVE), onlyOpenAndResolve(events));
        assertEquals("single_source", subtypes.get(0));
        final String text = recorded();
        final String add = RecordingNft.element("add", SINGLE_ATTACKER);
        final String delete = RecordingNft.element("delete", SINGLE_ATTACKER);
        assertTrue(text.contains("ARGV [-f] [-]"), text);
        assertTrue(text.contains(add), text);
        assertTrue(text.contains(delete), text);
        assertTrue(text.indexOf(delete) > text.indexOf(add), "revert after block: " + text);
        assertFalse(text.contains("element inet ftagent blocked4"),
            "visitors with one request are not offered: " + text);
        assertEquals(1, engine.counters().applied());
        assertEquals(1, engine.counters().reverted());
        assertTrue(engine.activeBlocks().isEmpty());
    }

    @Test
    void shouldBlockTopClientsOfDistributedFloodButNotSafelistedClient() throws Exception
    {
        final RuleSpec rule = new RuleSpec(List.of("http_flood"), List.of("distributed"), 0, 0,
            NftDropSources.ACTION, RuleTarget.TOP_SOURCES, 3, 0);
        startEngine(rule, "198.18.9.2/32");
        final List<L7Incident.Event> events = new ArrayList<>();
        final List<String> subtypes = new ArrayList<>();

        replay(second -> distributedFlood(second), events, subtypes);
        engine.awaitIdle();

        assertEquals("distributed", subtypes.get(0));
        final String text = recorded();
        assertTrue(text.contains(RecordingNft.element("add", "198.18.9.1")), text);
        assertTrue(text.contains(RecordingNft.element("add", "2001:db8:9::1")), text);
        assertFalse(text.contains("198.18.9.2 "), "safelisted: " + text);
        assertEquals(1, engine.counters().safelistedSources());
        assertTrue(text.contains(RecordingNft.element("delete", "198.18.9.1")), text);
        assertTrue(text.contains(RecordingNft.element("delete", "2001:db8:9::1")), text);
        assertTrue(engine.activeBlocks().isEmpty());
    }

    @Test
    void shouldCompareMinPpsAgainstRequestsPerSecondOfL7Incident() throws Exception
    {
        // the flood peaks at 600 requests/s: a rule asking for 601 must not match, one asking for 600 must
        final RuleSpec tooHigh = new RuleSpec(List.of("http_flood"), List.of(), 601, 0,
            NftDropSources.ACTION, RuleTarget.TOP_SOURCES, 10, 0);
        startEngine(tooHigh);

        replay(second -> singleSourceFlood(second), new ArrayList<>(), new ArrayList<>());
        engine.awaitIdle();
        assertFalse(recorded().contains("element"), recorded());
        engine.close();

        nft.clear();
        final RuleSpec exact = new RuleSpec(List.of("http_flood"), List.of(), 600, 0,
            NftDropSources.ACTION, RuleTarget.TOP_SOURCES, 10, 0);
        startEngine(exact);
        replay(second -> singleSourceFlood(second), new ArrayList<>(), new ArrayList<>());
        engine.awaitIdle();
        assertTrue(recorded().contains(RecordingNft.element("add", SINGLE_ATTACKER)), recorded());
    }

    @Test
    void shouldIgnoreRulesForOtherFamilies() throws Exception
    {
        startEngine(new RuleSpec(List.of("tcp_flood"), List.of(), 0, 0, NftDropSources.ACTION,
            RuleTarget.TOP_SOURCES, 10, 0));

        replay(second -> singleSourceFlood(second), new ArrayList<>(), new ArrayList<>());
        engine.awaitIdle();

        assertFalse(recorded().contains("element"), recorded());
        assertEquals(0, engine.counters().applied());
    }

    @Test
    void shouldMitigateFloodsOfTwoLogsOpeningInTheSameSecondAsTwoIncidents() throws Exception
    {
        startEngine(new RuleSpec(List.of("http_flood"), List.of(), 0, 0, NftDropSources.ACTION,
            RuleTarget.TOP_SOURCES, 1, 0));
        final List<String> ids = new ArrayList<>();
        final L7IncidentListener listener = L7Runtime.fanOut(incident ->
        {
            if (L7Incident.Event.OPEN == incident.event())
            {
                ids.add(incident.incidentId());
            }
        }, List.of(AgentRuntime.l7MitigationListener(engine)));
        // as L7Runtime builds them for two logs
        final L7LogIngest first = ingest(new L7FloodDetector(L7DetectorSettings.defaults(), listener, 1, 2));
        final L7LogIngest second = ingest(new L7FloodDetector(L7DetectorSettings.defaults(), listener, 2, 2));

        for (int s = 0; s < 400; s++)
        {
            feed(first, s, singleSourceFlood(s));
            feed(second, s, distributedFlood(s));
        }
        first.flush();
        second.flush();
        engine.awaitIdle();

        assertEquals(2, ids.size(), ids.toString());
        assertFalse(ids.get(0).equals(ids.get(1)), "same start second, distinct ids: " + ids);
        assertEquals(2, engine.counters().applied());
        assertEquals(2, engine.counters().reverted());
        final String text = recorded();
        assertTrue(text.contains(RecordingNft.element("add", SINGLE_ATTACKER)), text);
        assertTrue(text.contains(RecordingNft.element("add", "198.18.9.1")) ||
            text.contains(RecordingNft.element("add", "198.18.9.2")) ||
            text.contains(RecordingNft.element("add", "2001:db8:9::1")), "the distributed flood's top client: " + text);
    }

    @Test
    void shouldCarryMitigationSectionOnL7EventsAndShowRevertingOnResolve() throws Exception
    {
        startEngine(new RuleSpec(List.of("http_flood"), List.of("single_source"), 100, 0,
            NftDropSources.ACTION, RuleTarget.TOP_SOURCES, 10, 0));
        final List<IncidentEvent> reported = new ArrayList<>();
        // as run wires them: mitigation first, then reporting; the middle one only lets the worker catch up after
        // the open, so the updates that follow see the applied block without any timing
        final L7FloodDetector detector = new L7FloodDetector(L7DetectorSettings.defaults(), L7Runtime.fanOut(
            L7Runtime.logging(),
            List.of(AgentRuntime.l7MitigationListener(engine),
                incident ->
                {
                    if (L7Incident.Event.OPEN == incident.event())
                    {
                        engine.awaitIdle();
                    }
                },
                new L7IncidentReporting(reported::add))));
        final L7LogIngest ingest = ingest(detector);
        for (int s = 0; s < 400; s++)
        {
            feed(ingest, s, singleSourceFlood(s));
        }
        ingest.flush();
        engine.awaitIdle();

        final IncidentEvent open = reported.get(0);
        final IncidentEvent update = reported.get(1);
        final IncidentEvent resolve = reported.get(reported.size() - 1);
        assertEquals(IncidentState.OPEN, open.state());
        assertTrue(open.mitigation().isEmpty(), "the block is queued, not applied yet: " + open.mitigation());
        assertEquals(IncidentState.UPDATE, update.state());
        assertEquals(1, update.mitigation().size(), update.mitigation().toString());
        assertEquals(MitigationEntry.State.APPLIED, update.mitigation().get(0).state());
        final String target = IpAddress.of(SINGLE_ATTACKER).text();
        assertEquals(List.of(target), update.mitigation().get(0).targets());
        assertTrue(schemaJson(update).contains("\"mitigation\":{\"actions\":[{\"action\":\"nft_drop_sources\"," +
            "\"state\":\"applied\",\"targets\":[\"" + target + "\"],\"target_count\":1,\"detail\":null,"),
            schemaJson(update));

        assertEquals(IncidentState.RESOLVE, resolve.state());
        assertEquals(1, resolve.mitigation().size(), resolve.mitigation().toString());
        assertEquals(MitigationEntry.State.REVERTING, resolve.mitigation().get(0).state(),
            "the revert runs after the resolve event: it says what will happen");
        assertTrue(schemaJson(resolve).contains("\"state\":\"reverting\""), schemaJson(resolve));
        assertTrue(recorded().contains(RecordingNft.element("delete", SINGLE_ATTACKER)), recorded());
        assertTrue(engine.mitigationOf(resolve.incidentId()).isEmpty(), "forgotten after the revert");
    }

    @Test
    void shouldNameTheSubtypeInTheOperatorLogByItsSchemaNameAsEventsDo()
    {
        final List<String> lines = new ArrayList<>();
        final Logger log = Logger.getLogger(L7Runtime.class.getName());
        final Handler handler = new Handler()
        {
            public void publish(final LogRecord record)
            {
                lines.add(record.getMessage());
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
            final L7LogIngest ingest = ingest(new L7FloodDetector(L7DetectorSettings.defaults(), L7Runtime.logging()));
            for (int s = 0; s < 400; s++)
            {
                feed(ingest, s, singleSourceFlood(s));
            }
            ingest.flush();
        }
        finally
        {
            log.removeHandler(handler);
        }

        final List<String> opens = lines.stream().filter(line -> line.contains(" open: ")).toList();
        assertEquals(1, opens.size(), lines.toString());
        assertTrue(opens.get(0).contains(": http_flood/single_source, peak "), opens.get(0));
        assertFalse(lines.stream().anyMatch(line -> line.contains("SINGLE_SOURCE")), lines.toString());
    }

    private static String schemaJson(final IncidentEvent event)
    {
        return new String(event.schemaJson(), StandardCharsets.UTF_8);
    }

    private void startEngine(final RuleSpec rule, final String... safelisted)
    {
        final List<Cidr> safelist = new ArrayList<>();
        for (final String cidr : safelisted)
        {
            safelist.add(Cidr.of(cidr));
        }
        engine = new MitigationEngine(
            new MitigationPolicy(true, false, 1000, List.of(rule)),
            new Safelist(safelist),
            List.of(nft.backend()),
            new MitigationStateFile(dir.resolve("state")),
            System::currentTimeMillis);
        engine.start();
    }

    /**
     * Runs 400 seconds of log through the L7 pipeline, the detector calling the operator-log stand-in (events and
     * subtypes) and then the mitigation dispatch, as {@code run} wires them.
     */
    private void replay(
        final IntFunction<List<String>> clientsOfSecond, final List<L7Incident.Event> events,
        final List<String> subtypes)
    {
        final L7FloodDetector detector = new L7FloodDetector(L7DetectorSettings.defaults(), L7Runtime.fanOut(
            incident ->
            {
                events.add(incident.event());
                subtypes.add(incident.subtype().schemaName());
            },
            List.of(AgentRuntime.l7MitigationListener(engine))));
        final L7LogIngest ingest = ingest(detector);
        for (int s = 0; s < 400; s++)
        {
            feed(ingest, s, clientsOfSecond.apply(s));
        }
        ingest.flush();
    }

    private static L7LogIngest ingest(final L7FloodDetector detector)
    {
        return new L7LogIngest(AccessLogFormat.NGINX_COMBINED.newParser(TrustedProxies.NONE),
            new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), detector);
    }


    /** 8 requests/s from 30 visitors (IPv4 and IPv6, one request each), then 30 s of 600 rps, 592 from one IPv6. */
    private static List<String> singleSourceFlood(final int second)
    {
        final List<String> clients = visitors(second);
        if (second >= 300 && second < 330)
        {
            while (clients.size() < 600)
            {
                clients.add(SINGLE_ATTACKER);
            }
        }
        return clients;
    }

    /**
     * Visitors, then 30 s of 600 rps: three clients at 40 requests/s each (198.18.9.1, 2001:db8:9::1 and the
     * safelisted 198.18.9.2) among 160 at 3 requests/s, interleaved, so no client and no path dominates.
     */
    private static List<String> distributedFlood(final int second)
    {
        final List<String> clients = visitors(second);
        if (second >= 300 && second < 330)
        {
            final List<String> heavy = List.of("198.18.9.1", "2001:db8:9::1", "198.18.9.2");
            for (int round = 0; round < 40; round++)
            {
                clients.addAll(heavy);
                for (int k = 0; k < 12; k++)
                {
                    final int light = (round * 12 + k) % 160;
                    clients.add(light < 80 ? "198.18.10." + (light + 1) : "2001:db8:10::" + Integer.toHexString(light));
                }
            }
        }
        return clients;
    }

    private static List<String> visitors(final int second)
    {
        final List<String> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++)
        {
            final int visitor = (i + second * 8) % 30;
            clients.add(visitor < 15 ? "198.18.0." + (visitor + 1) : "2001:db8:1::" + Integer.toHexString(visitor));
        }
        return clients;
    }

    private static List<L7Incident.Event> onlyOpenAndResolve(final List<L7Incident.Event> events)
    {
        final List<L7Incident.Event> kept = new ArrayList<>();
        for (final L7Incident.Event event : events)
        {
            if (L7Incident.Event.UPDATE != event)
            {
                kept.add(event);
            }
        }
        return kept;
    }

    private String recorded() throws Exception
    {
        return nft.recorded();
    }
}
