package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class L7AgentTest
{
    private static final DateTimeFormatter CLF =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void shouldOpenOnLiveFloodAndResolveOnWallClockWhenServerGoesQuiet() throws Exception
    {
        final Path log = dir.resolve("access.log");
        Files.createFile(log);
        final List<L7Incident.Event> events = new ArrayList<>();
        final L7FloodDetector detector = new L7FloodDetector(L7DetectorSettings.defaults(), i -> events.add(i.event()));
        final L7LogIngest ingest = new L7LogIngest(AccessLogFormat.NGINX_COMBINED.newParser(), new L7Window(16), detector);
        final AccessLogTailer tailer = new AccessLogTailer(log, 16384, true, ingest);
        final CachedEpochClock clock = new CachedEpochClock();
        final L7Agent agent = new L7Agent(new AccessLogTailer[] { tailer }, new L7LogIngest[] { ingest }, clock,
            L7Agent.DEFAULT_LATE_SECONDS);
        final long start = Instant.parse("2026-03-01T12:00:00Z").getEpochSecond();
        clock.update(start * 1000);
        agent.doWork();

        for (int s = 0; s < 130; s++)
        {
            final long now = start + s;
            clock.update(now * 1000 + 500);
            final int rps = s >= 120 ? 1000 : 5;
            final StringBuilder lines = new StringBuilder();
            for (int i = 0; i < rps; i++)
            {
                lines.append("198.18.0.").append(s >= 120 ? 1 : i).append(" - - [")
                    .append(CLF.format(Instant.ofEpochSecond(now))).append("] \"GET / HTTP/1.1\" 200 1 \"-\" \"a\"\n");
            }
            Files.writeString(log, lines, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
            agent.doWork();
        }
        assertEquals(List.of(L7Incident.Event.OPEN), events);

        // No more lines at all: only the wall clock moves, and the holddown resolves the incident.
        for (int s = 130; s < 130 + L7DetectorSettings.HOLDDOWN_SECONDS_DEFAULT + 5; s++)
        {
            clock.update((start + s) * 1000);
            agent.doWork();
        }
        assertEquals(List.of(L7Incident.Event.OPEN, L7Incident.Event.RESOLVE), events);
        assertEquals("l7", agent.roleName());
        agent.onClose();
    }

    @Test
    void shouldKeepTheLogsOwnClockWhileReadingABacklogSoOldLinesAreNotOneLateSecond() throws Exception
    {
        // 120 s of yesterday at 2,000 requests/s, about 20 MB: several polls' worth, as after a long stop.
        final Path log = dir.resolve("backlog.log");
        final long yesterday = Instant.parse("2026-02-28T12:00:00Z").getEpochSecond();
        try (java.io.BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.US_ASCII))
        {
            for (int s = 0; s < 120; s++)
            {
                final String time = CLF.format(Instant.ofEpochSecond(yesterday + s));
                for (int i = 0; i < 2000; i++)
                {
                    out.write("198.18.1." + (i % 250) + " - - [" + time + "] \"GET /page/" + (i % 40) +
                        " HTTP/1.1\" 200 5120 \"https://example.test/\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n");
                }
            }
        }
        final long[] largestSecond = new long[1];
        final long[] requests = new long[1];
        final List<L7Incident.Event> events = new ArrayList<>();
        final L7LogIngest ingest = new L7LogIngest(AccessLogFormat.NGINX_COMBINED.newParser(), new L7Window(16),
            new L7FloodDetector(L7DetectorSettings.defaults(), i -> events.add(i.event())), (window) ->
            {
                largestSecond[0] = Math.max(largestSecond[0], window.requests());
                requests[0] += window.requests();
            });
        final AccessLogTailer tailer = new AccessLogTailer(log, 16384, true, ingest);
        tailer.resumeFrom(0, 0, 0, 0, 0);
        final CachedEpochClock clock = new CachedEpochClock();
        final L7Agent agent = new L7Agent(new AccessLogTailer[] { tailer }, new L7LogIngest[] { ingest }, clock,
            L7Agent.DEFAULT_LATE_SECONDS);
        clock.update(Instant.parse("2026-03-01T12:00:00Z").toEpochMilli());

        int polls = 0;
        do
        {
            clock.advance(1000);
            agent.doWork();
            polls++;
        }
        while (tailer.behind());
        clock.advance(5000);
        agent.doWork();
        agent.onClose();

        assertTrue(polls > 2, "the backlog took several polls: " + polls);
        assertEquals(240_000, requests[0]);
        assertEquals(2000, largestSecond[0], "each second of the backlog closed with its own requests");
        assertEquals(List.of(), events);
    }
}
