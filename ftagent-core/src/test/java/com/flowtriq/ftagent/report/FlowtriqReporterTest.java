package com.flowtriq.ftagent.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowtriqReporterTest
{
    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (final AutoCloseable closeable : closeables)
        {
            closeable.close();
        }
    }

    private RecordingHttpServer server() throws Exception
    {
        final RecordingHttpServer server = new RecordingHttpServer();
        closeables.add(server);
        return server;
    }

    private static RecordingHttpServer.Reply apiReply(final RecordingHttpServer.Request request)
    {
        if (request.path().equals("/api/v1/agent/incidents"))
        {
            final String id = (String)JsonTree.object(request.body()).get("attack_subtype");
            return RecordingHttpServer.Reply.ok("{\"uuid\":\"srv-" + id + "\"}");
        }
        if (request.path().equals("/api/v1/agent/config"))
        {
            return RecordingHttpServer.Reply.ok("{\"attack_holddown\":5,\"attack_cooldown\":30,\"pcap_enabled\":true}");
        }
        return RecordingHttpServer.Reply.ok("{}");
    }

    private static void assertStandardHeaders(final RecordingHttpServer.Request request, final String contentType)
    {
        assertEquals("Bearer " + ApiHarness.KEY, request.header("Authorization"), request.path());
        assertEquals(ApiHarness.NODE, request.header("X-Node-UUID"), request.path());
        assertEquals("ftagent/" + ApiHarness.VERSION, request.header("User-Agent"), request.path());
        assertTrue(request.header("Content-Type").startsWith(contentType), request.path() + " " +
            request.header("Content-Type"));
    }

    private static void assertFields(final Map<String, Object> body, final String... names)
    {
        for (final String name : names)
        {
            assertTrue(body.containsKey(name), "missing " + name + " in " + body);
        }
    }

    private static IncidentEvent event(final String id, final IncidentState state, final int second)
    {
        final IncidentEvent base = Incidents.event(id, state, second);
        // The subtype carries the id so the fake server can derive a distinct uuid per incident.
        return new IncidentEvent(base.incidentId(), base.kind(), base.state(), base.family(), id, base.startedAt(),
            base.timestamp(), base.endedAt(), base.peakPps(), base.peakBps(), base.baselinePps(),
            base.thresholdPps(), base.topSrcIps(), base.topDstIps(), base.topDstPorts(), base.protocolBreakdown(),
            base.tcpFlags(), base.pktLengthHistogram(), base.ttlDistribution(), base.sourceIpCount(),
            base.totalPackets(), base.confidence(), base.srcIpEntropy(), base.avgPktLength());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCallEveryEndpointWithDocumentedPathHeadersAndFields() throws Exception
    {
        final RecordingHttpServer server = server().respond(FlowtriqReporterTest::apiReply).start();
        final ApiHarness harness = new ApiHarness(server, dir, 3_600_000);
        final Path pcap = dir.resolve("small.pcap");
        Files.write(pcap, new byte[]{ 1, 2, 3, 4, 5 });

        harness.fanout.onIncident(event("a", IncidentState.OPEN, 0));
        harness.fanout.onIncident(event("a", IncidentState.UPDATE, 10));
        harness.fanout.onIncident(event("a", IncidentState.RESOLVE, 20));
        harness.runUntil(() -> server.accepted("/api/v1/agent/incidents/srv-a/resolve").size() == 1);
        harness.reporter.uploadPcap("a", pcap);
        harness.reporter.ackCommand("c-17", false, "not a typed action");
        harness.reporter.submitL7(new L7Sample(120, 0.25, 40, 1200, List.of(new RankedItem("/login", 900)),
            List.of(new RankedItem("198.18.1.1", 300)), Map.of("2xx", 900L, "5xx", 300L), 10));
        harness.runUntil(() -> harness.outbox.counters().depth.get() == 0 &&
            server.accepted("/api/v1/agent/l7/metrics").size() == 1);

        final Map<String, RecordingHttpServer.Request> byPath = new HashMap<>();
        for (final RecordingHttpServer.Request request : server.accepted)
        {
            byPath.putIfAbsent(request.method() + " " + request.path(), request);
        }

        final RecordingHttpServer.Request heartbeat = byPath.get("POST /api/v1/agent/heartbeat");
        assertStandardHeaders(heartbeat, "application/json");
        final Map<String, Object> hb = JsonTree.object(heartbeat.body());
        assertFields(hb, "version", "baseline_ready", "baseline_avg_pps", "baseline_p99_pps", "pcap_active",
            "retry_queue_size");
        assertEquals(ApiHarness.VERSION, hb.get("version"));

        final RecordingHttpServer.Request config = byPath.get("GET /api/v1/agent/config");
        assertStandardHeaders(config, "application/json");
        assertEquals(5, harness.configs.get(0).attackHolddown());

        final RecordingHttpServer.Request metrics = byPath.get("POST /api/v1/agent/metrics");
        assertStandardHeaders(metrics, "application/json");
        assertFields(JsonTree.object(metrics.body()), "pps", "bps", "tcp_pct", "udp_pct", "icmp_pct", "conn_count",
            "threshold", "avg_pps", "samples");

        final RecordingHttpServer.Request open = byPath.get("POST /api/v1/agent/incidents");
        assertStandardHeaders(open, "application/json");
        final Map<String, Object> openBody = JsonTree.object(open.body());
        assertFields(openBody, "peak_pps", "peak_bps", "started_at", "attack_family", "attack_subtype",
            "baseline_pps", "duration", "top_src_ips", "top_dst_ports", "source_ip_count");
        assertEquals("2026-11-24T10:00:00Z", openBody.get("started_at"));
        assertEquals(0L, openBody.get("duration"));
        final Map<String, Object> firstSource = ((List<Map<String, Object>>)openBody.get("top_src_ips")).get(0);
        assertEquals(Map.of("ip", "198.18.0.7", "count", 600L), firstSource);
        final Map<String, Object> firstPort = ((List<Map<String, Object>>)openBody.get("top_dst_ports")).get(0);
        assertEquals(Map.of("port", 53L, "count", 900L), firstPort);

        final RecordingHttpServer.Request update = byPath.get("POST /api/v1/agent/incidents/srv-a");
        assertStandardHeaders(update, "application/json");
        final Map<String, Object> updateBody = JsonTree.object(update.body());
        final String[] updateFields = { "peak_pps", "peak_bps", "attack_family", "attack_subtype",
            "protocol_breakdown", "source_ip_count", "total_packets", "top_src_ips", "top_dst_ports" };
        assertFields(updateBody, updateFields);
        assertEquals(Set.of("tcp", "udp", "icmp", "other", "fragments"),
            ((Map<String, Object>)updateBody.get("protocol_breakdown")).keySet());
        final Map<String, Object> pctSource = ((List<Map<String, Object>>)updateBody.get("top_src_ips")).get(0);
        assertEquals(60.0, pctSource.get("pct"));

        final RecordingHttpServer.Request resolve = byPath.get("POST /api/v1/agent/incidents/srv-a/resolve");
        assertStandardHeaders(resolve, "application/json");
        final Map<String, Object> resolveBody = JsonTree.object(resolve.body());
        assertFields(resolveBody, updateFields);
        assertFields(resolveBody, "duration_seconds", "confidence", "src_ip_entropy", "tcp_flag_breakdown",
            "pkt_length_histogram", "ttl_distribution", "avg_pkt_length");
        assertEquals(20L, resolveBody.get("duration_seconds"));
        assertEquals(Set.of("SYN", "ACK", "RST", "FIN", "PSH", "URG"),
            ((Map<String, Object>)resolveBody.get("tcp_flag_breakdown")).keySet());

        final RecordingHttpServer.Request upload = byPath.get("POST /api/v1/agent/incidents/srv-a/pcap");
        assertStandardHeaders(upload, "multipart/form-data; boundary=");
        final String boundary = upload.header("Content-Type").substring(
            upload.header("Content-Type").indexOf("boundary=") + "boundary=".length());
        final byte[] content = multipartField(upload.body(), boundary, "pcap");
        assertArrayEquals(new byte[]{ 1, 2, 3, 4, 5 }, content);

        final RecordingHttpServer.Request ack = byPath.get("POST /api/v1/agent/commands/ack");
        assertStandardHeaders(ack, "application/json");
        final Map<String, Object> ackBody = JsonTree.object(ack.body());
        assertEquals("c-17", ackBody.get("command_id"));
        assertEquals("failed", ackBody.get("status"));
        assertEquals("not a typed action", ackBody.get("error"));

        final RecordingHttpServer.Request l7 = byPath.get("POST /api/v1/agent/l7/metrics");
        assertStandardHeaders(l7, "application/json");
        final Map<String, Object> l7Body = JsonTree.object(l7.body());
        assertFields(l7Body, "rps", "error_rate", "unique_ips", "total_requests", "top_paths", "top_ips",
            "status_codes", "window_seconds");
        assertEquals(900L, ((Map<String, Object>)l7Body.get("status_codes")).get("2xx"));
    }

    /**
     * Extracts one field of a multipart/form-data body, checking its name on the way.
     */
    private static byte[] multipartField(final byte[] body, final String boundary, final String name)
    {
        final String text = new String(body, StandardCharsets.ISO_8859_1);
        final String start = "--" + boundary + "\r\n";
        assertTrue(text.startsWith(start), "multipart must start with the boundary");
        final int headersEnd = text.indexOf("\r\n\r\n");
        final String partHeaders = text.substring(start.length(), headersEnd);
        assertTrue(partHeaders.contains("name=\"" + name + "\""), partHeaders);
        final int end = text.indexOf("\r\n--" + boundary + "--\r\n");
        assertTrue(end > headersEnd, "closing boundary");
        return text.substring(headersEnd + 4, end).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void shouldUploadFiveMibPcapInThreeChunksThatReassembleByteIdentical() throws Exception
    {
        final RecordingHttpServer server = server().respond(FlowtriqReporterTest::apiReply).start();
        final ApiHarness harness = new ApiHarness(server, dir, 3_600_000);
        final byte[] content = new byte[5 * 1024 * 1024];
        new Random(5).nextBytes(content);
        final Path pcap = dir.resolve("big.pcap");
        Files.write(pcap, content);

        harness.fanout.onIncident(event("b", IncidentState.OPEN, 0));
        harness.agent.doWork();
        assertEquals(3, harness.reporter.uploadPcap("b", pcap));
        harness.runUntil(() -> server.accepted("/api/v1/agent/incidents/srv-b/pcap").size() == 3);

        final List<RecordingHttpServer.Request> chunks = server.accepted("/api/v1/agent/incidents/srv-b/pcap");
        final String uploadId = chunks.get(0).header("X-Upload-Id");
        assertTrue(uploadId.matches("[0-9a-f]{16}"), uploadId);
        final byte[][] parts = new byte[3][];
        for (final RecordingHttpServer.Request chunk : chunks)
        {
            assertStandardHeaders(chunk, "application/octet-stream");
            assertEquals(uploadId, chunk.header("X-Upload-Id"));
            assertEquals("3", chunk.header("X-Chunk-Total"));
            final int index = Integer.parseInt(chunk.header("X-Chunk-Index"));
            parts[index] = chunk.body();
        }
        assertEquals(2 * 1024 * 1024, parts[0].length);
        assertEquals(2 * 1024 * 1024, parts[1].length);
        final ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            whole.write(part);
        }
        assertArrayEquals(content, whole.toByteArray());
    }

    @Test
    void shouldRetryOpenUntilReplyCarriesUuidAndHoldUpdateUntilThen() throws Exception
    {
        final AtomicInteger opens = new AtomicInteger();
        final RecordingHttpServer server = server().respond((request) ->
        {
            if (request.path().equals("/api/v1/agent/incidents"))
            {
                return opens.incrementAndGet() < 3 ? RecordingHttpServer.Reply.ok("{}") :
                    RecordingHttpServer.Reply.ok("{\"uuid\":\"u-1\",\"pending_commands\":[{\"id\":9," +
                        "\"command_type\":\"iptables\",\"command_text\":\"drop\",\"title\":\"t\"}]}");
            }
            return RecordingHttpServer.Reply.ok("{}");
        }).start();
        final ApiHarness harness = new ApiHarness(server, dir, 3_600_000);
        harness.fanout.onIncident(event("c", IncidentState.OPEN, 0));
        harness.fanout.onIncident(event("c", IncidentState.UPDATE, 10));
        harness.runUntil(() -> server.accepted("/api/v1/agent/incidents/u-1").size() == 1);

        final List<String> incidentPaths = server.accepted("/api/v1/agent/incidents").stream()
            .map(RecordingHttpServer.Request::path).toList();
        assertEquals(List.of("/api/v1/agent/incidents", "/api/v1/agent/incidents", "/api/v1/agent/incidents",
            "/api/v1/agent/incidents/u-1"), incidentPaths);
        assertEquals(List.of(new PendingCommand("9", "iptables", "drop", "t")), harness.commands);
    }

    @Test
    void shouldSetAsideRejectedRequestWithServerMessage() throws Exception
    {
        final RecordingHttpServer server = server().respond((request) -> request.path().endsWith("/ack") ?
            RecordingHttpServer.Reply.status(422, "{\"message\":\"unknown command_id\"}", Map.of()) :
            RecordingHttpServer.Reply.ok("{}")).start();
        final ApiHarness harness = new ApiHarness(server, dir, 3_600_000);
        harness.reporter.ackCommand("nope", true, null);
        harness.runUntil(() -> harness.outbox.counters().deadLettered.get() == 1);

        try (var files = Files.list(dir.resolve("outbox").resolve("dead")))
        {
            final Path reason = files.filter((p) -> p.toString().endsWith(".reason")).findFirst().orElseThrow();
            final String text = Files.readString(reason);
            assertTrue(text.contains("status=422") && text.contains("unknown command_id"), text);
        }
        assertEquals(1, server.requests.stream().filter((r) -> r.path().endsWith("/ack")).count(),
            "a 4xx is not retried");
    }

    @Test
    void shouldDeliverEveryIncidentEventOnceInOrderThroughOutageWithoutBlockingDetection() throws Exception
    {
        final RecordingHttpServer server = server();
        final AtomicInteger busy = new AtomicInteger(4);
        final ApiHarness harness = new ApiHarness(server, dir, 3_600_000);
        final ReportThread thread = new ReportThread(harness.agent);
        closeables.add(0, thread);

        final List<String> expected = new ArrayList<>();
        final Thread detector = new Thread(() ->
        {
            for (int second = 0; second < 30; second++)
            {
                for (int incident = 0; incident < 3; incident++)
                {
                    final String id = "o" + incident;
                    final IncidentState state = second == 0 ? IncidentState.OPEN :
                        second == 29 ? IncidentState.RESOLVE : IncidentState.UPDATE;
                    harness.fanout.onIncident(event(id, state, second));
                    synchronized (expected)
                    {
                        expected.add(id + "#" + second);
                    }
                }
            }
        }, "fake-detector");
        final long start = System.nanoTime();
        detector.start();
        detector.join();
        final long detectorMillis = (System.nanoTime() - start) / 1_000_000;

        // Phase 1: nothing listens (refused). Phase 2: 503 with Retry-After. Phase 3: healthy.
        Thread.sleep(300);
        assertTrue(harness.outbox.counters().deliveryFailures.get() > 0, "the outage was seen");
        server.respond((request) -> busy.getAndDecrement() > 0 ?
            RecordingHttpServer.Reply.status(503, "{\"message\":\"maintenance\"}", Map.of("Retry-After", "1")) :
            apiReply(request)).start();
        final long deadline = System.currentTimeMillis() + 20_000;
        while ((server.accepted("/api/v1/agent/incidents").size() < 90 || harness.outbox.counters().depth.get() > 0) &&
            System.currentTimeMillis() < deadline)
        {
            Thread.sleep(20);
        }

        final Map<String, List<Long>> secondsByIncident = new HashMap<>();
        for (final RecordingHttpServer.Request request : server.accepted("/api/v1/agent/incidents"))
        {
            final String path = request.path();
            final String id = path.equals("/api/v1/agent/incidents") ?
                (String)JsonTree.object(request.body()).get("attack_subtype") :
                path.substring("/api/v1/agent/incidents/srv-".length()).replace("/resolve", "");
            final long peak = ((Number)JsonTree.object(request.body()).get("peak_pps")).longValue();
            secondsByIncident.computeIfAbsent(id, (k) -> new ArrayList<>()).add(peak - 250_000);
        }
        final List<Long> inOrder = new ArrayList<>();
        for (long s = 0; s < 30; s++)
        {
            inOrder.add(s);
        }
        assertEquals(Set.of("o0", "o1", "o2"), secondsByIncident.keySet());
        for (final List<Long> seconds : secondsByIncident.values())
        {
            assertEquals(inOrder, seconds, "each event exactly once, in order");
        }
        assertTrue(server.requests.stream().anyMatch((r) -> r.path().equals("/api/v1/agent/incidents")) &&
            busy.get() < 0, "the 503 phase was seen");
        for (final Thread t : harness.deliveryThreads)
        {
            assertNotSame(detector, t);
            assertEquals(thread.thread(), t, "every delivery on the reporting thread");
        }
        // Generous bound: 90 offers to a lock-free queue; a blocked send would take seconds.
        assertTrue(detectorMillis < 2_000, "detector loop took " + detectorMillis + " ms");
    }

    @Test
    void shouldDeliverEventsLeftInOutboxByPreviousRun() throws Exception
    {
        final RecordingHttpServer server = server();
        final ApiHarness first = new ApiHarness(server, dir, 3_600_000);
        first.sample = null;
        first.fanout.onIncident(event("r", IncidentState.OPEN, 0));
        first.fanout.onIncident(event("r", IncidentState.UPDATE, 1));
        first.fanout.onIncident(event("r", IncidentState.RESOLVE, 2));
        first.reporter.ackCommand("k1", true, null);
        first.agent.doWork();
        assertEquals(4, first.outbox.counters().depth.get(), "server down: all four on disk");

        server.respond(FlowtriqReporterTest::apiReply).start();
        final ApiHarness second = new ApiHarness(server, dir, 3_600_000);
        assertEquals(4, second.outbox.counters().replayed.get());
        second.runUntil(() -> second.outbox.counters().depth.get() == 0);

        final List<String> paths = server.accepted.stream().map(RecordingHttpServer.Request::path)
            .filter((p) -> p.contains("/incidents") || p.contains("/ack")).toList();
        // Submission order: the ack went straight to the outbox, the incident events via the fan-out's pass.
        assertEquals(List.of("/api/v1/agent/commands/ack", "/api/v1/agent/incidents",
            "/api/v1/agent/incidents/srv-r", "/api/v1/agent/incidents/srv-r/resolve"), paths);
    }

    @Test
    void shouldApplyOnlyValidatedConfigAndPassEachPendingCommandOnce() throws Exception
    {
        final RecordingHttpServer server = server().respond((request) -> RecordingHttpServer.Reply.ok(
            "{\"attack_holddown\":2,\"attack_cooldown\":10,\"pps_threshold\":\"lots\",\"dynamic_threshold\":false," +
                "\"surprise\":{\"nested\":[1,2]},\"l7\":{\"enabled\":true,\"sensitivity\":\"extreme\"," +
                "\"error_rate_threshold\":0.4},\"pending_commands\":[{\"id\":\"x1\",\"command_type\":\"block\"," +
                "\"command_text\":\"198.18.0.7\",\"title\":\"block\"},{\"command_type\":\"noid\"}]}")).start();
        final ApiHarness harness = new ApiHarness(server, dir, 3_600_000);
        harness.reporter.pollConfig();
        harness.reporter.pollConfig();

        final ServerConfig config = harness.configs.get(0);
        assertEquals(null, config.attackHolddown(), "holddown below 3 ignored");
        assertEquals(10, config.attackCooldown());
        assertEquals(null, config.ppsThreshold());
        assertEquals(false, config.dynamicThreshold());
        assertEquals(true, config.l7().enabled());
        assertEquals(null, config.l7().sensitivity());
        assertEquals(0.4, config.l7().errorRateThreshold());
        assertEquals(4, config.rejected().size(), config.rejected().toString());
        assertEquals(List.of(new PendingCommand("x1", "block", "198.18.0.7", "block")), harness.commands);
    }

    @Test
    void shouldNeverThrowOnMalformedConfig()
    {
        final ServerConfigParser parser = new ServerConfigParser(new com.fasterxml.jackson.core.JsonFactory());
        for (final String body : List.of("", "[1,2]", "{\"attack_holddown\":", "{\"l7\":[{]}", "null",
            "{\"pending_commands\":{\"id\":1}}", "{\"attack_cooldown\":1e400}"))
        {
            final ServerConfig config = parser.parse(body.getBytes(StandardCharsets.UTF_8));
            assertEquals(null, config.attackCooldown(), body);
            assertFalse(config.rejected().isEmpty(), body);
        }
    }

    @Test
    void shouldProbeWithHeartbeatWhenBreakerIsOpenAndNothingIsQueued() throws Exception
    {
        final RecordingHttpServer server = server();
        final ApiHarness harness = new ApiHarness(server, dir, 1_000);
        harness.sample = null;
        long now = 1_000_000;
        for (int i = 0; i < 5; i++)
        {
            harness.reporter.doWork(now += 1_000);
        }
        assertEquals(CircuitBreaker.State.OPEN, harness.outbox.breakerState(FlowtriqDestination.CHANNEL));
        assertEquals(0, harness.outbox.counters().depth.get(), "nothing queued that could probe");

        server.respond(FlowtriqReporterTest::apiReply).start();
        harness.reporter.doWork(now += 1_000);

        assertEquals(1, harness.reporter.heartbeatsSent.get(), "the heartbeat was the half-open probe");
        assertEquals(CircuitBreaker.State.CLOSED, harness.outbox.breakerState(FlowtriqDestination.CHANNEL));
    }

    @Test
    void shouldKeepDetectorUnblockedWhileServerRepliesSlowly() throws Exception
    {
        final RecordingHttpServer server = server().respond((request) ->
        {
            final RecordingHttpServer.Reply reply = apiReply(request);
            return new RecordingHttpServer.Reply(reply.status(), reply.headers(), reply.body(), 200);
        }).start();
        final ApiHarness harness = new ApiHarness(server, dir, 3_600_000);
        final ReportThread thread = new ReportThread(harness.agent);
        closeables.add(0, thread);

        long slowest = 0;
        for (int second = 0; second < 5; second++)
        {
            final long start = System.nanoTime();
            harness.fanout.onIncident(event("s", second == 0 ? IncidentState.OPEN : IncidentState.UPDATE, second));
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        final long deadline = System.currentTimeMillis() + 20_000;
        while (server.accepted("/api/v1/agent/incidents").size() < 5 && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(20);
        }
        assertEquals(5, server.accepted("/api/v1/agent/incidents").size());
        // Each reply takes 200 ms; a submit that waited for one would take at least that.
        assertTrue(slowest < 200_000_000L, "slowest submit " + slowest / 1000 + " us");
        assertTrue(harness.deliveryThreads.stream().allMatch((t) -> t == thread.thread()));
    }

    @Test
    void shouldDiagnoseTimeoutWhenReplyIsSlowerThanRequestTimeout() throws Exception
    {
        final RecordingHttpServer server = server().respond((request) ->
            new RecordingHttpServer.Reply(200, Map.of(), new byte[0], 2_000)).start();
        final FlowtriqApiClient client = new FlowtriqApiClient(
            ApiSettings.of(server.uri("/api/v1"), "k", "n", "v").withRequestTimeout(java.time.Duration.ofMillis(300)),
            java.net.http.HttpClient.newHttpClient());
        final HttpOutcome outcome = client.get("/agent/config");
        assertEquals(0, outcome.statusCode());
        assertEquals("timeout waiting for the reply", outcome.diagnosis());
        assertEquals(DeliveryResult.Outcome.RETRY, outcome.toDeliveryResult((b) -> "").outcome());
    }

    @Test
    void shouldParseRetryAfterAsSecondsOrHttpDate()
    {
        assertEquals(3_000, HttpOutcome.parseRetryAfter("3", 0));
        assertEquals(0, HttpOutcome.parseRetryAfter("soon", 0));
        assertEquals(5_000, HttpOutcome.parseRetryAfter("Thu, 01 Jan 1970 00:00:10 GMT", 5_000));
    }
}
