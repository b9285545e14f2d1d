package com.flowtriq.ftagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.flowtriq.ftagent.config.ConfigLoader;
import com.flowtriq.ftagent.config.L7Config;
import com.flowtriq.ftagent.l7.L7LogStatistics;
import com.flowtriq.ftagent.l7.TailerCheckpoint;
import com.flowtriq.ftagent.l7.TailerCheckpointFile;
import com.flowtriq.ftagent.report.PrometheusTextParser;
import com.flowtriq.ftagent.report.PrometheusTextWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The L7 stage as {@code run} starts it: a real polling thread over real files. Restart tests stop the runtime,
 * change the log while it is down, and start a new one on the same state directory.
 */
class L7RuntimeTest
{
    private static final DateTimeFormatter CLF =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    private int written;

    private L7Config config(final Path log) throws IOException
    {
        final Path file = dir.resolve("config.json");
        final String path = log.toString().replace("\\", "\\\\").replace("\"", "\\\"");
        Files.writeString(file, "{\"l7_logs\": [{\"path\": \"" + path + "\", \"format\": \"nginx_combined\"}], " +
            "\"l7_max_line_bytes\": 256}\n");
        return ConfigLoader.load(file).orThrow().l7();
    }

    private L7Runtime start(final Path log) throws IOException
    {
        final L7Runtime runtime = L7Runtime.start(config(log), dir.resolve("state"), 10, (incident) ->
        {
        });
        assertNotNull(runtime);
        return runtime;
    }

    /** Appends n requests, each with its own number in the path so that a duplicate could be told apart. */
    private void appendRequests(final Path log, final int n) throws IOException
    {
        final StringBuilder lines = new StringBuilder();
        final String now = CLF.format(Instant.now());
        for (int i = 0; i < n; i++)
        {
            lines.append("198.18.0.").append(1 + written % 200).append(" - - [").append(now).append("] \"GET /r/")
                .append(written++).append(" HTTP/1.1\" 200 12 \"-\" \"test\"\n");
        }
        Files.writeString(log, lines, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void append(final Path log, final String text) throws IOException
    {
        Files.writeString(log, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Waits (up to 20 s) for the L7 thread to publish what the test expects. */
    private static L7LogStatistics await(final L7Runtime runtime, final Predicate<L7LogStatistics> condition)
        throws InterruptedException
    {
        final L7LogStatistics statistics = runtime.statistics().get(0);
        for (int i = 0; i < 2000 && !condition.test(statistics); i++)
        {
            Thread.sleep(10);
        }
        assertTrue(condition.test(statistics), () -> "not reached: lines " + statistics.lines() + ", files opened " +
            statistics.filesOpened() + ", rotations " + statistics.rotations());
        return statistics;
    }

    @Test
    void shouldReadLinesWrittenWhileStoppedExactlyOnceAfterRestart() throws Exception
    {
        final Path log = dir.resolve("access.log");
        appendRequests(log, 5);

        final L7Runtime first = start(log);
        await(first, (s) -> s.filesOpened() == 1);
        appendRequests(log, 3);
        await(first, (s) -> s.lines() == 3);
        first.close();
        assertEquals(3, first.statistics().get(0).lines(), "a first start reads only what comes after it");
        assertTrue(Files.exists(dir.resolve("state").resolve(TailerCheckpointFile.FILE_NAME)));

        appendRequests(log, 4);
        append(log, "not an access log line\n");
        appendRequests(log, 2);
        append(log, "198.18.0.9 - - [" + CLF.format(Instant.now()) + "] \"GET /partial");

        final L7Runtime second = start(log);
        await(second, (s) -> s.lines() == 7);
        append(log, " HTTP/1.1\" 200 1 \"-\" \"test\"\n");
        written++;
        appendRequests(log, 2);
        await(second, (s) -> s.lines() == 10);
        second.close();

        final L7LogStatistics after = second.statistics().get(0);
        assertEquals(10, after.lines(), "every line written while stopped or after, once");
        assertEquals(9, after.requests());
        assertEquals(1, after.unparseable());
        assertEquals(0, after.rotations());
        final TailerCheckpoint saved = new TailerCheckpointFile(dir.resolve("state"), new JsonFactory()).load()
            .get(log.toString());
        assertEquals(Files.size(log), saved.offset(), "the checkpoint on close is the end of the last line");
    }

    @Test
    void shouldFinishTheRenamedFileThenReadTheNewOneWhenRotatedWhileStopped() throws Exception
    {
        final Path log = dir.resolve("access.log");
        appendRequests(log, 2);
        final L7Runtime first = start(log);
        await(first, (s) -> s.filesOpened() == 1);
        appendRequests(log, 3);
        await(first, (s) -> s.lines() == 3);
        first.close();

        // The server logs two more requests, then logrotate renames the file and the server reopens a new one.
        appendRequests(log, 2);
        Files.move(log, dir.resolve("access.log.1"));
        appendRequests(log, 4);

        final L7Runtime second = start(log);
        await(second, (s) -> s.lines() == 6);
        appendRequests(log, 1);
        await(second, (s) -> s.lines() == 7);
        second.close();

        final L7LogStatistics after = second.statistics().get(0);
        assertEquals(7, after.lines(), "rest of the renamed file, all of the new one, nothing twice");
        assertEquals(7, after.requests());
        assertEquals(1, after.rotations());
    }

    @Test
    void shouldIgnoreACorruptCheckpointFileAndStartAtTheEnd() throws Exception
    {
        final Path log = dir.resolve("access.log");
        appendRequests(log, 5);
        final Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve(TailerCheckpointFile.FILE_NAME), "{\"version\":1,\"logs\":[{\"path\":");

        final L7Runtime runtime = start(log);
        await(runtime, (s) -> s.filesOpened() == 1);
        appendRequests(log, 2);
        await(runtime, (s) -> s.lines() == 2);
        runtime.close();

        assertEquals(2, runtime.statistics().get(0).lines(), "as on a first start: only new lines");
        assertEquals(Files.size(log), new TailerCheckpointFile(state, new JsonFactory()).load().get(log.toString())
            .offset(), "the corrupt file is replaced by a good one");
    }

    @Test
    void shouldExportTheLogCountsOnMetricsAndHealthWithTheLogPathEscaped() throws Exception
    {
        final Path log = dir.resolve("acc\"ess\\log");
        appendRequests(log, 1);
        final L7Runtime runtime = start(log);
        try
        {
            await(runtime, (s) -> s.filesOpened() == 1);
            appendRequests(log, 6);
            append(log, "\u0001\u0002 binary noise\n");
            append(log, "x".repeat(1000) + "\n");
            append(log, "198.18.0.1 - - [bad time] \"GET / HTTP/1.1\" 200 1 \"-\" \"t\"\n");
            appendRequests(log, 1);
            await(runtime, (s) -> s.lines() == 9);

            final PrometheusTextWriter writer = new PrometheusTextWriter();
            L7Metrics.collect(writer, runtime.statistics());
            final Map<String, Double> series = PrometheusTextParser.parse(writer.text());
            final String label = "{log=" + log.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "}";
            assertEquals(9.0, series.get("ftagent_l7_lines_total" + label), writer.text());
            assertEquals(7.0, series.get("ftagent_l7_requests_total" + label));
            assertEquals(2.0, series.get("ftagent_l7_lines_unparseable_total" + label));
            assertEquals(1.0, series.get("ftagent_l7_lines_too_long_total" + label));
            assertEquals(0.0, series.get("ftagent_l7_rotations_total" + label));
            assertEquals(0.0, series.get("ftagent_l7_incidents_total" + label));
            assertEquals(0.0, series.get("ftagent_l7_incident_open" + label));
            assertTrue(series.get("ftagent_l7_threshold_requests_per_second" + label) >= 1);
            assertTrue(series.containsKey("ftagent_l7_requests_per_second" + label));
            assertTrue(series.containsKey("ftagent_l7_baseline_requests_per_second" + label));

            final StringWriter health = new StringWriter();
            try (JsonGenerator json = new JsonFactory().createGenerator(health))
            {
                json.writeStartObject();
                L7Metrics.writeHealth(json, runtime.statistics());
                json.writeEndObject();
            }
            final String text = health.toString();
            for (final String field : new String[] {"\"format\":\"nginx_combined\"", "\"lines\":9",
                "\"requests\":7", "\"unparseable\":2", "\"too_long\":1", "\"found\":true",
                "\"unparseable_by_reason\":{\"bad_timestamp\":1,\"bad_syntax\":1}"})
            {
                assertTrue(text.contains(field), field + " missing from " + text);
            }
            assertTrue(text.contains("\"path\":\"" + log.toString().replace("\\", "\\\\").replace("\"", "\\\"")),
                text);
        }
        finally
        {
            runtime.close();
        }
    }
}
