package com.flowtriq.ftagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class NotifierTest
{
    private static final String SECRET = "s3cret-hmac-key";

    @TempDir
    Path dir;

    private RecordingHttpServer server;
    private DurableOutbox outbox;
    private IncidentFanout fanout;
    private IncidentJournal journal;
    private ReportAgent agent;

    @AfterEach
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private void start(
        final java.util.function.Function<RecordingHttpServer.Request, RecordingHttpServer.Reply> replies)
        throws Exception
    {
        server = new RecordingHttpServer().respond(replies).start();
        final FlowtriqJson json = new FlowtriqJson(new JsonFactory());
        final NotifySettings settings = new NotifySettings(server.uri("/slack"), server.uri("/discord"),
            server.uri("/teams"), "pd-routing-key", server.uri("/pd"), server.uri("/hook"), SECRET, "edge-1");
        final NotifierSet notifiers = new NotifierSet(settings, HttpClient.newHttpClient(), Duration.ofSeconds(5),
            "ftagent/test", json);
        outbox = new DurableOutbox(OutboxSettings.defaults(dir.resolve("outbox")).withBackoff(5, 20, 100),
            notifiers.destinations(), System::currentTimeMillis, new Random(3));
        journal = new IncidentJournal(dir, 4096, 2, new IncidentJson(json));
        final List<IncidentListener> listeners = new ArrayList<>();
        listeners.add(journal);
        listeners.addAll(notifiers.publishers(outbox));
        fanout = new IncidentFanout(listeners);
        agent = new ReportAgent(List.of(fanout, outbox), System::currentTimeMillis);
    }

    private void runUntil(final BooleanSupplier condition) throws InterruptedException
    {
        for (int i = 0; i < 4000 && !condition.getAsBoolean(); i++)
        {
            if (agent.doWork() == 0)
            {
                Thread.sleep(5);
            }
        }
        assertTrue(condition.getAsBoolean(), "condition not reached");
    }

    private void openAndResolve(final String id) throws InterruptedException
    {
        fanout.onIncident(Incidents.event(id, IncidentState.OPEN, 0));
        fanout.onIncident(Incidents.event(id, IncidentState.UPDATE, 10));
        fanout.onIncident(Incidents.event(id, IncidentState.RESOLVE, 20));
        runUntil(() -> outbox.counters().depth.get() == 0 && outbox.counters().delivered.get() >= 11);
    }

    @Test
    void shouldTriggerAndResolvePagerDutyWithTheSameDedupKey() throws Exception
    {
        start((r) -> RecordingHttpServer.Reply.status(202, "{\"status\":\"success\"}", Map.of()));
        openAndResolve("inc-42");

        final List<RecordingHttpServer.Request> pd = server.accepted("/pd");
        assertEquals(2, pd.size(), "no event for the update");
        final Map<String, Object> trigger = JsonTree.object(pd.get(0).body());
        final Map<String, Object> resolve = JsonTree.object(pd.get(1).body());
        assertEquals("trigger", trigger.get("event_action"));
        assertEquals("resolve", resolve.get("event_action"));
        assertEquals("inc-42", trigger.get("dedup_key"));
        assertEquals(trigger.get("dedup_key"), resolve.get("dedup_key"));
        assertEquals("pd-routing-key", trigger.get("routing_key"));
        final Map<String, Object> payload = (Map<String, Object>)trigger.get("payload");
        assertEquals("edge-1", payload.get("source"));
        assertEquals("critical", payload.get("severity"), "confidence 87 and peak ~69x threshold");
        assertTrue(((String)payload.get("summary")).contains("udp_flood"));
    }

    @Test
    void shouldSignWebhookBodyWithHmacSha256ThatVerifies() throws Exception
    {
        start((r) -> RecordingHttpServer.Reply.ok("{}"));
        openAndResolve("inc-7");

        final List<RecordingHttpServer.Request> hooks = server.accepted("/hook");
        assertEquals(3, hooks.size(), "the webhook gets every event");
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (final RecordingHttpServer.Request hook : hooks)
        {
            final String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(hook.body()));
            assertEquals(expected, hook.header("X-Ftagent-Signature"));
        }
        final byte[] tampered = hooks.get(0).bodyText().replace("udp_flood", "syn_flood")
            .getBytes(StandardCharsets.UTF_8);
        final String forged = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(tampered));
        assertTrue(!forged.equals(hooks.get(0).header("X-Ftagent-Signature")));
        final List<String> events = hooks.stream()
            .map((h) -> (String)JsonTree.object(h.body()).get("event")).toList();
        assertEquals(List.of("open", "update", "resolve"), events);
        assertEquals("inc-7", JsonTree.object(hooks.get(0).body()).get("incident_id"));
    }

    @Test
    void shouldPostSlackDiscordAndTeamsMessagesWithIncidentFacts() throws Exception
    {
        start((r) -> RecordingHttpServer.Reply.ok("{}"));
        openAndResolve("inc-9");

        final List<RecordingHttpServer.Request> slack = server.accepted("/slack");
        assertEquals(2, slack.size());
        final String slackText = slack.get(0).bodyText();
        final Map<String, Object> slackBody = JsonTree.object(slack.get(0).body());
        assertTrue(((List<Object>)slackBody.get("blocks")).size() >= 2);
        for (final String fact : List.of("udp_flood", "198.19.0.1", "250.0 kpps", "1.20 Gbit/s", "198.18.0.7"))
        {
            assertTrue(slackText.contains(fact), "slack lacks " + fact + ": " + slackText);
        }

        final List<RecordingHttpServer.Request> discord = server.accepted("/discord");
        assertEquals(2, discord.size());
        final Map<String, Object> embed =
            ((List<Map<String, Object>>)JsonTree.object(discord.get(0).body()).get("embeds")).get(0);
        assertTrue(((String)embed.get("title")).contains("udp_flood"));
        assertTrue(((List<Object>)embed.get("fields")).size() >= 5);

        final List<RecordingHttpServer.Request> teams = server.accepted("/teams");
        assertEquals(2, teams.size());
        final Map<String, Object> attachment =
            ((List<Map<String, Object>>)JsonTree.object(teams.get(0).body()).get("attachments")).get(0);
        assertEquals("application/vnd.microsoft.card.adaptive", attachment.get("contentType"));
        final Map<String, Object> card = (Map<String, Object>)attachment.get("content");
        assertEquals("AdaptiveCard", card.get("type"));
        assertTrue(teams.get(0).bodyText().contains("198.19.0.1"));
    }

    @Test
    void shouldShowMitigationOutcomeInSlackDiscordAndTeamsMessages()
    {
        final IncidentEvent plain = Incidents.event("inc-9", IncidentState.RESOLVE, 30);
        final IncidentEvent event = new IncidentEvent(plain.incidentId(), plain.kind(), plain.state(), plain.family(),
            plain.subtype(), plain.startedAt(), plain.timestamp(), plain.endedAt(), plain.peakPps(), plain.peakBps(),
            plain.baselinePps(), plain.thresholdPps(), plain.topSrcIps(), plain.topDstIps(), plain.topDstPorts(),
            plain.protocolBreakdown(), plain.tcpFlags(), plain.pktLengthHistogram(), plain.ttlDistribution(),
            plain.sourceIpCount(), plain.totalPackets(), plain.confidence(), plain.srcIpEntropy(),
            plain.avgPktLength(), null, null, 0, 0, List.of(
                new com.flowtriq.ftagent.incident.MitigationEntry("nft_drop_sources",
                    com.flowtriq.ftagent.incident.MitigationEntry.State.APPLIED, List.of("198.18.0.7", "198.18.0.9"),
                    2, null, 0),
                new com.flowtriq.ftagent.incident.MitigationEntry("cloudflare_block",
                    com.flowtriq.ftagent.incident.MitigationEntry.State.FAILED, List.of("198.18.0.7"), 1,
                    "HTTP 403: 10000 Authentication error", 0)));
        final FlowtriqJson json = new FlowtriqJson(new JsonFactory());

        for (final NotificationRenderer renderer : List.of(new SlackMessage(json, "edge-1"),
            new DiscordMessage(json, "edge-1"), new TeamsMessage(json, "edge-1")))
        {
            final String text = new String(renderer.render(event), StandardCharsets.UTF_8);
            assertTrue(text.contains("nft_drop_sources applied (2 targets)"), text);
            assertTrue(text.contains("cloudflare_block failed (1 target): HTTP 403: 10000 Authentication error"), text);
            assertTrue(!new String(renderer.render(plain), StandardCharsets.UTF_8).contains("Mitigation"),
                "no mitigation field when nothing was done");
        }
    }

    @Test
    void shouldKeepDiscordEmbedWithinLimitsForHugeIncident()
    {
        final IncidentEvent base = Incidents.event("big", IncidentState.OPEN, 0);
        final List<RankedItem> many = new ArrayList<>();
        for (int i = 0; i < 500; i++)
        {
            many.add(new RankedItem("2001:db8:" + "ffff:".repeat(5) + i, 1000 - i));
        }
        final IncidentEvent huge = new IncidentEvent("big", "l3l4", IncidentState.OPEN, "x".repeat(5000),
            "y".repeat(3000), base.startedAt(), base.timestamp(), null, 1, 1, 1, 1, many, many, many, Map.of(),
            Map.of(), Map.of(), Map.of(), 1, 1, 50, 0, 0);
        final byte[] body = new DiscordMessage(new FlowtriqJson(new JsonFactory()), "n").render(huge);
        final Map<String, Object> embed = ((List<Map<String, Object>>)JsonTree.object(body).get("embeds")).get(0);
        int total = ((String)embed.get("title")).length() + ((String)embed.get("description")).length() +
            ((String)((Map<String, Object>)embed.get("footer")).get("text")).length();
        assertTrue(((String)embed.get("title")).length() <= DiscordMessage.TITLE_MAX);
        assertTrue(((String)embed.get("description")).length() <= DiscordMessage.DESCRIPTION_MAX);
        final List<Map<String, Object>> fields = (List<Map<String, Object>>)embed.get("fields");
        assertTrue(fields.size() <= DiscordMessage.FIELDS_MAX);
        for (final Map<String, Object> field : fields)
        {
            assertTrue(((String)field.get("name")).length() <= DiscordMessage.FIELD_NAME_MAX);
            assertTrue(((String)field.get("value")).length() <= DiscordMessage.FIELD_VALUE_MAX);
            total += ((String)field.get("name")).length() + ((String)field.get("value")).length();
        }
        assertTrue(total <= DiscordMessage.TOTAL_MAX, "total " + total);
        assertNull(new DiscordMessage(new FlowtriqJson(new JsonFactory()), "n")
            .render(Incidents.event("u", IncidentState.UPDATE, 1)));
    }

    @Test
    void shouldRetryDiscordAfterRateLimitAndDeliverOnce() throws Exception
    {
        final AtomicInteger limited = new AtomicInteger(2);
        start((r) -> r.path().equals("/discord") && limited.getAndDecrement() > 0 ?
            RecordingHttpServer.Reply.status(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":0.1}",
                Map.of("Retry-After", "0")) :
            RecordingHttpServer.Reply.ok("{}"));
        openAndResolve("inc-rl");

        assertEquals(4, server.requests.stream().filter((r) -> r.path().equals("/discord")).count());
        assertEquals(2, server.accepted("/discord").size());
        assertEquals(2, outbox.counters().deliveryFailures.get());
    }

    @Test
    void shouldJournalEveryEventAsJsonLineAndRotateBySize() throws Exception
    {
        start((r) -> RecordingHttpServer.Reply.ok("{}"));
        for (int i = 0; i < 6; i++)
        {
            fanout.onIncident(Incidents.event("j" + i, IncidentState.OPEN, i));
        }
        runUntil(() -> journal.written.get() == 6);

        assertTrue(journal.rotations.get() >= 1, "4 KiB bound forces rotation");
        final List<String> lines = new ArrayList<>();
        for (int i = 2; i >= 1; i--)
        {
            if (Files.exists(journal.rotated(i)))
            {
                lines.addAll(Files.readAllLines(journal.rotated(i)));
            }
        }
        lines.addAll(Files.readAllLines(journal.file()));
        assertTrue(Files.size(journal.file()) <= 4096);
        final List<String> ids = lines.stream().map((l) -> (String)JsonTree.object(l).get("incident_id")).toList();
        assertEquals(ids.get(ids.size() - 1), "j5");
        for (int i = 1; i < ids.size(); i++)
        {
            assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, "in order: " + ids);
        }
        final Map<String, Object> first = JsonTree.object(lines.get(0));
        for (final String field : List.of("incident_id", "kind", "event", "family", "subtype", "vectors",
            "started_at", "ts", "ended_at", "peak_pps", "peak_bps", "baseline_pps", "threshold_pps", "top_src_ips",
            "top_dst_ips", "top_dst_ports", "top_src_ports", "protocol_breakdown", "tcp_flags", "confidence",
            "evidence"))
        {
            assertTrue(first.containsKey(field), "journal line lacks " + field);
        }
    }
}
