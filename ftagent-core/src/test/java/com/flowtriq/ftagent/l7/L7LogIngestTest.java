package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class L7LogIngestTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCountNonRequestLinesPerReasonWhenTailingRealHaproxyAndCaddyLogs() throws Exception
    {
        final L7FloodDetector detector = new L7FloodDetector(L7DetectorSettings.defaults(), incident -> { });
        final L7LogIngest haproxy = new L7LogIngest(AccessLogFormat.HAPROXY_HTTP.newParser(), new L7Window(16), detector);
        try (AccessLogTailer tailer = new AccessLogTailer(
            RealDataLogs.log("haproxy_syslog__lnav.log"), AccessLogTailer.DEFAULT_MAX_LINE_BYTES, false, haproxy))
        {
            tailer.poll();
        }
        // 17 lines: 13 HTTP requests, 3 "Proxy ... started." notices, 1 SSL handshake failure.
        assertEquals(13, haproxy.parseCount(ParseStatus.OK));
        assertEquals(4, haproxy.parseCount(ParseStatus.NOT_ACCESS_LOG));
        assertEquals(4, haproxy.malformedLines());

        final L7LogIngest caddy = new L7LogIngest(AccessLogFormat.CADDY_JSON.newParser(), new L7Window(16), detector);
        try (AccessLogTailer tailer = new AccessLogTailer(
            RealDataLogs.log("caddy_json__crowdsec-hub.log"), AccessLogTailer.DEFAULT_MAX_LINE_BYTES, false, caddy))
        {
            tailer.poll();
        }
        assertEquals(16, caddy.parseCount(ParseStatus.OK));
        assertEquals(1, caddy.parseCount(ParseStatus.NOT_ACCESS_LOG));
    }

    @Test
    void shouldOpenIncidentWhenFloodIsAppendedToTailedLog() throws Exception
    {
        final Path log = dir.resolve("access.log");
        final List<L7Incident.Event> events = new ArrayList<>();
        final List<String> topIps = new ArrayList<>();
        final L7FloodDetector detector = new L7FloodDetector(L7DetectorSettings.defaults(), incident ->
        {
            events.add(incident.event());
            topIps.add(incident.topClientIp(0));
        });
        final L7LogIngest ingest = new L7LogIngest(
            AccessLogFormat.APACHE_COMBINED.newParser(), new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), detector);
        Files.createFile(log);
        try (AccessLogTailer tailer = new AccessLogTailer(log, AccessLogTailer.DEFAULT_MAX_LINE_BYTES, true, ingest))
        {
            tailer.poll();
            final StringBuilder text = new StringBuilder();
            // 5 minutes of 10 rps from 50 clients, then 20 s of 300 rps from one IPv6 client, then quiet traffic.
            for (int s = 0; s < 360; s++)
            {
                final String time = String.format("01/Mar/2026:10:%02d:%02d +0000", s / 60, s % 60);
                final int normal = 10;
                for (int i = 0; i < normal; i++)
                {
                    text.append("192.0.2.").append((s * normal + i) % 50).append(" - - [").append(time)
                        .append("] \"GET /p").append(i).append(" HTTP/1.1\" 200 10 \"-\" \"b\"\n");
                }
                if (s >= 300 && s < 320)
                {
                    for (int i = 0; i < 300; i++)
                    {
                        text.append("2001:db8::bad - - [").append(time)
                            .append("] \"GET /?x HTTP/1.1\" 200 10 \"-\" \"flood\"\n");
                    }
                }
                if (s % 30 == 0)
                {
                    Files.writeString(log, text, StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.APPEND);
                    text.setLength(0);
                    tailer.poll();
                }
            }
            Files.writeString(log, text, StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.APPEND);
            tailer.poll();
        }
        ingest.flush();
        assertEquals(L7Incident.Event.OPEN, events.get(0));
        assertEquals("2001:db8::bad", topIps.get(0));
        assertTrue(events.contains(L7Incident.Event.RESOLVE), events.toString());
        assertEquals(0, ingest.malformedLines());
    }

    @Test
    void shouldClassifySlowRequestsFromHaproxyTimersAsSlowRate()
    {
        final L7Window window = new L7Window(16);
        window.reset(1_772_366_405L);
        final AccessLogParser parser = AccessLogFormat.HAPROXY_HTTP.newParser();
        final AccessLogRecord record = new AccessLogRecord();
        for (int i = 0; i < 100; i++)
        {
            // 80 of 100 requests take 30 s in total (Ta), from 100 clients over 10 paths.
            final String line = "198.18.1." + i + ":4000 [01/Mar/2026:12:00:05.000] www~ app/s1 0/0/1/5/" +
                (i < 80 ? "30000" : "12") + " 200 100 - - ---- 1/1/1/1/0 0/0 \"GET /p" + (i % 10) + " HTTP/1.1\"";
            final byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            assertEquals(ParseStatus.OK, parser.parse(buffer, 0, bytes.length, record));
            window.onRequest(buffer, record);
        }
        assertEquals(0.8, window.slowShare(), 1e-9);
        assertEquals(L7Subtype.SLOW_RATE, L7FloodDetector.classify(window, L7DetectorSettings.ERROR_RATE_THRESHOLD_DEFAULT));
        assertEquals(100, window.distinctClients(), 2, "HyperLogLog estimate");
        assertEquals(100, window.requests());
    }
}
