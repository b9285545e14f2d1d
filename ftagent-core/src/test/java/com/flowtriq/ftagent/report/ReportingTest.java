package com.flowtriq.ftagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportingTest
{
    @TempDir
    Path dir;

    private ReportSettings settings(final RecordingHttpServer server, final String metricsListen)
    {
        return new ReportSettings(dir,
            OutboxSettings.defaults(dir.resolve("outbox")).withBackoff(5, 20, 100),
            ApiSettings.of(server.uri("/api/v1"), "k", "node-1", "0.1.0"),
            new NotifySettings(null, null, null, "rk", server.uri("/pd"), server.uri("/hook"), "sec", "edge"),
            metricsListen, 1 << 20, true);
    }

    @Test
    void shouldCarryIncidentFromSinkToApiWebhookJournalAndMetrics() throws Exception
    {
        try (RecordingHttpServer server = new RecordingHttpServer().respond((r) ->
            r.path().equals("/api/v1/agent/incidents") ? RecordingHttpServer.Reply.ok("{\"uuid\":\"u9\"}") :
                RecordingHttpServer.Reply.ok("{}")).start();
            Reporting reporting = new Reporting(settings(server, "127.0.0.1:0"), ReportingFixtures.STATUS, ReportingFixtures.IGNORE, List.of()))
        {
            reporting.start();
            final IncidentSink sink = reporting.incidentSink();
            sink.onIncident(Incidents.event("e1", IncidentState.OPEN, 0));
            sink.onIncident(Incidents.event("e1", IncidentState.UPDATE, 10));
            sink.onIncident(Incidents.event("e1", IncidentState.RESOLVE, 20));
            final long deadline = System.currentTimeMillis() + 20_000;
            while ((server.accepted("/api/v1/agent/incidents/u9/resolve").isEmpty() ||
                server.accepted("/hook").size() < 3 || server.accepted("/pd").size() < 2) &&
                System.currentTimeMillis() < deadline)
            {
                Thread.sleep(10);
            }
            assertEquals(1, server.accepted("/api/v1/agent/incidents/u9/resolve").size());
            assertEquals(3, server.accepted("/hook").size());
            assertEquals(2, server.accepted("/pd").size());
            assertEquals(3, Files.readAllLines(reporting.journal().file()).size());

            final URI metrics = URI.create("http://127.0.0.1:" + reporting.metricsServer().address().getPort() +
                "/metrics");
            final String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            final Map<String, Double> series = PrometheusTextParser.parse(text);
            assertEquals((double)reporting.outbox().counters().delivered.get(),
                series.get("ftagent_outbox_delivered_total"));
            assertEquals(1.0, series.get("ftagent_incidents_total{family=udp_flood}"));
            assertEquals(0.0, series.get("ftagent_incidents_open{family=udp_flood}"));
            assertEquals(3.0, series.get("ftagent_journal_events_total"));
        }
    }

    @Test
    void shouldMapAgentConfigOntoReportSettings() throws Exception
    {
        final Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"api_key\": \"abc\", \"node_uuid\": \"5b0c6a8e-0d7e-4c1e-9f51-3f1b2d4a0c11\"," +
            " \"api_base\": \"https://api.example.test/api/v1\", \"heartbeat_interval\": 45," +
            " \"state_dir\": \"" + dir.resolve("state") + "\", \"outbox_max_mb\": 3, \"metrics_listen\": \"\"," +
            " \"notify\": {\"slack\": {\"webhook_url\": \"https://hooks.slack.test/x\"}," +
            " \"webhook\": {\"url\": \"https://hook.test/in\", \"secret\": \"k\"}}}");
        final com.flowtriq.ftagent.config.ConfigLoader.Result loaded =
            com.flowtriq.ftagent.config.ConfigLoader.load(file);
        assertTrue(loaded.ok(), loaded.toString());

        final ReportSettings settings = ReportSettings.from(loaded.config(), "1.2.3", "edge-7");
        assertEquals(dir.resolve("state"), settings.stateDir());
        assertEquals(dir.resolve("state").resolve("outbox"), settings.outbox().directory());
        assertEquals(3L * 1024 * 1024, settings.outbox().maxBytes());
        assertEquals("", settings.metricsListen());
        assertEquals("abc", settings.api().apiKey());
        assertEquals(URI.create("https://api.example.test/api/v1"), settings.api().apiBase());
        assertEquals(45_000, settings.api().heartbeatIntervalMillis());
        assertEquals(URI.create("https://hooks.slack.test/x"), settings.notifiers().slackWebhookUrl());
        assertEquals("k", settings.notifiers().webhookSecret());
        assertEquals(null, settings.notifiers().discordWebhookUrl());
        assertEquals("edge-7", settings.notifiers().sourceName());
    }

    @Test
    void shouldDiagnoseApiTestWithServerMessageOrRefusal() throws Exception
    {
        try (RecordingHttpServer server = new RecordingHttpServer())
        {
            try (Reporting refused = new Reporting(settings(server, ""), ReportingFixtures.STATUS, ReportingFixtures.IGNORE, List.of()))
            {
                final Reporting.ConnectivityResult result = refused.testApi();
                assertFalse(result.ok());
                assertTrue(result.message().contains("refused"), result.message());
            }
            server.respond((r) -> RecordingHttpServer.Reply.status(401, "{\"message\":\"invalid API key\"}",
                Map.of())).start();
            try (Reporting unauthorized = new Reporting(settings(server, ""), ReportingFixtures.STATUS, ReportingFixtures.IGNORE, List.of()))
            {
                final Reporting.ConnectivityResult result = unauthorized.testApi();
                assertFalse(result.ok());
                assertEquals("HTTP 401: invalid API key", result.message());
            }
            server.respond((r) -> RecordingHttpServer.Reply.ok("{}"));
            try (Reporting healthy = new Reporting(settings(server, ""), ReportingFixtures.STATUS, ReportingFixtures.IGNORE, List.of()))
            {
                final Reporting.ConnectivityResult result = healthy.testApi();
                assertTrue(result.ok() && result.message().startsWith("OK ("), result.message());
            }
        }
    }

    @Test
    void shouldSendMarkedTestMessageToEachNotifierAndResolvePagerDutyTest() throws Exception
    {
        try (RecordingHttpServer server = new RecordingHttpServer().respond((r) ->
            RecordingHttpServer.Reply.ok("{}")).start();
            Reporting reporting = new Reporting(settings(server, ""), ReportingFixtures.STATUS, ReportingFixtures.IGNORE, List.of()))
        {
            final Map<String, Reporting.ConnectivityResult> results = reporting.testNotifiers();
            assertEquals(List.of("pagerduty", "webhook"), List.copyOf(results.keySet()));
            assertTrue(results.values().stream().allMatch(Reporting.ConnectivityResult::ok));
            final List<RecordingHttpServer.Request> pd = server.accepted("/pd");
            assertEquals(List.of("trigger", "resolve"),
                pd.stream().map((r) -> JsonTree.object(r.body()).get("event_action")).toList());
            assertTrue(pd.get(0).bodyText().contains("[TEST, not an attack]"));
            assertEquals("test", JsonTree.object(server.accepted("/hook").get(0).body()).get("kind"));
        }
    }

    @Test
    void shouldPollConfigRightAfterOpenEveryTenSecondsDuringIncidentAndSlowerAfter() throws Exception
    {
        try (RecordingHttpServer server = new RecordingHttpServer().respond((r) ->
            RecordingHttpServer.Reply.ok("{}")).start())
        {
            final ApiHarness harness = new ApiHarness(server, dir, 3_600_000, 300_000, 10_000);
            final FlowtriqReporter reporter = harness.reporter;
            long now = 1_000_000;
            reporter.doWork(now);
            assertEquals(1, reporter.configPolls.get(), "first pass polls");
            reporter.doWork(now += 5_000);
            assertEquals(1, reporter.configPolls.get());

            reporter.onIncidentEvent(Incidents.event("p", IncidentState.OPEN, 0));
            reporter.doWork(now += 1);
            assertEquals(2, reporter.configPolls.get(), "poll right after open");
            reporter.doWork(now += 9_999);
            assertEquals(2, reporter.configPolls.get());
            reporter.doWork(now += 1);
            assertEquals(3, reporter.configPolls.get(), "10 s during the incident");

            reporter.onIncidentEvent(Incidents.event("p", IncidentState.RESOLVE, 30));
            reporter.doWork(now += 10_000);
            assertEquals(4, reporter.configPolls.get());
            reporter.doWork(now += 290_000);
            assertEquals(4, reporter.configPolls.get(), "300 s once calm");
            reporter.doWork(now += 10_000);
            assertEquals(5, reporter.configPolls.get());
        }
    }
}
