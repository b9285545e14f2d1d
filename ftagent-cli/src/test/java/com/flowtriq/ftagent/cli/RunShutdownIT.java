package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.frames.FrameBuilder;
import com.flowtriq.ftagent.frames.TcpFlags;
import com.flowtriq.ftagent.testbed.FrameSender;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static com.flowtriq.ftagent.cli.AgentDropSet.blocked4;
import static com.flowtriq.ftagent.cli.AgentLauncher.startRun;
import static com.flowtriq.ftagent.cli.AgentLogWait.awaitTrue;
import static com.flowtriq.ftagent.cli.AgentLogWait.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM in the middle of an attack (issue #9, "run"): the real launcher runs {@code ftagent run} in the capture
 * namespace of a veth test bed; a SYN flood opens an incident and gets its sources blocked by nft; while the flood
 * still runs and the incident is open, SIGTERM must stop capture, resolve the incident as truncated with reason
 * shutdown, revert the blocks, leave the undelivered notifications on disk, save the baseline and exit 0 within
 * 10 s. The webhook points at a closed port, so its events can only be in the outbox.
 */
class RunShutdownIT
{
    private static final List<String> HEAVY_SOURCES = List.of("203.0.113.17", "203.0.113.18", "203.0.113.19");
    private static final long STOP_BOUND_SECONDS = 10;

    @RegisterExtension
    static final NetnsTestBedExtension bed = NetnsTestBedExtension.withLoopbackUpInRx();

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldResolveTheOpenIncidentAsTruncatedRevertAndFlushWithinTenSecondsOfSigterm() throws Exception
    {
        final Path config = writeConfig();
        final Path log = directory.resolve("ftagent.log");
        final Path console = directory.resolve("console.txt");
        final AtomicBoolean flooding = new AtomicBoolean(true);
        Thread flood = null;
        final Process agent = startRun(bed.get().rxNamespace(), config, console);
        try
        {
            awaitTrue(() -> contains(log, "watching " + bed.get().rxInterface()), 90, "the agent to start", console);
            flood = NetnsTestBed.startThread(bed.get().txNamespace(), "shutdown-it-flood", () -> flood(flooding));
            awaitTrue(() -> blocked4(bed.get()).containsAll(HEAVY_SOURCES), 40, "nft to block the flood's sources",
                log);
            assertTrue(flood.isAlive(), "the flood is still running when SIGTERM is sent");
            assertFalse(contains(log, "resolve: "), "the incident is still open when SIGTERM is sent");

            final long sentAt = System.nanoTime();
            agent.destroy();
            final boolean exited = agent.waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS);
            final long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
            assertTrue(exited, "still running " + STOP_BOUND_SECONDS + " s after SIGTERM; log:\n" + Files.readString(log));
            System.out.println("RunShutdownIT: exited " + stopMillis + " ms after SIGTERM");
            assertEquals(0, agent.exitValue(), Files.readString(log));
        }
        finally
        {
            flooding.set(false);
            if (flood != null)
            {
                flood.join();
            }
            if (agent.isAlive())
            {
                agent.destroyForcibly();
            }
        }

        final String logText = Files.readString(log);
        assertTrue(logText.contains("SIGTERM received: stopping"), logText);
        assertTrue(logText.indexOf("stopping: capture on " + bed.get().rxInterface()) <
            logText.indexOf("resolve: tcp_flood/syn"), "capture stops before the incident resolves:\n" + logText);
        assertTrue(logText.contains("baseline saved"), logText);

        final String resolve = Files.readString(directory.resolve("state").resolve("incidents.jsonl")).lines()
            .filter(line -> line.contains("\"event\":\"resolve\"")).findFirst().orElse("");
        assertTrue(resolve.contains("\"resolve_reason\":\"shutdown\"") && resolve.contains("\"truncated\":true"),
            "the journal's resolve event: " + resolve);

        final String ruleset = bed.get().runInRx("nft", "list", "ruleset").check().output();
        assertFalse(ruleset.contains("ftagent"), "the blocks are reverted on stop:\n" + ruleset);

        // The webhook never answered: its resolve was flushed to the outbox on disk, for the next start.
        assertTrue(outboxEntries().stream().anyMatch(entry ->
            entry.contains("\"event\":\"resolve\"") && entry.contains("\"resolve_reason\":\"shutdown\"")),
            "no resolve in the outbox on disk: " + outboxEntries());
    }

    private List<String> outboxEntries() throws IOException
    {
        try (Stream<Path> files = Files.list(directory.resolve("state").resolve("outbox")))
        {
            final List<String> entries = new ArrayList<>();
            for (final Path file : files.filter(path -> path.toString().endsWith(".ent")).toList())
            {
                entries.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
            return entries;
        }
    }

    private Path writeConfig() throws IOException
    {
        // Local mode; a long holddown keeps the incident open until SIGTERM; port 1 refuses the webhook.
        final String json = """
            {
              "interface": "%s",
              "capture_threads": 1,
              "log_file": "%s",
              "state_dir": "%s",
              "pcap_enabled": false,
              "metrics_listen": "",
              "l7_enabled": false,
              "min_pps_threshold": 2000,
              "min_bps_threshold": 1000000,
              "baseline_window_minutes": 1,
              "attack_holddown_seconds": 600,
              "notify": {"webhook": {"url": "http://127.0.0.1:1/hook"}},
              "mitigation": {
                "enabled": true,
                "rules": [{"when": {"families": ["tcp_flood"]}, "action": "nft_drop_sources",
                           "targets": "top_sources", "top_n": 3}]
              }
            }
            """.formatted(bed.get().rxInterface(), directory.resolve("ftagent.log"), directory.resolve("state"));
        final Path config = directory.resolve("config.json");
        Files.writeString(config, json);
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return config;
    }

    /** SYNs from the heavy sources at about 8,000 pps until told to stop (at most 120 s). */
    private static void flood(final AtomicBoolean flooding)
    {
        final String mac = HexFormat.ofDelimiter(":").formatHex(bed.get().txMac());
        final String peer = HexFormat.ofDelimiter(":").formatHex(bed.get().rxMac());
        final List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 800; i++)
        {
            batch.add(FrameBuilder.ethernet().macs(mac, peer)
                .ipv4(HEAVY_SOURCES.get(i % HEAVY_SOURCES.size()), bed.get().rxAddress()).tcp(1024 + i, 80)
                .tcpFlags(TcpFlags.SYN).padTo(60).build());
        }
        try (FrameSender sender = FrameSender.open(bed.get().txInterface()))
        {
            final long start = System.nanoTime();
            for (int tick = 0; tick < 1200 && flooding.get(); tick++)
            {
                sender.send(batch);
                final long wait = start + TimeUnit.MILLISECONDS.toNanos(100L * (tick + 1)) - System.nanoTime();
                if (wait > 0)
                {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
