package com.flowtriq.ftagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each channel (the Flowtriq API, each notifier) delivers on its own thread: a webhook that hangs does not hold up
 * the API, and a hanging API does not hold up a notifier. Each blocking server waits for the other channel's request
 * with a bound, so serialized channels fail the test after that bound instead of hanging it.
 */
class ReportingChannelIsolationTest
{
    private static final long BOUND_SECONDS = 10;

    @TempDir
    Path dir;

    private ReportSettings settings(final RecordingHttpServer api, final RecordingHttpServer slack)
    {
        return new ReportSettings(dir,
            OutboxSettings.defaults(dir.resolve("outbox")).withBackoff(5, 20, 100),
            ApiSettings.of(api.uri("/api/v1"), "k", "node-1", "0.1.0"),
            new NotifySettings(slack.uri("/slack"), null, null, null, null, null, null, "edge"),
            "", 1 << 20, false);
    }

    private static void await(final CountDownLatch latch, final String what) throws InterruptedException
    {
        assertTrue(latch.await(BOUND_SECONDS * 2, TimeUnit.SECONDS), what);
    }

    @Test
    void shouldDeliverApiUpdateWhileSlackWebhookHangs() throws Exception
    {
        final CountDownLatch slackBlocking = new CountDownLatch(1);
        final CountDownLatch apiUpdateSeen = new CountDownLatch(1);
        final CountDownLatch slackAnswered = new CountDownLatch(1);
        final AtomicBoolean releasedByApi = new AtomicBoolean();
        try (RecordingHttpServer api = new RecordingHttpServer().respond((r) ->
            {
                if (r.path().equals("/api/v1/agent/incidents/u1"))
                {
                    apiUpdateSeen.countDown();
                }
                return r.path().equals("/api/v1/agent/incidents") ?
                    RecordingHttpServer.Reply.ok("{\"uuid\":\"u1\"}") : RecordingHttpServer.Reply.ok("{}");
            }).start();
            RecordingHttpServer slack = new RecordingHttpServer().respond((r) ->
            {
                if (slackBlocking.getCount() > 0)
                {
                    slackBlocking.countDown();
                    try
                    {
                        releasedByApi.set(apiUpdateSeen.await(BOUND_SECONDS, TimeUnit.SECONDS));
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                    slackAnswered.countDown();
                }
                return RecordingHttpServer.Reply.ok("ok");
            }).start();
            Reporting reporting = new Reporting(settings(api, slack), ReportingFixtures.STATUS, ReportingFixtures.IGNORE, List.of()))
        {
            reporting.start();
            final IncidentSink sink = reporting.incidentSink();
            sink.onIncident(Incidents.event("e1", IncidentState.OPEN, 0));
            await(slackBlocking, "the Slack notification of the open never arrived");

            sink.onIncident(Incidents.event("e1", IncidentState.UPDATE, 10));
            await(slackAnswered, "the Slack server never answered");

            assertTrue(releasedByApi.get(), "the API update waited behind the hanging Slack webhook");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (api.accepted("/api/v1/agent/incidents/u1").isEmpty() && System.nanoTime() < deadline)
            {
                Thread.sleep(5); // the server records a request as accepted once it has answered it
            }
            assertEquals(1, api.accepted("/api/v1/agent/incidents/u1").size());
            final List<String> incidentPaths = api.accepted("/api/v1/agent/incidents").stream()
                .map(RecordingHttpServer.Request::path).toList();
            assertEquals(List.of("/api/v1/agent/incidents", "/api/v1/agent/incidents/u1"), incidentPaths);
            assertNotNull(reporting.deliveryThread(FlowtriqDestination.CHANNEL));
            assertNotEquals(reporting.deliveryThread(FlowtriqDestination.CHANNEL),
                reporting.deliveryThread(NotifierSet.SLACK));
            assertEquals(ChannelDeliveryThreads.ROLE_PREFIX + NotifierSet.SLACK,
                reporting.deliveryThread(NotifierSet.SLACK).getName());
        }
    }

    @Test
    void shouldNotifySlackWhileApiHangs() throws Exception
    {
        final CountDownLatch apiBlocking = new CountDownLatch(1);
        final CountDownLatch slackSeen = new CountDownLatch(1);
        final CountDownLatch apiAnswered = new CountDownLatch(1);
        final AtomicBoolean releasedBySlack = new AtomicBoolean();
        try (RecordingHttpServer api = new RecordingHttpServer().respond((r) ->
            {
                if (r.path().equals("/api/v1/agent/incidents") && apiBlocking.getCount() > 0)
                {
                    apiBlocking.countDown();
                    try
                    {
                        releasedBySlack.set(slackSeen.await(BOUND_SECONDS, TimeUnit.SECONDS));
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                    apiAnswered.countDown();
                    return RecordingHttpServer.Reply.ok("{\"uuid\":\"u1\"}");
                }
                return RecordingHttpServer.Reply.ok("{}");
            }).start();
            RecordingHttpServer slack = new RecordingHttpServer().respond((r) ->
            {
                slackSeen.countDown();
                return RecordingHttpServer.Reply.ok("ok");
            }).start();
            Reporting reporting = new Reporting(settings(api, slack), ReportingFixtures.STATUS, ReportingFixtures.IGNORE, List.of()))
        {
            reporting.start();
            reporting.incidentSink().onIncident(Incidents.event("e1", IncidentState.OPEN, 0));
            await(apiBlocking, "the API open never arrived");
            await(apiAnswered, "the API server never answered");

            assertTrue(releasedBySlack.get(), "the Slack notification waited behind the hanging API");
            assertEquals(1, slack.requests.size());
        }
    }

    @Test
    @Timeout(60)
    void shouldStopWhileWebhookHangsAndDeliverItsEntryAfterRestart() throws Exception
    {
        final CountDownLatch slackBlocking = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        try (RecordingHttpServer api = new RecordingHttpServer().respond((r) ->
                r.path().equals("/api/v1/agent/incidents") ?
                    RecordingHttpServer.Reply.ok("{\"uuid\":\"u1\"}") : RecordingHttpServer.Reply.ok("{}")).start();
            RecordingHttpServer slack = new RecordingHttpServer().respond((r) ->
            {
                slackBlocking.countDown();
                try
                {
                    stopped.await(BOUND_SECONDS, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                return RecordingHttpServer.Reply.status(503, "busy", java.util.Map.of());
            }).start())
        {
            try (Reporting reporting = new Reporting(settings(api, slack), ReportingFixtures.STATUS, ReportingFixtures.IGNORE, List.of()))
            {
                reporting.start();
                reporting.incidentSink().onIncident(Incidents.event("e1", IncidentState.OPEN, 0));
                await(slackBlocking, "the Slack notification never arrived");
            }
            stopped.countDown();
            final long slackFiles;
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("outbox")))
            {
                slackFiles = files.filter((p) -> p.toString().endsWith(".ent")).count();
            }
            assertEquals(1, slackFiles, "the undelivered Slack entry stays on disk");

            slack.respond((r) -> RecordingHttpServer.Reply.ok("ok"));
            try (Reporting restarted = new Reporting(settings(api, slack), ReportingFixtures.STATUS, ReportingFixtures.IGNORE, List.of()))
            {
                restarted.start();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS * 2);
                while (slack.accepted("/slack").isEmpty() && System.nanoTime() < deadline)
                {
                    Thread.sleep(10);
                }
                assertEquals(1, slack.accepted("/slack").size());
                assertEquals(1, api.accepted("/api/v1/agent/incidents").size(), "the open went once");
            }
        }
    }
}
