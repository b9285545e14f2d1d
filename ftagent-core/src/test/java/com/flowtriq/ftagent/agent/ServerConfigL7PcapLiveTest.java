package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ConfigKeys;
import com.flowtriq.ftagent.config.ConfigValues;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.l7.AccessLogFormat;
import com.flowtriq.ftagent.l7.L7FloodDetector;
import com.flowtriq.ftagent.l7.L7Incident;
import com.flowtriq.ftagent.l7.L7LogIngest;
import com.flowtriq.ftagent.l7.L7SettingsHandOff;
import com.flowtriq.ftagent.l7.L7Window;
import com.flowtriq.ftagent.pcap.PcapCaptureConfiguration;
import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFrameTap;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-pushed {@code l7} keys reach a running L7 detector between windows (its baseline kept), {@code l7.enabled}
 * pauses and resumes it, {@code pcap_enabled} decides whether an incident opening later is captured, and bad values
 * are refused and logged while the others apply (issue #7).
 */
class ServerConfigL7PcapLiveTest
{
    private static final DateTimeFormatter CLF =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final long START = Instant.parse("2026-03-01T12:00:00Z").getEpochSecond();
    private static final long STARTED_AT_MILLIS = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final Random random = new Random(7);
    private final List<L7Incident.Event> l7Events = new ArrayList<>();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler()
    {
        @Override
        public void publish(final LogRecord record)
        {
            logLines.add(record.getMessage());
        }

        @Override
        public void flush()
        {
        }

        @Override
        public void close()
        {
        }
    };
    private final Logger applierLogger = Logger.getLogger(ServerConfigApplier.class.getName());
    private long second = START;
    private PcapFrameTap tap;

    @BeforeEach
    void captureLog()
    {
        applierLogger.addHandler(logCapture);
    }

    @AfterEach
    void releaseLog()
    {
        applierLogger.removeHandler(logCapture);
        if (tap != null)
        {
            tap.close();
        }
    }

    private AgentConfig file()
    {
        return AgentConfig.of(ConfigValues.builder().set(ConfigKeys.STATE_DIR, dir.toString()).build());
    }

    private static byte[] json(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A detector as {@link L7Runtime} builds it, taking offers from the returned hand-off. */
    private L7LogIngest l7(final AgentConfig file, final L7SettingsHandOff handOff)
    {
        final L7FloodDetector detector = new L7FloodDetector(L7Runtime.detectorSettings(file.l7()),
            incident -> l7Events.add(incident.event()), 1, 1, handOff);
        return new L7LogIngest(AccessLogFormat.NGINX_COMBINED.newParser(),
            new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), detector);
    }

    private static L7SettingsHandOff handOff(final AgentConfig file)
    {
        return new L7SettingsHandOff(new L7SettingsHandOff.Offer(L7Runtime.detectorSettings(file.l7()), true));
    }

    private static void line(final L7LogIngest ingest, final long second, final String ip, final String target)
    {
        final byte[] text = (ip + " - - [" + CLF.format(Instant.ofEpochSecond(second)) + "] \"GET " + target +
            " HTTP/1.1\" 200 5120 \"-\" \"Mozilla/5.0 (X11)\"").getBytes(StandardCharsets.US_ASCII);
        ingest.onLine(new UnsafeBuffer(text), 0, text.length);
    }

    /** Seconds of ordinary traffic, 15..24 requests per second from many clients and pages. */
    private void normal(final L7LogIngest ingest, final int seconds)
    {
        for (int s = 0; s < seconds; s++, second++)
        {
            final int rps = 15 + random.nextInt(10);
            for (int i = 0; i < rps; i++)
            {
                line(ingest, second, "198.18." + random.nextInt(4) + "." + random.nextInt(250),
                    "/page/" + random.nextInt(40));
            }
        }
    }

    /** Seconds of a single-source flood of 400 requests per second on top of ordinary traffic. */
    private void flood(final L7LogIngest ingest, final int seconds)
    {
        for (int s = 0; s < seconds; s++, second++)
        {
            for (int i = 0; i < 400; i++)
            {
                line(ingest, second, "203.0.113.66", "/");
            }
            for (int i = 0; i < 20; i++)
            {
                line(ingest, second, "198.18." + random.nextInt(4) + "." + random.nextInt(250),
                    "/page/" + random.nextInt(40));
            }
        }
    }

    @Test
    void shouldApplyPushedL7RpsThresholdAndSensitivityToRunningDetectorKeepingItsBaseline()
    {
        final AgentConfig file = file();
        final L7SettingsHandOff handOff = handOff(file);
        final ServerConfigApplier applier = new ServerConfigApplier(file);
        applier.attachLive(handOff, null);
        final L7LogIngest ingest = l7(file, handOff);
        normal(ingest, 300);
        final L7FloodDetector detector = ingest.detector();
        final long baselineBefore = detector.baselineRps();
        final int samplesBefore = detector.baselineSamples();
        assertEquals(100, detector.lastThreshold(), "the file's l7_min_rps floor");

        final List<String> changes =
            applier.apply(json("{\"l7\": {\"rps_threshold\": 1000, \"sensitivity\": \"high\"}}"));
        normal(ingest, 2);

        assertEquals(List.of("l7_min_rps: 100 -> 1000", "l7_sensitivity: \"medium\" -> \"high\""), changes);
        assertEquals(1000, detector.lastThreshold());
        assertEquals(1000, detector.settings().minRps());
        assertEquals("high", detector.settings().sensitivity().configName());
        assertEquals(samplesBefore + 2, detector.baselineSamples(), "the learned baseline is kept and still fed");
        assertEquals(baselineBefore, detector.baselineRps());
        assertTrue(logLines.contains("server config applied: l7_min_rps: 100 -> 1000"), logLines.toString());

        flood(ingest, 10); // few enough seconds that, learned as normal, they leave the 95th percentile alone
        assertFalse(l7Events.contains(L7Incident.Event.OPEN), "420 rps stays under the pushed 1000: " + l7Events);
        assertTrue(applier.apply(json("{}")).contains("l7_min_rps: 1000 -> 100"));
        normal(ingest, 1);
        flood(ingest, 10);
        assertEquals(L7Incident.Event.OPEN, l7Events.get(0), "back on the file's floor the flood opens");
    }

    @Test
    void shouldPauseL7DetectionWhenDisabledResolvingTheOpenIncidentAndResumeWhenEnabled()
    {
        final AgentConfig file = file();
        final L7SettingsHandOff handOff = handOff(file);
        final ServerConfigApplier applier = new ServerConfigApplier(file);
        applier.attachLive(handOff, null);
        final L7LogIngest ingest = l7(file, handOff);
        normal(ingest, 120);
        flood(ingest, 10);
        assertEquals(List.of(L7Incident.Event.OPEN), l7Events.subList(0, 1));

        assertEquals(List.of("l7_enabled: true -> false"), applier.apply(json("{\"l7\": {\"enabled\": false}}")));
        flood(ingest, 40);
        assertFalse(ingest.detector().enabled());
        assertFalse(ingest.detector().isOpen(), "the open incident resolved after its holddown: " + l7Events);
        assertEquals(L7Incident.Event.RESOLVE, l7Events.get(l7Events.size() - 1));
        assertEquals(1, l7Events.stream().filter(e -> e == L7Incident.Event.OPEN).count(),
            "no incident opens while paused, though the flood goes on");

        assertEquals(List.of("l7_enabled: false -> true"), applier.apply(json("{\"l7\": {\"enabled\": true}}")));
        flood(ingest, 10);
        assertTrue(ingest.detector().enabled());
        assertEquals(2, l7Events.stream().filter(e -> e == L7Incident.Event.OPEN).count(), l7Events.toString());
    }

    @Test
    void shouldRefuseBadL7AndPcapValuesNamingKeyValueAndExpectedWhileOtherKeysApply()
    {
        final AgentConfig file = file();
        final L7SettingsHandOff handOff = handOff(file);
        final ServerConfigApplier applier = new ServerConfigApplier(file);
        final IncidentPcapSwitch pcapSwitch = new IncidentPcapSwitch();
        applier.attachLive(handOff, pcapSwitch);

        final List<String> changes = applier.apply(json("{\"pcap_enabled\": \"yes\", \"pps_threshold\": 9000, " +
            "\"l7\": {\"rps_threshold\": 0, \"sensitivity\": \"extreme\", \"enabled\": false}}"));

        assertEquals(List.of("pps_threshold: 0 -> 9000", "l7_enabled: true -> false"), changes);
        assertEquals(3, applier.refusedValues());
        assertTrue(pcapSwitch.enabled());
        assertFalse(handOff.offered().enabled());
        assertEquals(100, handOff.offered().settings().minRps());
        assertRefusalLogged("l7.rps_threshold", "0");
        assertRefusalLogged("l7.sensitivity", "extreme");
        assertRefusalLogged("pcap_enabled", "yes");
    }

    private void assertRefusalLogged(final String key, final String value)
    {
        assertTrue(logLines.stream().anyMatch(l -> l.startsWith("server config value refused") && l.contains(key) &&
            l.contains(value) && l.contains("expected")), key + " in " + logLines);
    }

    @Test
    void shouldKeepL7KeysForRestartWhenL7DidNotStartAndRevertValuesPushedBeforeStart()
    {
        final AgentConfig file = file();
        final ServerConfigApplier applier = new ServerConfigApplier(file);
        assertEquals(List.of("l7_min_rps: 100 -> 500"), applier.apply(json("{\"l7\": {\"rps_threshold\": 500}}")));

        applier.attachLive(null, null);

        assertEquals(100, applier.inForce().l7().minRps());
        assertTrue(logLines.stream().anyMatch(l -> l.contains("l7_min_rps = 500") && l.contains("restart")),
            logLines.toString());
        assertEquals(List.of(), applier.apply(json("{\"l7\": {\"rps_threshold\": 500}}")));
    }

    @Test
    void shouldStartNoCaptureForIncidentsOpenedWhilePcapIsOffAndCaptureAgainWhenOn() throws IOException
    {
        final AgentConfig file = file();
        final ServerConfigApplier applier = new ServerConfigApplier(file);
        final IncidentPcapSwitch pcapSwitch = new IncidentPcapSwitch();
        applier.attachLive(null, pcapSwitch);
        final Path pcaps = dir.resolve("pcaps");
        final PcapIncidentRecorder recorder = new PcapIncidentRecorder(
            PcapCaptureConfiguration.defaults(pcaps, PcapFileDescriptor.LINKTYPE_ETHERNET),
            () -> TimeUnit.MILLISECONDS.toNanos(STARTED_AT_MILLIS), result -> { });
        tap = recorder.newTap();
        final List<String> json = new ArrayList<>();
        final IncidentDispatch dispatch =
            new IncidentDispatch(recorder, false, pcapSwitch, List.of(e -> json.add(IncidentJson.toJson(e))));

        assertEquals(List.of("pcap_enabled: true -> false"), applier.apply(json("{\"pcap_enabled\": false}")));
        dispatch.onIncidentEvent(event("l3l4-off", IncidentEvent.Type.OPEN));
        recorder.doWork();
        dispatch.onIncidentEvent(event("l3l4-off", IncidentEvent.Type.RESOLVE));
        recorder.doWork();

        assertFalse(pcapSwitch.enabled());
        assertFalse(json.get(1).contains("pcap_file"), json.get(1));
        assertEquals(0, files(pcaps), "no capture file for the incident opened while off");

        assertEquals(List.of("pcap_enabled: false -> true"), applier.apply(json("{\"pcap_enabled\": true}")));
        dispatch.onIncidentEvent(event("l3l4-on", IncidentEvent.Type.OPEN));
        recorder.doWork();
        dispatch.onIncidentEvent(event("l3l4-on", IncidentEvent.Type.RESOLVE));
        recorder.doWork();

        assertTrue(json.get(3).contains("\"pcap_file\""), json.get(3));
        assertTrue(json.get(3).contains("l3l4-on"), json.get(3));
        assertEquals(1, files(pcaps));
        assertNull(logLines.stream().filter(l -> l.contains("not applied while running")).findFirst().orElse(null));
    }

    private static long files(final Path directory) throws IOException
    {
        if (!Files.isDirectory(directory))
        {
            return 0;
        }
        try (Stream<Path> list = Files.list(directory))
        {
            return list.filter(p -> p.toString().endsWith(".pcap")).count();
        }
    }

    private static IncidentEvent event(final String id, final IncidentEvent.Type type)
    {
        final IncidentEvent event = new IncidentEvent().incidentId(id).type(type).family("udp_flood")
            .subtype("generic").startedAtMillis(STARTED_AT_MILLIS).tsMillis(STARTED_AT_MILLIS + 5000);
        if (type == IncidentEvent.Type.RESOLVE)
        {
            event.resolveReason("below_threshold").endedAtMillis(STARTED_AT_MILLIS + 5000);
        }
        return event;
    }
}
