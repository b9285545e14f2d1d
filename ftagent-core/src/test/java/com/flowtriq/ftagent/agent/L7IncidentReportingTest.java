package com.flowtriq.ftagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.flowtriq.ftagent.l7.AccessLogFormat;
import com.flowtriq.ftagent.l7.AccessLogTailer;
import com.flowtriq.ftagent.l7.L7DetectorSettings;
import com.flowtriq.ftagent.l7.L7FloodDetector;
import com.flowtriq.ftagent.l7.L7LogIngest;
import com.flowtriq.ftagent.l7.L7Window;
import com.flowtriq.ftagent.l7.TrustedProxies;
import com.flowtriq.ftagent.report.IncidentEvent;
import com.flowtriq.ftagent.report.IncidentState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class L7IncidentReportingTest
{
    @TempDir
    Path dir;

    @Test
    void shouldDeliverL7FloodFromGeneratedLogToIncidentSinkAsKindL7HttpFlood() throws Exception
    {
        final Path file = dir.resolve("caddy-access.log");
        Files.writeString(file, floodLog());
        final List<IncidentEvent> events = new ArrayList<>();
        final L7FloodDetector detector = new L7FloodDetector(
            L7DetectorSettings.defaults(), new L7IncidentReporting(events::add));
        final L7LogIngest ingest = new L7LogIngest(
            AccessLogFormat.CADDY_JSON.newParser(TrustedProxies.NONE),
            new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), detector);
        try (AccessLogTailer tailer = new AccessLogTailer(file, 16384, false, ingest))
        {
            while (tailer.poll() > 0)
            {
                // Read to the end.
            }
        }
        ingest.flush();

        assertTrue(events.size() >= 2, events.toString());
        final IncidentEvent open = events.get(0);
        final IncidentEvent resolve = events.get(events.size() - 1);
        assertEquals(IncidentState.OPEN, open.state());
        assertEquals(IncidentState.RESOLVE, resolve.state());
        assertEquals("l7", open.kind());
        assertEquals("http_flood", open.family());
        assertEquals("endpoint_targeted", open.subtype());
        assertEquals(open.incidentId(), resolve.incidentId());
        assertNull(open.endedAt());
        assertNotNull(resolve.endedAt());
        assertTrue(open.peakPps() > open.thresholdPps(), open.toString());
        assertFalse(open.topSrcIps().isEmpty());
        assertTrue(open.topSrcIps().get(0).key().startsWith("198.18.9."), open.topSrcIps().toString());
        final String json = new String(open.schemaJson(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"kind\":\"l7\""), json);
        assertTrue(json.contains("\"path\":\"/xmlrpc.php\""), json);
        assertTrue(json.contains("\"rps\":"), json);
    }

    private static String floodLog()
    {
        final StringBuilder log = new StringBuilder();
        final long start = 1_772_366_400L;
        for (int s = 0; s < 400; s++)
        {
            final boolean flood = s >= 300 && s < 330;
            final int rps = flood ? 600 : 8;
            for (int i = 0; i < rps; i++)
            {
                final String ip = flood ? "198.18.9." + (i % 200) : "198.18.0." + (i + s) % 30;
                final String uri = flood ? "/xmlrpc.php" : "/page/" + (i % 7);
                log.append("{\"level\":\"info\",\"ts\":").append(start + s).append(".25,\"logger\":\"http.log.access\",")
                    .append("\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"").append(ip)
                    .append("\",\"method\":\"POST\",\"uri\":\"").append(uri)
                    .append("\",\"headers\":{\"User-Agent\":[\"x\"]}},\"duration\":0.01,\"size\":5,\"status\":200}\n");
            }
        }
        return log.toString();
    }

    @Test
    void shouldKeepDeliveringToLaterListenersWhenAnEarlierOneThrows() throws Exception
    {
        final Path file = dir.resolve("caddy-access.log");
        Files.writeString(file, floodLog());
        final List<IncidentEvent> events = new ArrayList<>();
        final L7FloodDetector detector = new L7FloodDetector(L7DetectorSettings.defaults(), L7Runtime.fanOut(
            incident ->
            {
                throw new IllegalStateException("broken listener");
            },
            List.of(new L7IncidentReporting(events::add))));
        final L7LogIngest ingest = new L7LogIngest(
            AccessLogFormat.CADDY_JSON.newParser(TrustedProxies.NONE),
            new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), detector);
        try (AccessLogTailer tailer = new AccessLogTailer(file, 16384, false, ingest))
        {
            while (tailer.poll() > 0)
            {
                // Read to the end.
            }
        }
        ingest.flush();

        assertFalse(events.isEmpty());
        assertEquals(IncidentState.OPEN, events.get(0).state());
    }
}
