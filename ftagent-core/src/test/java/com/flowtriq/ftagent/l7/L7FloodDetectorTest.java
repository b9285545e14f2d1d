package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import com.fasterxml.jackson.core.JsonFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Detection over generated nginx combined logs: normal traffic, then a flood of one kind, then normal traffic again.
 * The log's timestamps drive the clock, as in replay.
 */
class L7FloodDetectorTest
{
    private static final DateTimeFormatter CLF =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final long START = Instant.parse("2026-03-01T12:00:00Z").getEpochSecond();
    private static final String[] NORMAL_PATHS = new String[40];

    static
    {
        for (int i = 0; i < NORMAL_PATHS.length; i++)
        {
            NORMAL_PATHS[i] = "/page/" + i;
        }
    }

    private enum Flood
    {
        SINGLE_SOURCE, DISTRIBUTED_LOGIN, CACHE_BUSTING, ERRORS
    }

    /** Writes a log: normalSeconds of normal traffic, floodSeconds of flood on top of it, then normal again. */
    private static final class LogGenerator
    {
        final Random random = new Random(7);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void line(final long second, final String ip, final String method, final String target, final int status)
        {
            final String text = ip + " - - [" + CLF.format(Instant.ofEpochSecond(second)) + "] \"" + method + " " +
                target + " HTTP/1.1\" " + status + " " + (status == 200 ? 5120 : 150) + " \"-\" \"Mozilla/5.0 (X11)\"\n";
            out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        }

        void normalSecond(final long second, final int rps)
        {
            for (int i = 0; i < rps; i++)
            {
                final String ip = "198.18." + random.nextInt(4) + "." + random.nextInt(250);
                final String path = NORMAL_PATHS[random.nextInt(NORMAL_PATHS.length)];
                final String target = random.nextInt(5) == 0 ? path + "?sort=price" : path;
                line(second, ip, "GET", target, random.nextInt(50) == 0 ? 404 : 200);
            }
        }

        void floodSecond(final long second, final Flood flood, final int rps)
        {
            for (int i = 0; i < rps; i++)
            {
                switch (flood)
                {
                    case SINGLE_SOURCE -> line(second, "203.0.113.66", "GET", "/", 200);
                    case DISTRIBUTED_LOGIN -> line(second, "198.19." + random.nextInt(20) + "." + random.nextInt(250),
                        "POST", "/login", 200);
                    case CACHE_BUSTING -> line(second, "198.19." + random.nextInt(20) + "." + random.nextInt(250),
                        "GET", NORMAL_PATHS[random.nextInt(3)] + "?r=" + Long.toHexString(random.nextLong()), 200);
                    case ERRORS -> line(second, "198.19." + random.nextInt(20) + "." + random.nextInt(250),
                        "GET", "/wp-" + random.nextInt(100_000) + ".php", random.nextBoolean() ? 404 : 503);
                    default -> throw new IllegalStateException();
                }
            }
        }
    }

    private static List<String> run(final byte[] log, final L7DetectorSettings settings, final List<L7Incident.Event> events,
        final List<L7Subtype> subtypes, final List<String> topIps, final List<String> topPaths)
    {
        final List<String> json = new ArrayList<>();
        final JsonFactory factory = new JsonFactory();
        final L7FloodDetector detector = new L7FloodDetector(settings, incident ->
        {
            events.add(incident.event());
            subtypes.add(incident.subtype());
            topIps.add(incident.topClientCount() > 0 ? incident.topClientIp(0) : "");
            topPaths.add(incident.topPathCount() > 0 ? incident.topPath(0) : "");
            final StringWriter writer = new StringWriter();
            incident.writeJson(factory, writer);
            json.add(writer.toString());
        });
        final L7LogIngest ingest = new L7LogIngest(
            AccessLogFormat.NGINX_COMBINED.newParser(), new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), detector);
        final UnsafeBuffer buffer = new UnsafeBuffer(log);
        int start = 0;
        for (int i = 0; i < log.length; i++)
        {
            if (log[i] == '\n')
            {
                ingest.onLine(buffer, start, i - start);
                start = i + 1;
            }
        }
        ingest.flush();
        assertEquals(0, ingest.malformedLines());
        return json;
    }

    private static byte[] scenario(final Flood flood)
    {
        final LogGenerator generator = new LogGenerator();
        long second = START;
        for (int i = 0; i < 600; i++, second++)
        {
            generator.normalSecond(second, 15 + generator.random.nextInt(10));
        }
        for (int i = 0; i < 60; i++, second++)
        {
            generator.normalSecond(second, 15 + generator.random.nextInt(10));
            generator.floodSecond(second, flood, 400);
        }
        for (int i = 0; i < 120; i++, second++)
        {
            generator.normalSecond(second, 15 + generator.random.nextInt(10));
        }
        return generator.out.toByteArray();
    }

    private static void assertOneIncident(final Flood flood, final L7Subtype expected, final String topIp,
        final String topPath)
    {
        final List<L7Incident.Event> events = new ArrayList<>();
        final List<L7Subtype> subtypes = new ArrayList<>();
        final List<String> topIps = new ArrayList<>();
        final List<String> topPaths = new ArrayList<>();
        final List<String> json = run(scenario(flood), L7DetectorSettings.defaults(), events, subtypes, topIps, topPaths);

        assertEquals(L7Incident.Event.OPEN, events.get(0), events.toString());
        assertEquals(L7Incident.Event.RESOLVE, events.get(events.size() - 1), events.toString());
        assertEquals(1, events.stream().filter(e -> e == L7Incident.Event.OPEN).count());
        assertEquals(expected, subtypes.get(0));
        if (topIp != null)
        {
            assertEquals(topIp, topIps.get(0));
        }
        if (topPath != null)
        {
            assertEquals(topPath, topPaths.get(0));
        }
        assertTrue(json.get(0).contains("\"kind\":\"l7\""), json.get(0));
        assertTrue(json.get(0).contains("\"family\":\"http_flood\""), json.get(0));
        assertTrue(json.get(0).contains("\"subtype\":\"" + expected.schemaName() + "\""), json.get(0));
        // The flood starts at START+600; it must be dated there, not at detection time.
        assertTrue(json.get(0).contains("\"started_at\":\"2026-03-01T12:10:00Z\""), json.get(0));
    }

    @Test
    void shouldOpenSingleSourceIncidentWithFloodingIpOnTop()
    {
        assertOneIncident(Flood.SINGLE_SOURCE, L7Subtype.SINGLE_SOURCE, "203.0.113.66", "/");
    }

    @Test
    void shouldOpenEndpointTargetedIncidentForDistributedLoginFlood()
    {
        assertOneIncident(Flood.DISTRIBUTED_LOGIN, L7Subtype.ENDPOINT_TARGETED, null, "/login");
    }

    @Test
    void shouldOpenCacheBypassIncidentForRandomQueryStrings()
    {
        assertOneIncident(Flood.CACHE_BUSTING, L7Subtype.CACHE_BYPASS, null, null);
    }

    @Test
    void shouldOpenErrorFloodIncidentWhenMostAnswersAreErrors()
    {
        assertOneIncident(Flood.ERRORS, L7Subtype.ERROR_FLOOD, null, null);
    }

    @Test
    void shouldNameTheErrorFloodOnlyAboveTheConfiguredErrorRateThreshold()
    {
        // The flood's seconds are about 95% errors (400 error answers over some 20 normal ones): above the default
        // 0.7 it is an error flood; with l7_error_rate_threshold 0.99 the same surge opens as a distributed flood.
        final L7DetectorSettings defaults = L7DetectorSettings.defaults();
        final L7DetectorSettings strict = new L7DetectorSettings(defaults.thresholdMultiplier(), defaults.minRps(),
            defaults.sensitivity(), defaults.holddownSeconds(), defaults.baselineWindowSeconds() / 60,
            defaults.baselinePercentile(), 0.99);
        final List<L7Incident.Event> events = new ArrayList<>();
        final List<L7Subtype> subtypes = new ArrayList<>();
        run(scenario(Flood.ERRORS), strict, events, subtypes, new ArrayList<>(), new ArrayList<>());

        assertEquals(L7Incident.Event.OPEN, events.get(0), events.toString());
        assertEquals(L7Subtype.DISTRIBUTED, subtypes.get(0));
    }

    @Test
    void shouldNotOpenIncidentForBenignRampNorForNormalTraffic()
    {
        final LogGenerator generator = new LogGenerator();
        long second = START;
        for (int i = 0; i < 600; i++, second++)
        {
            generator.normalSecond(second, 15 + generator.random.nextInt(10));
        }
        // Ramp from 20 to 60 rps over 30 minutes.
        for (int i = 0; i < 1800; i++, second++)
        {
            generator.normalSecond(second, 20 + i * 40 / 1800 + generator.random.nextInt(5));
        }
        final List<L7Incident.Event> events = new ArrayList<>();
        run(generator.out.toByteArray(), L7DetectorSettings.defaults(), events, new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>());
        assertEquals(List.of(), events);

        final List<L7Incident.Event> normalEvents = new ArrayList<>();
        run(normalOnly(), L7DetectorSettings.defaults(), normalEvents, new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>());
        assertEquals(List.of(), normalEvents);
    }

    private static byte[] normalOnly()
    {
        final LogGenerator generator = new LogGenerator();
        for (int i = 0; i < 900; i++)
        {
            generator.normalSecond(START + i, 15 + generator.random.nextInt(10));
        }
        return generator.out.toByteArray();
    }

    @Test
    void shouldResolveAfterHolddownWhenLogGoesSilent()
    {
        final LogGenerator generator = new LogGenerator();
        long second = START;
        for (int i = 0; i < 300; i++, second++)
        {
            generator.normalSecond(second, 20);
        }
        for (int i = 0; i < 10; i++, second++)
        {
            generator.floodSecond(second, Flood.SINGLE_SOURCE, 500);
        }
        // Silence for 5 minutes, then one normal line moves the clock.
        second += 300;
        generator.normalSecond(second, 1);
        final List<L7Incident.Event> events = new ArrayList<>();
        run(generator.out.toByteArray(), L7DetectorSettings.defaults(), events, new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>());
        assertEquals(List.of(L7Incident.Event.OPEN, L7Incident.Event.RESOLVE), events);
    }

    @Test
    void shouldLearnBaselineOnColdStartOfBusyServerInsteadOfOpeningEndlessIncident()
    {
        // 400 rps from the first second, far above l7_min_rps: normal for this server.
        final LogGenerator generator = new LogGenerator();
        for (int i = 0; i < 900; i++)
        {
            generator.normalSecond(START + i, 390 + generator.random.nextInt(20));
        }
        final List<L7Incident.Event> events = new ArrayList<>();
        run(generator.out.toByteArray(), L7DetectorSettings.defaults(), events, new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>());
        assertEquals(List.of(), events);
    }
}
