package com.flowtriq.ftagent.mitigate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cloudflare_block} against a loopback stand-in for the Cloudflare API that keeps access rules in memory.
 */
class CloudflareBlockTest
{
    static final String TOKEN = "cf-test-token";
    static final String RULES_PATH = "/client/v4/zones/zone123/firewall/access_rules/rules";

    @TempDir
    Path dir;

    HttpServer server;
    final Map<String, String[]> rules = new ConcurrentHashMap<>(); // id -> {value, notes, body}
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger nextId = new AtomicInteger(1);
    volatile int forcedStatus;
    MitigationEngine engine;

    @BeforeEach
    void setUp() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(RULES_PATH, this::handle);
        server.start();
    }

    @AfterEach
    void tearDown()
    {
        if (null != engine)
        {
            engine.halt();
        }
        server.stop(0);
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        final String method = exchange.getRequestMethod();
        final String path = exchange.getRequestURI().getPath();
        final String query = exchange.getRequestURI().getRawQuery();
        final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(method + " " + path + (null == query ? "" : "?" + query) + " auth=" +
            exchange.getRequestHeaders().getFirst("Authorization"));
        String reply = "{\"success\":true,\"result\":[]}";
        int status = 0 != forcedStatus ? forcedStatus : 200;
        if (200 == status && "POST".equals(method))
        {
            final String id = "r" + nextId.getAndIncrement();
            final String value = body.replaceAll(".*\"value\":\"([^\"]+)\".*", "$1");
            final String notes = body.replaceAll(".*\"notes\":\"([^\"]+)\".*", "$1");
            rules.put(id, new String[]{ value, notes, body });
            reply = "{\"success\":true,\"result\":{\"id\":\"" + id + "\"}}";
        }
        else if (200 == status && "GET".equals(method))
        {
            final StringBuilder result = new StringBuilder("{\"success\":true,\"result\":[");
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
        else if (200 == status && "DELETE".equals(method))
        {
            final String id = path.substring(path.lastIndexOf('/') + 1);
            status = null == rules.remove(id) ? 404 : 200;
        }
        final byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    MitigationEngine engine()
    {
        final CloudflareBlock cloudflare = new CloudflareBlock(
            "http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4", "zone123", null, TOKEN,
            Duration.ofSeconds(5));
        final RuleSpec rule = new RuleSpec(List.of(), List.of(), 0, 0, CloudflareBlock.ACTION,
            RuleTarget.TOP_SOURCES, 10, 0);
        engine = new MitigationEngine(new MitigationPolicy(true, false, 1000, List.of(rule)),
            new Safelist(List.of()), List.of(), List.of(cloudflare), new MitigationStateFile(dir),
            System::currentTimeMillis);
        engine.start();
        return engine;
    }

    @Test
    void shouldCreateBlockRulesOnOpenAndDeleteThemOnResolve()
    {
        final MitigationEngine engine = engine();

        engine.onIncidentOpened(new IncidentView("inc-1", "tcp_flood", "syn", 1, 1,
            List.of("198.18.200.1", "2001:db8::1"), null, -1, null));
        engine.awaitIdle();

        assertEquals(2, rules.size());
        assertTrue(rules.values().stream().anyMatch(r -> r[2].equals("{\"mode\":\"block\",\"configuration\":" +
            "{\"target\":\"ip\",\"value\":\"198.18.200.1\"},\"notes\":\"ftagent incident inc-1\"}")), requests.toString());
        assertTrue(rules.values().stream().anyMatch(r -> r[2].contains("\"target\":\"ip6\"")));
        assertTrue(requests.stream().allMatch(r -> r.endsWith("auth=Bearer " + TOKEN)), requests.toString());

        engine.onIncidentResolved("inc-1");
        engine.awaitIdle();
        assertTrue(rules.isEmpty(), rules.toString());
        assertEquals(1, engine.counters().reverted());
    }

    @Test
    void shouldCountFailureWhenApiRefuses()
    {
        forcedStatus = 503;
        final MitigationEngine engine = engine();

        engine.onIncidentOpened(new IncidentView("inc-1", "tcp_flood", "syn", 1, 1, List.of("198.18.200.1"),
            null, -1, null));
        engine.awaitIdle();

        assertEquals(1, engine.counters().failures());
        assertTrue(rules.isEmpty());
    }

    @Test
    void shouldReadOnlyTopLevelAlphanumericRuleIds()
    {
        assertEquals(List.of("abc123"), CloudflareBlock.ruleIds(
            "{\"result\":[{\"id\":\"abc123\",\"configuration\":{\"id\":\"x\"}},{\"id\":\"../../zones\"}]," +
            "\"id\":\"top\"}"));
    }
}
