package com.flowtriq.ftagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.flowtriq.ftagent.agent.L7SampleAccumulator;
import com.flowtriq.ftagent.l7.AccessLogFormat;
import com.flowtriq.ftagent.l7.L7DetectorSettings;
import com.flowtriq.ftagent.l7.L7FloodDetector;
import com.flowtriq.ftagent.l7.L7LogIngest;
import com.flowtriq.ftagent.l7.L7Window;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** L7 samples from parsed log lines to {@code POST /agent/l7/metrics} on a recording API server. */
class L7SampleReportingTest
{
    private static final DateTimeFormatter CLF =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final long START = 1_700_000_000L;

    @TempDir
    Path dir;

    private static void request(final L7LogIngest ingest, final long second, final String client, final int status)
    {
        final byte[] line = (client + " - - [" + CLF.format(Instant.ofEpochSecond(second)) +
            "] \"GET /login?u=1 HTTP/1.1\" " + status + " 10 \"-\" \"test\"").getBytes(StandardCharsets.US_ASCII);
        ingest.onLine(new UnsafeBuffer(line), 0, line.length);
    }

    private static Map<String, Object> body(final List<RecordingHttpServer.Request> posted, final long totalRequests)
    {
        return posted.stream().map((request) -> JsonTree.object(request.body()))
            .filter((body) -> Long.valueOf(totalRequests).equals(body.get("total_requests")))
            .findFirst().orElseThrow(() -> new AssertionError("no sample of " + totalRequests + " requests in " +
                posted.stream().map(RecordingHttpServer.Request::bodyText).toList()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPostEachIntervalOfTheLogOnceWithTheDocumentedFields() throws Exception
    {
        try (RecordingHttpServer server = new RecordingHttpServer().start())
        {
            final ApiHarness harness = new ApiHarness(server, dir, 3_600_000);
            final L7SampleAccumulator samples = new L7SampleAccumulator(10);
            harness.l7Samples = samples::take;
            final L7LogIngest ingest = new L7LogIngest(AccessLogFormat.NGINX_COMBINED.newParser(),
                new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), new L7FloodDetector(L7DetectorSettings.defaults(),
                (incident) ->
                {
                }), samples);

            for (long s = START; s < START + 20; s++)
            {
                final int rps = s < START + 10 ? 3 : 5;
                for (int i = 0; i < rps; i++)
                {
                    request(ingest, s, "198.18.7." + i, i == 0 ? 500 : 200);
                }
                ingest.advanceTo(s + 1);
                harness.agent.doWork();
            }
            ingest.advanceTo(START + 21);
            harness.runUntil(() -> server.accepted("/api/v1/agent/l7/metrics").size() == 2);
            for (int i = 0; i < 20; i++)
            {
                harness.agent.doWork();
            }

            final List<RecordingHttpServer.Request> posted = server.accepted("/api/v1/agent/l7/metrics");
            assertEquals(2, posted.size(), "one post per interval, none twice");
            // Found by content, not position: the order of droppable samples is the outbox's business.
            final Map<String, Object> first = body(posted, 30L);
            assertEquals(30L, first.get("total_requests"));
            assertEquals(3.0, ((Number)first.get("rps")).doubleValue());
            assertEquals(1 / 3.0, ((Number)first.get("error_rate")).doubleValue(), 1e-9);
            assertEquals(3L, first.get("unique_ips"));
            assertEquals(10L, first.get("window_seconds"));
            assertEquals(20L, ((Map<String, Object>)first.get("status_codes")).get("2xx"));
            assertEquals(10L, ((Map<String, Object>)first.get("status_codes")).get("5xx"));
            final Map<String, Object> topPath = ((List<Map<String, Object>>)first.get("top_paths")).get(0);
            assertEquals("/login", topPath.get("path"));
            assertEquals(30L, topPath.get("count"));
            assertEquals(3, ((List<Object>)first.get("top_ips")).size());
            final Map<String, Object> second = body(posted, 50L);
            assertEquals(5L, second.get("unique_ips"));
        }
    }
}
