package com.flowtriq.ftagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayAccessLogCommandTest
{
    @TempDir
    Path directory;

    @Test
    void shouldReplayRealApacheLogWithoutIncidentAndSummariseOnStderr()
    {
        final CommandRun result = CommandRun.of(
            "replay", "--access-log", realLog("apache_combined__elastic-examples_first1000.log").toString());
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("", result.out().strip());
        assertTrue(result.err().contains("(apache_combined): 1,000 requests, 0 malformed lines"), result.err());
        assertTrue(result.err().contains("0 L7 incidents"), result.err());
    }

    @Test
    void shouldPrintJsonLinePerL7EventForGeneratedFloodWithForcedFormat() throws Exception
    {
        final Path file = directory.resolve("access.log");
        Files.writeString(file, caddyFlood());
        final CommandRun result = CommandRun.of(
            "replay", "--access-log", file.toString(), "--log-format", "caddy_json");
        assertEquals(0, result.exitCode(), result.err());
        final String[] lines = result.out().strip().split("\n");
        assertTrue(lines.length >= 2, result.out());
        assertTrue(lines[0].contains("\"kind\":\"l7\"") && lines[0].contains("\"event\":\"open\""), lines[0]);
        assertTrue(lines[0].contains("\"family\":\"http_flood\""), lines[0]);
        assertTrue(lines[lines.length - 1].contains("\"event\":\"resolve\""), lines[lines.length - 1]);
        assertTrue(result.err().contains("1 L7 incident\n") || result.err().contains("1 L7 incident\r\n"),
            result.err());
    }

    @Test
    void shouldExitTwoForUnknownLogFormatAndMissingFile()
    {
        assertEquals(2, CommandRun.of("replay", "--access-log", directory.resolve("x.log").toString()).exitCode());
        assertEquals(2, CommandRun.of(
            "replay", "--access-log", directory.toString(), "--log-format", "no_such_format").exitCode());
        assertEquals(2, CommandRun.of("replay").exitCode());
    }

    @Test
    void shouldExitOneForUndetectableLog()
    {
        final CommandRun result = CommandRun.of(
            "replay", "--access-log", realLog("nginx_error_limit_req__crowdsec-hub.log").toString());
        assertEquals(1, result.exitCode(), result.err());
        assertTrue(result.err().contains("--log-format"), result.err());
    }

    private static Path realLog(final String name)
    {
        final String root = System.getProperty("ftagent.repo.root");
        Assumptions.assumeTrue(root != null, "system property ftagent.repo.root not set: real logs not located");
        final Path file = Path.of(root).resolve("../shared/realdata/logs").resolve(name).normalize();
        Assumptions.assumeTrue(Files.isRegularFile(file), "real access log absent: " + file);
        return file;
    }

    private static String caddyFlood()
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
}
