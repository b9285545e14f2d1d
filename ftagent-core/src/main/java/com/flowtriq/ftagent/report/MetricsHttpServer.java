package com.flowtriq.ftagent.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The loopback listener for {@code GET /metrics} (Prometheus text) and {@code GET /health} (JSON), on the JDK
 * HttpServer with one thread of its own. {@code metrics_listen} defaults to {@code 127.0.0.1:9108} (9100 is
 * node_exporter's); {@code ""} disables it. Only loopback addresses are accepted: the endpoints are
 * unauthenticated. A source that throws yields a 500 for that scrape, nothing else.
 */
public final class MetricsHttpServer implements AutoCloseable
{
    public static final String METRICS_LISTEN_DEFAULT = "127.0.0.1:9108";
    private static final System.Logger LOG = System.getLogger(MetricsHttpServer.class.getName());

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<MetricsSource> sources;
    private final List<HealthSource> health;
    private final JsonFactory json;

    private MetricsHttpServer(
        final InetSocketAddress address,
        final List<MetricsSource> sources,
        final List<HealthSource> health,
        final JsonFactory json) throws IOException
    {
        this.sources = List.copyOf(sources);
        this.health = List.copyOf(health);
        this.json = json;
        this.server = HttpServer.create(address, 8);
        this.executor = Executors.newSingleThreadExecutor((r) ->
        {
            final Thread thread = new Thread(r, "ftagent-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", this::metrics);
        server.createContext("/health", this::health);
        server.start();
    }

    /**
     * @param listen  {@code host:port} ({@code [v6]:port} for IPv6), or "" to disable.
     * @param sources metrics sources, collected on every scrape in this order.
     * @param health  health sources; all must be healthy for a 200.
     * @param json    JSON factory.
     * @return the running server, or null when disabled.
     * @throws IllegalArgumentException if the address is malformed or not loopback.
     * @throws IOException              if the port cannot be bound.
     */
    public static MetricsHttpServer start(
        final String listen,
        final List<MetricsSource> sources,
        final List<HealthSource> health,
        final JsonFactory json) throws IOException
    {
        if (listen == null || listen.isEmpty())
        {
            return null;
        }
        return new MetricsHttpServer(parseLoopback(listen), sources, health, json);
    }

    /**
     * @param listen {@code host:port}.
     * @return the resolved loopback address.
     * @throws IllegalArgumentException with {@code metrics_listen=<value>} and the reason.
     */
    public static InetSocketAddress parseLoopback(final String listen)
    {
        final int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1)
        {
            throw new IllegalArgumentException("metrics_listen=" + listen + ": expected host:port");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        final int port;
        try
        {
            port = Integer.parseInt(listen.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("metrics_listen=" + listen + ": port is not a number");
        }
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("metrics_listen=" + listen + ": port out of range");
        }
        final InetAddress address;
        try
        {
            // Only literals and "localhost": no DNS lookup decides where an unauthenticated endpoint listens.
            if (!"localhost".equals(host) && !host.matches("[0-9.]+|[0-9a-fA-F:]+"))
            {
                throw new IllegalArgumentException("metrics_listen=" + listen + ": host must be an IP literal");
            }
            address = InetAddress.getByName(host);
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalArgumentException("metrics_listen=" + listen + ": " + ex.getMessage());
        }
        if (!address.isLoopbackAddress())
        {
            throw new IllegalArgumentException("metrics_listen=" + listen + ": not a loopback address");
        }
        return new InetSocketAddress(address, port);
    }

    /**
     * @return the bound address (port resolved when 0 was asked).
     */
    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    private void metrics(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            if (!allowed(exchange) || !exchange.getRequestURI().getPath().equals("/metrics"))
            {
                return;
            }
            final byte[] body;
            try
            {
                final PrometheusTextWriter writer = new PrometheusTextWriter();
                for (final MetricsSource source : sources)
                {
                    source.collect(writer);
                }
                body = writer.text().getBytes(StandardCharsets.UTF_8);
            }
            catch (final RuntimeException ex)
            {
                LOG.log(System.Logger.Level.WARNING, "metrics collection failed", ex);
                send(exchange, 500, "text/plain; charset=utf-8", "metrics collection failed\n".getBytes(
                    StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, PrometheusTextWriter.CONTENT_TYPE, body);
        }
    }

    private void health(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            if (!allowed(exchange) || !exchange.getRequestURI().getPath().equals("/health"))
            {
                return;
            }
            boolean healthy = true;
            final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try (JsonGenerator g = json.createGenerator(out))
            {
                for (final HealthSource source : health)
                {
                    healthy &= source.healthy();
                }
                g.writeStartObject();
                g.writeStringField("status", healthy ? "ok" : "degraded");
                for (final HealthSource source : health)
                {
                    source.writeDetails(g);
                }
                g.writeEndObject();
            }
            catch (final RuntimeException ex)
            {
                LOG.log(System.Logger.Level.WARNING, "health check failed", ex);
                send(exchange, 500, "application/json", "{\"status\":\"error\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, healthy ? 200 : 503, "application/json", out.toByteArray());
        }
    }

    private static boolean allowed(final HttpExchange exchange) throws IOException
    {
        final String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method))
        {
            exchange.getResponseHeaders().add("Allow", "GET, HEAD");
            exchange.sendResponseHeaders(405, -1);
            return false;
        }
        if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath()))
        {
            exchange.sendResponseHeaders(404, -1);
            return false;
        }
        return true;
    }

    private static void send(final HttpExchange exchange, final int status, final String type, final byte[] body)
        throws IOException
    {
        exchange.getResponseHeaders().add("Content-Type", type);
        if ("HEAD".equals(exchange.getRequestMethod()))
        {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream stream = exchange.getResponseBody())
        {
            stream.write(body);
        }
    }

    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }
}
