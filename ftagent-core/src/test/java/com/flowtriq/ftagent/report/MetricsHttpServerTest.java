package com.flowtriq.ftagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsHttpServerTest
{
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000);

    private static HttpResponse<String> get(final MetricsHttpServer server, final String path) throws Exception
    {
        final URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldExposeCountersAsStrictPrometheusTextMatchingTheirValues() throws Exception
    {
        final ScriptedDestination api = new ScriptedDestination("flowtriq", clock::get)
            .then(DeliveryResult.retry(503, 0, "busy"), 2)
            .then(DeliveryResult.delivered(), 1)
            .then(DeliveryResult.dead(400, "bad"), 1);
        final DurableOutbox outbox = new DurableOutbox(OutboxSettings.defaults(dir.resolve("outbox"))
            .withBackoff(10, 20, 1000), List.of(api, new ScriptedDestination("slack\"\\\n", clock::get)),
            clock::get, new Random(1));
        for (int i = 0; i < 4; i++)
        {
            outbox.submit(OutboxEntryKind.INCIDENT_UPDATE, "flowtriq", "i", new byte[]{ 1 });
        }
        for (int i = 0; i < 200; i++)
        {
            outbox.doWork(clock.addAndGet(5));
        }
        final IncidentStatistics incidents = new IncidentStatistics();
        incidents.onIncidentEvent(Incidents.event("a", IncidentState.OPEN, 0));
        incidents.onIncidentEvent(Incidents.event("b", IncidentState.OPEN, 0));
        incidents.onIncidentEvent(Incidents.event("a", IncidentState.RESOLVE, 9));
        final ReportMetrics report = new ReportMetrics(outbox, null, null);
        final MetricsSource extra = (w) ->
        {
            w.gauge("ftagent_traffic_pps", "Packets per second, last window.", 1234.5);
            w.counter("ftagent_packets_total", "Packets by protocol.", "protocol", "udp", 10);
            w.gauge("ftagent_threshold_pps", "Threshold.", Double.POSITIVE_INFINITY);
            w.counter("ftagent_packets_total", "Packets by protocol.", "protocol", "tcp", 20);
        };

        try (MetricsHttpServer server = MetricsHttpServer.start("127.0.0.1:0", List.of(report, incidents, extra),
            List.of(report), new JsonFactory()))
        {
            final HttpResponse<String> response = get(server, "/metrics");
            assertEquals(200, response.statusCode());
            assertEquals(PrometheusTextWriter.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
            final Map<String, Double> series = PrometheusTextParser.parse(response.body());

            final OutboxCounters c = outbox.counters();
            assertEquals(3.0, series.get("ftagent_outbox_delivered_total"));
            assertEquals((double)c.delivered.get(), series.get("ftagent_outbox_delivered_total"));
            assertEquals(2.0, series.get("ftagent_outbox_delivery_failures_total"));
            assertEquals(1.0, series.get("ftagent_outbox_dead_letters_total"));
            assertEquals(0.0, series.get("ftagent_outbox_depth"));
            assertEquals(1.0, series.get("ftagent_incidents_open{family=udp_flood}"));
            assertEquals(2.0, series.get("ftagent_incidents_total{family=udp_flood}"));
            assertEquals(0.0, series.get("ftagent_delivery_breaker_open{channel=flowtriq}"));
            assertEquals(0.0, series.get("ftagent_delivery_breaker_open{channel=slack\\\"\\\\\\n}"),
                "label value escaped");
            assertEquals(1234.5, series.get("ftagent_traffic_pps"));
            assertEquals(20.0, series.get("ftagent_packets_total{protocol=tcp}"));
            assertEquals(Double.POSITIVE_INFINITY, series.get("ftagent_threshold_pps"));

            final HttpResponse<String> health = get(server, "/health");
            assertEquals(200, health.statusCode());
            final Map<String, Object> body = JsonTree.object(health.body());
            assertEquals("ok", body.get("status"));
            assertEquals(0L, body.get("outbox_depth"));

            assertEquals(404, get(server, "/metrics/x").statusCode());
        }
    }

    @Test
    void shouldRejectMalformedExpositionInTheTestParser()
    {
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse("# TYPE a counter\na 1"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse("a 1\n"));
        assertThrows(IllegalArgumentException.class,
            () -> PrometheusTextParser.parse("# TYPE a counter\na -1\n"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse(
            "# TYPE a gauge\na{x=\"1\"} 1\n# TYPE b gauge\nb 1\na{x=\"2\"} 1\n"));
        assertThrows(IllegalArgumentException.class,
            () -> PrometheusTextParser.parse("# TYPE a gauge\na{x=\"\\q\"} 1\n"));
    }

    @Test
    void shouldBeDisabledByEmptyListenAndRefuseNonLoopback() throws Exception
    {
        assertNull(MetricsHttpServer.start("", List.of(), List.of(), new JsonFactory()));
        assertThrows(IllegalArgumentException.class, () -> MetricsHttpServer.parseLoopback("0.0.0.0:9108"));
        assertThrows(IllegalArgumentException.class, () -> MetricsHttpServer.parseLoopback("example.com:9108"));
        assertThrows(IllegalArgumentException.class, () -> MetricsHttpServer.parseLoopback("127.0.0.1:x"));
        assertEquals(9108, MetricsHttpServer.parseLoopback(MetricsHttpServer.METRICS_LISTEN_DEFAULT).getPort());
        assertTrue(MetricsHttpServer.parseLoopback("[::1]:9108").getAddress().isLoopbackAddress());
    }
}
