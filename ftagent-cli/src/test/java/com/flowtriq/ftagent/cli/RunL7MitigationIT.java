package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.testbed.NetnsTestBed;
import com.flowtriq.ftagent.testbed.NetnsTestBedExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static com.flowtriq.ftagent.cli.AgentLauncher.startRun;
import static com.flowtriq.ftagent.cli.AgentLauncher.stop;
import static com.flowtriq.ftagent.cli.AgentLogWait.awaitTrue;
import static com.flowtriq.ftagent.cli.AgentLogWait.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ftagent run} wires L7 incidents to mitigation: the real launcher in the rx namespace of a test bed tails an
 * nginx access log; a single-source HTTP flood from an IPv6 client written to the log opens an {@code http_flood}
 * incident whose top client lands in the nft IPv6 set inside that namespace; quiet lines resolve it and empty the
 * set; SIGTERM leaves no table.
 *
 * <p>The log's own timestamps are the L7 clock, so the lines are stamped from a little after now onwards and written
 * in two bursts: warm-up and flood (the block appears), then quiet seconds (the block goes).
 */
class RunL7MitigationIT
{
    private static final String ATTACKER = "2001:db8:bad::66";
    private static final DateTimeFormatter NGINX_TIME =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    @RegisterExtension
    static final NetnsTestBedExtension bed = NetnsTestBedExtension.plain();

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldBlockTopClientOfL7FloodInNftAndRevertOnResolve() throws Exception
    {
        final Path accessLog = directory.resolve("access.log");
        Files.writeString(accessLog, "");
        final Path config = writeConfig(accessLog);
        final Path log = directory.resolve("ftagent.log");
        final Path console = directory.resolve("console.txt");
        final Process agent = startRun(bed.get().rxNamespace(), config, console);
        try
        {
            awaitTrue(() -> contains(log, "L7: watching " + accessLog), 90, "the agent to watch the log", console);

            final long start = Instant.now().getEpochSecond() + 5;
            append(accessLog, start, 0, 320);
            // the subtype as events name it, not the enum constant
            awaitTrue(() -> contains(log, "open: http_flood/single_source"), 30, "the L7 incident", log);
            awaitTrue(() -> blocked6().contains(ATTACKER), 30, "nft to block the flooding client", log);

            append(accessLog, start, 320, 400);
            awaitTrue(() -> contains(log, "resolve: http_flood/"), 30, "the L7 incident to resolve", log);
            awaitTrue(() -> !blocked6().contains(ATTACKER), 30, "the block to be reverted on resolve", log);
            // issue #8: the L7 resolve in the journal says what mitigation did, the block being reverted
            final Path journal = directory.resolve("state").resolve("incidents.jsonl");
            awaitTrue(() -> contains(journal, "\"kind\":\"l7\",\"event\":\"resolve\""), 30, "the journal's resolve",
                log);
            final String resolve = Files.readString(journal).lines()
                .filter(line -> line.contains("\"kind\":\"l7\",\"event\":\"resolve\"")).findFirst().orElseThrow();
            assertTrue(resolve.contains("\"mitigation\":{\"actions\":[{\"action\":\"nft_drop_sources\"," +
                "\"state\":\"reverting\""), resolve);
        }
        finally
        {
            final boolean exited = stop(agent);
            assertTrue(exited, "the agent did not stop within 20 s of SIGTERM");
        }
        assertEquals(0, agent.exitValue(), Files.readString(log));
        final String ruleset = bed.get().runInRx("nft", "list", "ruleset").check().output();
        assertTrue(!ruleset.contains("ftagent"), "the ftagent table is removed on stop:\n" + ruleset);
    }

    /**
     * Appends seconds {@code from} (inclusive) to {@code to}: 8 requests/s from 30 visitors, one request each,
     * and from second 300 to 329 a flood of 600 requests/s, all but the visitors' from {@link #ATTACKER}.
     */
    private static void append(final Path accessLog, final long start, final int from, final int to)
        throws IOException
    {
        final StringBuilder lines = new StringBuilder();
        for (int s = from; s < to; s++)
        {
            final String time = NGINX_TIME.format(Instant.ofEpochSecond(start + s));
            final int requests = s >= 300 && s < 330 ? 600 : 8;
            for (int i = 0; i < requests; i++)
            {
                final int visitor = (i + s * 8) % 30;
                final String client = i >= 8 ? ATTACKER :
                    visitor < 15 ? "198.18.0." + (visitor + 100) : "2001:db8:1::" + Integer.toHexString(visitor);
                lines.append(client).append(" - - [").append(time).append("] \"GET /page/").append(i % 50)
                    .append(" HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n");
            }
        }
        Files.writeString(accessLog, lines, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
    }

    private Path writeConfig(final Path accessLog) throws IOException
    {
        final String json = """
            {
              "interface": "%s",
              "capture_threads": 1,
              "log_file": "%s",
              "state_dir": "%s",
              "pcap_dir": "%s",
              "pcap_min_free_mb": 1,
              "l7_logs": [{"path": "%s", "format": "nginx_combined"}],
              "mitigation": {
                "enabled": true,
                "rules": [{"when": {"families": ["http_flood"], "subtypes": ["single_source"], "min_pps": 300},
                           "action": "nft_drop_sources", "targets": "top_sources", "top_n": 1}]
              }
            }
            """.formatted(bed.get().rxInterface(), directory.resolve("ftagent.log"), directory.resolve("state"),
            directory.resolve("pcaps"), accessLog);
        final Path config = directory.resolve("config.json");
        Files.writeString(config, json);
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return config;
    }

    /** The agent's nft IPv6 drop set inside the rx namespace, as nft lists it; empty if there is no table. */
    private static String blocked6()
    {
        final NetnsTestBed.CommandResult result =
            bed.get().runInRx("nft", "list", "set", "inet", "ftagent", "blocked6");
        return result.exitCode() == 0 ? result.output() : "";
    }
}
