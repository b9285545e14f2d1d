package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 playing a remote service in tests: records every request and answers through a
 * replaceable responder, which can delay, fail with a status and Retry-After, or succeed. Can be started late
 * on a port reserved earlier, so the client first sees refused connections.
 */
public final class RecordingHttpServer implements AutoCloseable
{
    public record Request(String method, String path, Map<String, String> headers, byte[] body, long atNanos)
    {
        public String header(final String name)
        {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        public String bodyText()
        {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public record Reply(int status, Map<String, String> headers, byte[] body, long delayMillis)
    {
        public static Reply ok(final String json)
        {
            return new Reply(200, Map.of("Content-Type", "application/json"),
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
        }

        public static Reply status(final int status, final String json, final Map<String, String> headers)
        {
            return new Reply(status, headers, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Requests answered with a 2xx: what the service actually accepted. */
    final List<Request> accepted = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile Function<Request, Reply> responder = (r) -> Reply.ok("{}");
    private HttpServer server;

    /**
     * Reserves a free port without listening on it (connections are refused until {@link #start}).
     */
    public RecordingHttpServer() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }
    }

    public RecordingHttpServer respond(final Function<Request, Reply> responder)
    {
        this.responder = responder;
        return this;
    }

    public synchronized RecordingHttpServer start() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", (exchange) ->
        {
            try (exchange)
            {
                final Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
                final byte[] body;
                try (InputStream in = exchange.getRequestBody())
                {
                    body = in.readAllBytes();
                }
                final Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    headers, body, System.nanoTime());
                requests.add(request);
                final Reply reply = responder.apply(request);
                if (reply.delayMillis() > 0)
                {
                    Thread.sleep(reply.delayMillis());
                }
                reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                if (reply.status() >= 200 && reply.status() < 300)
                {
                    accepted.add(request);
                }
                exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
                if (reply.body().length > 0)
                {
                    try (OutputStream out = exchange.getResponseBody())
                    {
                        out.write(reply.body());
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return this;
    }

    public URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public List<Request> accepted(final String pathPrefix)
    {
        return accepted.stream().filter((r) -> r.path().startsWith(pathPrefix)).toList();
    }

    @Override
    public synchronized void close()
    {
        if (server != null)
        {
            server.stop(0);
            ((java.util.concurrent.ExecutorService)server.getExecutor()).shutdownNow();
            server = null;
        }
    }
}
