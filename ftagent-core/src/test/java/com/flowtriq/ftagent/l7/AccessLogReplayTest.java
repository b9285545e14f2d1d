package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogReplayTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReplayRealApacheLogWithoutIncidentAndDetectItsFormat() throws Exception
    {
        final StringWriter out = new StringWriter();
        final AccessLogReplay.Summary summary = AccessLogReplay.replay(
            RealDataLogs.log("apache_combined__elastic-examples_first1000.log"), null, L7DetectorSettings.defaults(),
            TrustedProxies.NONE, AccessLogTailer.DEFAULT_MAX_LINE_BYTES, out);
        assertEquals(AccessLogFormat.APACHE_COMBINED, summary.format());
        assertEquals(1000, summary.requests());
        assertEquals(0, summary.malformedLines());
        assertEquals(0, summary.incidentsOpened());
        assertEquals("", out.toString());
    }

    @Test
    void shouldWriteOneJsonLinePerIncidentEventForFloodInGeneratedCaddyLog() throws Exception
    {
        final StringBuilder log = new StringBuilder();
        final long start = 1_772_366_400L;
        for (int s = 0; s < 400; s++)
        {
            final int rps = s >= 300 && s < 330 ? 600 : 8;
            for (int i = 0; i < rps; i++)
            {
                final String ip = s >= 300 && s < 330 ? "198.18.9." + (i % 200) : "198.18.0." + (i + s) % 30;
                final String uri = s >= 300 && s < 330 ? "/xmlrpc.php" : "/page/" + (i % 7);
                log.append("{\"level\":\"info\",\"ts\":").append(start + s).append(".25,\"logger\":\"http.log.access\",")
                    .append("\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"").append(ip)
                    .append("\",\"method\":\"POST\",\"uri\":\"").append(uri)
                    .append("\",\"headers\":{\"User-Agent\":[\"x\"]}},\"duration\":0.01,\"size\":5,\"status\":200}\n");
            }
        }
        log.append("not json at all\n");
        final Path file = dir.resolve("caddy-access.log");
        Files.writeString(file, log);
        final StringWriter out = new StringWriter();
        final AccessLogReplay.Summary summary = AccessLogReplay.replay(
            file, null, L7DetectorSettings.defaults(), TrustedProxies.NONE, 16384, out);

        assertEquals(AccessLogFormat.CADDY_JSON, summary.format());
        assertEquals(1, summary.malformedLines());
        assertEquals(1, summary.incidentsOpened());
        final String[] lines = out.toString().split("\n");
        assertTrue(lines.length >= 2, out.toString());
        final JsonFactory factory = new JsonFactory();
        for (final String line : lines)
        {
            try (JsonParser parser = factory.createParser(line))
            {
                assertEquals(JsonToken.START_OBJECT, parser.nextToken());
                while (parser.nextToken() != null)
                {
                    // Each line is one well-formed object.
                }
            }
        }
        assertTrue(lines[0].contains("\"event\":\"open\""), lines[0]);
        assertTrue(lines[0].contains("\"subtype\":\"endpoint_targeted\""), lines[0]);
        assertTrue(lines[0].contains("\"path\":\"/xmlrpc.php\""), lines[0]);
        assertTrue(lines[lines.length - 1].contains("\"event\":\"resolve\""), lines[lines.length - 1]);
    }

    @Test
    void shouldRefuseUndetectableLog() throws Exception
    {
        final Path file = dir.resolve("error.log");
        Files.copy(RealDataLogs.log("nginx_error_limit_req__crowdsec-hub.log"), file);
        assertThrows(IllegalArgumentException.class, () -> AccessLogReplay.replay(
            file, null, L7DetectorSettings.defaults(), TrustedProxies.NONE, 16384, new StringWriter()));
    }
}
