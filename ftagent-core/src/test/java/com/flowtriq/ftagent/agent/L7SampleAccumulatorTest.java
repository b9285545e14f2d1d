package com.flowtriq.ftagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.flowtriq.ftagent.l7.AccessLogFormat;
import com.flowtriq.ftagent.l7.L7DetectorSettings;
import com.flowtriq.ftagent.l7.L7FloodDetector;
import com.flowtriq.ftagent.l7.L7LogIngest;
import com.flowtriq.ftagent.l7.L7Window;
import com.flowtriq.ftagent.report.L7Sample;
import com.flowtriq.ftagent.report.RankedItem;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class L7SampleAccumulatorTest
{
    private static final DateTimeFormatter CLF =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** A multiple of 10, so the 10-second intervals start here. */
    static final long START = 1_700_000_000L;

    /** One log's ingest delivering its closed seconds to the accumulator. */
    static L7LogIngest ingest(final L7SampleAccumulator samples)
    {
        return new L7LogIngest(AccessLogFormat.NGINX_COMBINED.newParser(),
            new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), new L7FloodDetector(L7DetectorSettings.defaults(), (incident) ->
            {
            }), samples);
    }

    static void request(
        final L7LogIngest ingest, final long second, final String client, final String path, final int status)
    {
        final byte[] line = (client + " - - [" + CLF.format(Instant.ofEpochSecond(second)) + "] \"GET " + path +
            " HTTP/1.1\" " + status + " 10 \"-\" \"test\"").getBytes(StandardCharsets.US_ASCII);
        ingest.onLine(new UnsafeBuffer(line), 0, line.length);
    }

    @Test
    void shouldSumEveryLogsSecondsOfOneIntervalIntoOneSample()
    {
        final L7SampleAccumulator samples = new L7SampleAccumulator(10);
        final L7LogIngest nginx = ingest(samples);
        final L7LogIngest apache = ingest(samples);
        for (long s = START; s < START + 10; s++)
        {
            for (int i = 0; i < 6; i++)
            {
                request(nginx, s, "198.18.0.1", "/login", 200);
            }
            request(nginx, s, "198.18.0.2", "/", 404);
            request(apache, s, "198.18.0." + (10 + s - START), "/api", 503);
            nginx.advanceTo(s + 1);
            apache.advanceTo(s + 1);
        }
        assertNull(samples.take(), "the interval is complete only when a second of the next one closes");
        request(nginx, START + 10, "198.18.0.1", "/login", 200);
        nginx.advanceTo(START + 11);

        final L7Sample sample = samples.take();
        assertEquals(80, sample.totalRequests());
        assertEquals(8.0, sample.rps());
        assertEquals(20 / 80.0, sample.errorRate());
        assertEquals(12, sample.uniqueIps());
        assertEquals(Map.of("1xx", 0L, "2xx", 60L, "3xx", 0L, "4xx", 10L, "5xx", 10L), sample.statusCodes());
        assertEquals(new RankedItem("198.18.0.1", 60), sample.topIps().get(0));
        assertEquals(List.of(new RankedItem("/login", 60), new RankedItem("/", 10), new RankedItem("/api", 10)),
            sample.topPaths().stream().sorted((a, b) -> Long.compare(b.count(), a.count())).toList());
        assertEquals(10, sample.windowSeconds());
        assertNull(samples.take(), "each sample is handed out once");
    }

    @Test
    void shouldReplaceASampleNotTakenWithTheNext()
    {
        final L7SampleAccumulator samples = new L7SampleAccumulator(2);
        final L7LogIngest log = ingest(samples);
        for (long s = START; s < START + 6; s++)
        {
            for (int i = 0; i <= s - START; i++)
            {
                request(log, s, "198.18.0.1", "/", 200);
            }
            log.advanceTo(s + 1);
        }

        // Intervals [0,2) and [2,4) are complete; only the latest is kept: seconds 2 and 3 with 3 + 4 requests.
        final L7Sample sample = samples.take();
        assertEquals(7, sample.totalRequests());
        assertEquals(3.5, sample.rps());
        assertNull(samples.take());
    }

    @Test
    void shouldMakeEmptySamplesWhileTheServerIsQuiet()
    {
        final L7SampleAccumulator samples = new L7SampleAccumulator(10);
        final L7LogIngest log = ingest(samples);
        for (long s = START; s <= START + 11; s++)
        {
            log.advanceTo(s);
        }
        final L7Sample sample = samples.take();
        assertEquals(0, sample.totalRequests());
        assertEquals(0.0, sample.rps());
        assertEquals(0, sample.uniqueIps());
        assertEquals(List.of(), sample.topIps());
    }
}
