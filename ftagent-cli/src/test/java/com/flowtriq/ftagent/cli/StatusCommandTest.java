package com.flowtriq.ftagent.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @BeforeEach
    void startServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", (exchange) ->
        {
            final byte[] body = HEALTH.getBytes(StandardCharsets.UTF_8);
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
