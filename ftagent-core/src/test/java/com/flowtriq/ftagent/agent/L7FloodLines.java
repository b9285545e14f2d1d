package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.l7.L7LogIngest;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * nginx combined lines for the L7 flood scenarios of the agent tests ({@link L7IncidentCaptureTest},
 * {@link L7MitigationDispatchTest}): second {@code s} of a scenario is stamped {@link #START_SECOND} + s.
 */
final class L7FloodLines
{
    /** 2026-03-01T12:00:00Z, second 0 of each scenario. */
    static final long START_SECOND = 1_772_366_400L;

    private static final DateTimeFormatter NGINX_TIME =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private L7FloodLines()
    {
    }

    /** One nginx combined line per client, all stamped with second {@code s} of the scenario. */
    static void feed(final L7LogIngest ingest, final int s, final List<String> clients)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final String time = NGINX_TIME.format(Instant.ofEpochSecond(START_SECOND + s));
        for (int i = 0; i < clients.size(); i++)
        {
            final String line = clients.get(i) + " - - [" + time + "] \"GET /page/" + (i % 50) +
                " HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"";
            final byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
            buffer.putBytes(0, bytes);
            ingest.onLine(buffer, 0, bytes.length);
        }
    }
}
