package com.flowtriq.ftagent.mitigate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for the Cloudflare IP Access Rules API of one zone, keeping rules in memory: POST creates
 * (reply {@code {"result":{"id":"rN"}}}), GET lists by value and notes, DELETE removes by id (404 if unknown).
 * Reserves its port at construction and listens only after {@link #start()}, so a client first sees refused
 * connections (an outage); {@link #forceStatus} makes it refuse requests with a status and a Cloudflare error body.
 */
final class FakeCloudflare implements AutoCloseable
{
    static final String TOKEN = "cf-test-token";
    static final String RULES_PATH = "/client/v4/zones/zone123/firewall/access_rules/rules";

    /** Rules in force: id to {value, notes, create body}. */
    final Map<String, String[]> rules = new ConcurrentHashMap<>();
    /** Every request answered: {@code METHOD path[?query] auth=...}. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Values of accepted creates, in arrival order (one per rule made). */
    final List<String> created = new CopyOnWriteArrayList<>();
    /** Ids of accepted deletes, in arrival order. */
    final List<String> deleted = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final int port;
    private volatile int forcedStatus;
    private volatile String forcedMethod;
    private volatile String retryAfter;
    private HttpServer server;

    FakeCloudflare() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }
    }

    String apiBase()
    {
        return "http://127.0.0.1:" + port + "/client/v4";
    }

    /**
     * Answers requests of {@code method} (or every method when null) with {@code status}; 0 returns to normal.
     */
    void forceStatus(final String method, final int status, final String retryAfterSeconds)
    {
        this.forcedMethod = method;
        this.retryAfter = retryAfterSeconds;
        this.forcedStatus = status;
    }

    synchronized FakeCloudflare start() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext(RULES_PATH, this::handle);
        server.start();
        return this;
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        final String method = exchange.getRequestMethod();
        final String path = exchange.getRequestURI().getPath();
        final String query = exchange.getRequestURI().getRawQuery();
        final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(method + " " + path + (null == query ? "" : "?" + query) + " auth=" +
            exchange.getRequestHeaders().getFirst("Authorization"));
        String reply = "{\"success\":true,\"errors\":[],\"result\":[]}";
        int status = 200;
        if (0 != forcedStatus && (null == forcedMethod || forcedMethod.equals(method)))
        {
            status = forcedStatus;
            reply = "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}]}";
            if (null != retryAfter)
            {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
        }
        else if ("POST".equals(method))
        {
            final String id = "r" + nextId.getAndIncrement();
            final String value = body.replaceAll(".*\"value\":\"([^\"]+)\".*", "$1");
            final String notes = body.replaceAll(".*\"notes\":\"([^\"]+)\".*", "$1");
            rules.put(id, new String[]{ value, notes, body });
            created.add(value);
            reply = "{\"success\":true,\"errors\":[],\"result\":{\"id\":\"" + id + "\",\"mode\":\"block\"}}";
        }
        else if ("GET".equals(method))
        {
            String value = null;
            String notes = null;
            for (final String pair : query.split("&"))
            {
                final String[] kv = pair.split("=", 2);
                final String decoded = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
                if ("configuration.value".equals(kv[0]))
                {
                    value = decoded;
                }
                else if ("notes".equals(kv[0]))
                {
                    notes = decoded;
                }
            }
            final StringBuilder result = new StringBuilder("{\"success\":true,\"result\":[");
            boolean first = true;
            for (final Map.Entry<String, String[]> rule : rules.entrySet())
            {
                if (rule.getValue()[0].equals(value) && rule.getValue()[1].equals(notes))
                {
                    result.append(first ? "" : ",").append("{\"id\":\"").append(rule.getKey())
                        .append("\",\"configuration\":{\"id\":\"nested\"}}");
                    first = false;
                }
            }
            reply = result.append("]}").toString();
        }
        else if ("DELETE".equals(method))
        {
            final String id = path.substring(path.lastIndexOf('/') + 1);
            if (null == rules.remove(id))
            {
                status = 404;
            }
            else
            {
                deleted.add(id);
            }
        }
        final byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    long count(final String prefix)
    {
        return requests.stream().filter(r -> r.startsWith(prefix)).count();
    }

    @Override
    public synchronized void close()
    {
        if (null != server)
        {
            server.stop(0);
            server = null;
        }
    }
}
