package com.flowtriq.ftagent.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ftagent test} and {@code --test} against a loopback HTTP server playing the API. */
class TestCommandTest
{
    private static final String UUID = "3f2b6c1e-8d4a-4f7b-9c2e-1a2b3c4d5e6f";

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", (exchange) ->
        {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " +
                exchange.getRequestHeaders().getFirst("Authorization") + " " +
                exchange.getRequestHeaders().getFirst("X-Node-UUID"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer()
    {
        server.stop(0);
    }

    private Path config(final String apiBase) throws IOException
    {
        final Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"api_key\": \"ftk_test_key_0003\", \"node_uuid\": \"" + UUID + "\", " +
            "\"api_base\": \"" + apiBase + "\"}\n");
        return file;
    }

    private String apiBase()
    {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
    }

    @Test
    void shouldSendOneHeartbeatAndExitZeroWhenAccepted() throws IOException
    {
        final CommandRun run = CommandRun.of("--test", "--config", config(apiBase()).toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("API OK"), run.out());
        assertEquals(List.of("POST /api/v1/agent/heartbeat Bearer ftk_test_key_0003 " + UUID), requests);
    }

    @Test
    void shouldExitOneWithTheReasonWhenRefused() throws IOException
    {
        status.set(401);
        final CommandRun run = CommandRun.of("test", "--config", config(apiBase()).toString());
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().contains("HTTP 401"), run.err());
        assertTrue(run.err().contains("check api_key"), run.err());
    }

    @Test
    void shouldExitOneWhenNothingListens() throws IOException
    {
        final String base = apiBase();
        server.stop(0);
        final CommandRun run = CommandRun.of("test", "--config", config(base).toString());
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().contains("connection refused"), run.err());
    }

    @Test
    void shouldExitTwoInLocalMode()
    {
        final CommandRun run = CommandRun.of("test", "--config", dir.resolve("absent.json").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("local mode"), run.err());
        assertTrue(requests.isEmpty());
    }
}
