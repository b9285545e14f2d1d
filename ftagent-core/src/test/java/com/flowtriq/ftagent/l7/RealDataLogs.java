package com.flowtriq.ftagent.l7;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;

/** Locates the shared real access logs and feeds their lines to a parser. */
final class RealDataLogs
{
    private RealDataLogs()
    {
    }

    static Path logsDirectory()
    {
        final String root = System.getProperty("ftagent.repo.root");
        Assumptions.assumeTrue(root != null, "system property ftagent.repo.root not set: real logs not located");
        final Path dir = Path.of(root).resolve("../shared/realdata/logs").normalize();
        Assumptions.assumeTrue(Files.isDirectory(dir), "real access logs absent at " + dir);
        return dir;
    }

    static Path log(final String name)
    {
        final Path file = logsDirectory().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "real access log absent: " + file);
        return file;
    }

    /** Outcome of parsing every line of a file: counts per status and the OK records' key fields. */
    static final class Outcome
    {
        final long[] byStatus = new long[ParseStatus.count()];
        final List<String> clients = new ArrayList<>();
        final List<Integer> statuses = new ArrayList<>();
        final List<String> paths = new ArrayList<>();
        final List<String> queries = new ArrayList<>();
        final List<String> userAgents = new ArrayList<>();
        final List<HttpMethod> methods = new ArrayList<>();
        final List<Long> timestamps = new ArrayList<>();
        final List<Long> bytes = new ArrayList<>();
        final List<Long> requestTimes = new ArrayList<>();
        final List<Integer> families = new ArrayList<>();
        final List<String> vhosts = new ArrayList<>();

        long count(final ParseStatus status)
        {
            return byStatus[status.ordinal()];
        }

        long malformed()
        {
            long total = 0;
            for (int i = 1; i < byStatus.length; i++)
            {
                total += byStatus[i];
            }
            return total;
        }
    }

    static Outcome parseFile(final Path file, final AccessLogParser parser) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        return parseBytes(bytes, parser);
    }

    static Outcome parseBytes(final byte[] bytes, final AccessLogParser parser)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final AccessLogRecord record = new AccessLogRecord();
        final Outcome outcome = new Outcome();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++)
        {
            if (i == bytes.length || bytes[i] == '\n')
            {
                if (i == bytes.length && start == i)
                {
                    break;
                }
                final ParseStatus status = parser.parse(buffer, start, i - start, record);
                outcome.byStatus[status.ordinal()]++;
                if (status == ParseStatus.OK)
                {
                    outcome.clients.add(text(bytes, record.clientOffset(), record.clientLength()));
                    outcome.families.add(record.clientFamily());
                    outcome.statuses.add(record.status());
                    outcome.paths.add(text(bytes, record.pathOffset(), record.pathLength()));
                    outcome.queries.add(text(bytes, record.queryOffset(), record.queryLength()));
                    outcome.userAgents.add(text(bytes, record.userAgentOffset(), record.userAgentLength()));
                    outcome.methods.add(record.method());
                    outcome.timestamps.add(record.timestampMillis());
                    outcome.bytes.add(record.bytes());
                    outcome.requestTimes.add(record.requestTimeMicros());
                    outcome.vhosts.add(text(bytes, record.vhostOffset(), record.vhostLength()));
                }
                start = i + 1;
            }
        }
        return outcome;
    }

    static String text(final byte[] bytes, final int offset, final int length)
    {
        return new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8);
    }
}
