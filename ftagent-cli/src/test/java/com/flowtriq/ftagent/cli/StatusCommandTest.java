package com.flowtriq.ftagent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.flowtriq.ftagent.agent.L7Metrics;
import com.flowtriq.ftagent.l7.AccessLogFormat;
import com.flowtriq.ftagent.l7.AccessLogTailer;
import com.flowtriq.ftagent.l7.L7DetectorSettings;
import com.flowtriq.ftagent.l7.L7FloodDetector;
import com.flowtriq.ftagent.l7.L7LogIngest;
import com.flowtriq.ftagent.l7.L7LogStatistics;
import com.flowtriq.ftagent.l7.L7Window;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ftagent status} against a loopback server playing a running agent's /health. */
class StatusCommandTest
{
    private static final String HEALTH = """
        {"status":"ok","interface":"eth0","pps":1234,"baseline":{"ready":true,"avg_pps":1000.5},
         "open_incidents":[],"l7_sources":["/var/log/nginx/access.log"]}""";

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private volatile String health = HEALTH;

    @BeforeEach
    void startServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", (exchange) ->
        {
            final byte[] body = health.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer()
    {
        server.stop(0);
    }

    private Path config(final String listen) throws IOException
    {
        final Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"metrics_listen\": \"" + listen + "\"}\n");
        return file;
    }

    private String listen()
    {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void shouldPrintEveryHealthFieldFlattened() throws IOException
    {
        final CommandRun run = CommandRun.of("status", "--config", config(listen()).toString());
        assertEquals(0, run.exitCode(), run.err());
        for (final String line : new String[] {"status: ok", "interface: eth0", "pps: 1234", "baseline.ready: true",
            "baseline.avg_pps: 1000.5", "open_incidents: (none)", "l7_sources[0]: /var/log/nginx/access.log"})
        {
            assertTrue(run.out().lines().anyMatch(line::equals), line + " missing from:\n" + run.out());
        }
    }

    @Test
    void shouldPrintEachAccessLogsCountsRateAndThreshold() throws IOException
    {
        final Path log = dir.resolve("access.log");
        Files.writeString(log, """
            198.18.0.1 - - [24/Nov/2026:16:00:00 +0000] "GET / HTTP/1.1" 200 12 "-" "t"
            garbage
            198.18.0.2 - - [24/Nov/2026:16:00:00 +0000] "GET /a HTTP/1.1" 404 12 "-" "t"
            %s
            198.18.0.3 - - [24/Nov/2026:16:00:01 +0000] "GET /b HTTP/1.1" 200 12 "-" "t"
            """.formatted("x".repeat(600)));
        final L7LogIngest ingest = new L7LogIngest(AccessLogFormat.NGINX_COMBINED.newParser(),
            new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), new L7FloodDetector(L7DetectorSettings.defaults(),
            (incident) ->
            {
            }));
        final L7LogStatistics statistics = new L7LogStatistics(log.toString(), "nginx_combined");
        try (AccessLogTailer tailer = new AccessLogTailer(log, 512, false, ingest))
        {
            tailer.poll();
            statistics.publish(tailer, ingest);
        }
        final StringWriter body = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(body))
        {
            json.writeStartObject();
            json.writeStringField("status", "ok");
            L7Metrics.writeHealth(json, List.of(statistics));
            json.writeEndObject();
        }
        health = body.toString();

        final CommandRun run = CommandRun.of("status", "--config", config(listen()).toString());

        assertEquals(0, run.exitCode(), run.err());
        for (final String line : new String[] {"l7.logs[0].path: " + log, "l7.logs[0].format: nginx_combined",
            "l7.logs[0].lines: 4", "l7.logs[0].requests: 3", "l7.logs[0].unparseable: 1", "l7.logs[0].too_long: 1",
            "l7.logs[0].unparseable_by_reason.bad_syntax: 1",
            "l7.logs[0].requests_per_second: 2", "l7.logs[0].threshold_rps: " + L7DetectorSettings.defaults().minRps()})
        {
            assertTrue(run.out().lines().anyMatch(line::equals), line + " missing from:\n" + run.out());
        }
    }

    @Test
    void shouldExitOneWhenDegraded() throws IOException
    {
        status.set(503);
        final CommandRun run = CommandRun.of("status", "--config", config(listen()).toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("HTTP 503"), run.out());
    }

    @Test
    void shouldSayClearlyWhenNoAgentRuns() throws IOException
    {
        final String listen = listen();
        server.stop(0);
        final CommandRun run = CommandRun.of("status", "--config", config(listen).toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no agent running"), run.err());
    }

    @Test
    void shouldRefuseWhenTheListenerIsDisabled() throws IOException
    {
        final CommandRun run = CommandRun.of("status", "--config", config("").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("metrics_listen"), run.err());
    }
}
