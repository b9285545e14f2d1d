package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.capture.PcapFileSource;
import com.flowtriq.ftagent.frames.FrameBuilder;
import com.flowtriq.ftagent.frames.TcpFlags;
import com.flowtriq.ftagent.report.RecordingHttpServer;
import com.flowtriq.ftagent.testbed.FrameSender;
import com.flowtriq.ftagent.testbed.NetnsTestBedExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.flowtriq.ftagent.cli.AgentDropSet.blocked4;
import static com.flowtriq.ftagent.cli.AgentLauncher.launcher;
import static com.flowtriq.ftagent.cli.AgentLauncher.startRun;
import static com.flowtriq.ftagent.cli.AgentLauncher.stop;
import static com.flowtriq.ftagent.cli.AgentLogWait.awaitTrue;
import static com.flowtriq.ftagent.cli.AgentLogWait.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The proof that the pieces make an agent: the real launcher ({@code bin/ftagent run}) as a child process in the
 * capture namespace of a veth test bed, with a real config file, against HTTP servers in that namespace playing the
 * Flowtriq API and a webhook, with nft mitigation applied inside that namespace. Benign traffic warms it up, a SYN
 * flood opens an incident and gets its heavy sources blocked, silence resolves it and removes the blocks, and
 * SIGTERM stops it with status 0 and nothing left in the ruleset.
 */
class RunEndToEndIT
{
    private static final String NODE_UUID = "123e4567-e89b-12d3-a456-426614174000";
    private static final List<String> HEAVY_SOURCES = List.of("203.0.113.7", "203.0.113.8", "203.0.113.9");

    @RegisterExtension
    static final NetnsTestBedExtension bed = NetnsTestBedExtension.withLoopbackUpInRx();

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldDetectReportCaptureAndStopCleanlyOnASynFlood() throws Exception
    {
        final RecordingHttpServer api = bed.get().callInRx(() -> new RecordingHttpServer()
            .respond(request -> request.path().equals("/agent/incidents") ?
                RecordingHttpServer.Reply.ok("{\"uuid\":\"srv-1\"}") : request.path().equals("/agent/config") ?
                RecordingHttpServer.Reply.ok("{\"l7\": {\"rps_threshold\": 777}}") : RecordingHttpServer.Reply.ok("{}"))
            .start());
        final RecordingHttpServer webhook = bed.get().callInRx(() -> new RecordingHttpServer().start());
        final int metricsPort = 19_000 + (int)(ProcessHandle.current().pid() % 1000);
        final Path config = writeConfig(api, webhook, metricsPort);
        final Path log = directory.resolve("ftagent.log");

        final Path console = directory.resolve("console.txt");
        final Process agent = startRun(bed.get().rxNamespace(), config, console);
        try
        {
            awaitTrue(() -> contains(log, "watching " + bed.get().rxInterface()), 90, "the agent to start", console);
            // issue #4: the baseline is written while running (the first tick offers a snapshot), not only on stop.
            final Path baselineFile = directory.resolve("state").resolve("baseline.bin");
            awaitTrue(() -> Files.isRegularFile(baselineFile), 30, "the periodic baseline save", log);

            // Benign: 200 pps from a few sources for 5 s, well under the 2,000 pps floor.
            sendFor(5, 20, benignFrames());
            // Attack: SYNs at about 8,000 pps for 6 s, three quarters from 3 heavy sources, the rest spoofed.
            final long floodStartMillis = System.currentTimeMillis();
            final Thread flood = Thread.ofPlatform().start(() ->
            {
                try
                {
                    sendFor(6, 800, synFlood());
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            awaitTrue(() -> blocked4(bed.get()).containsAll(HEAVY_SOURCES), 30, "nft to block the heavy sources", log);
            flood.join();
            awaitTrue(() -> contains(log, "resolve: tcp_flood/syn"), 60, "the incident to resolve", log);
            awaitTrue(() -> blocked4(bed.get()).isEmpty(), 30, "the blocks to be reverted on resolve", log);

            final String journal = Files.readString(directory.resolve("state").resolve("incidents.jsonl"));
            assertTrue(journal.contains("\"event\":\"open\"") && journal.contains("\"subtype\":\"syn\""), journal);
            // opened within a few seconds of the flood's start (2 s to confirm, plus the tick), as tcp_flood/syn
            final String open = journal.lines().filter(line -> line.contains("\"event\":\"open\"")).findFirst()
                .orElseThrow();
            assertTrue(open.contains("\"family\":\"tcp_flood\",\"subtype\":\"syn\""), open);
            final long openedAfterMillis = java.time.Instant.parse(
                open.replaceAll(".*\"ts\":\"([^\"]+)\".*", "$1")).toEpochMilli() - floodStartMillis;
            assertTrue(openedAfterMillis >= 0 && openedAfterMillis <= 6_000,
                "opened " + openedAfterMillis + " ms after the flood started: " + open);
            assertTrue(journal.contains("\"event\":\"resolve\""), journal);
            // issue #8: the incident's later events say what mitigation did
            assertTrue(journal.contains("\"mitigation\":{\"actions\":[{\"action\":\"nft_drop_sources\"," +
                "\"state\":\"applied\""), journal);

            awaitTrue(() -> !api.accepted("/agent/incidents/srv-1/resolve").isEmpty(), 30, "the API resolve", log);
            // the revert runs after the resolve event: the resolve says it is coming
            assertTrue(api.accepted("/agent/incidents/srv-1/resolve").get(0).bodyText()
                .contains("\"action\":\"nft_drop_sources\",\"state\":\"reverting\""),
                "the API resolve carries the mitigation section");
            assertTrue(journal.lines().filter(line -> line.contains("\"event\":\"resolve\""))
                .allMatch(line -> line.contains("\"state\":\"reverting\"")), journal);
            assertEquals(1, api.accepted("/agent/incidents").stream()
                .filter(r -> r.path().equals("/agent/incidents")).count(), "one incident opened at the API");
            assertEquals(NODE_UUID, api.accepted("/agent/incidents").get(0).header("x-node-uuid"));
            awaitTrue(() -> webhook.accepted("/hook").size() >= 2, 30, "the webhook's open and resolve", log);
            assertTrue(webhook.accepted("/hook").get(0).bodyText().contains("\"event\":\"open\""));
            awaitTrue(() -> webhook.accepted("/hook").stream()
                .anyMatch(r -> r.bodyText().contains("\"event\":\"resolve\"")), 30, "the webhook's resolve", log);

            try (Stream<Path> pcaps = Files.list(directory.resolve("pcaps")))
            {
                final List<Path> files = pcaps.toList();
                assertEquals(1, files.size(), "one incident capture: " + files);
                assertTrue(Files.size(files.get(0)) > 24 + 16 * 1000, "the capture holds the flood");
                // issue #5: the flood's frames, read back: SYNs to the victim's port 80 from the flood's sources.
                final long[] frames = new long[2];
                try (PcapFileSource source = PcapFileSource.open(files.get(0)))
                {
                    final FrameHandler count = (frame, offset, captured, wire, timestamp) ->
                    {
                        frames[0]++;
                        if (isFloodSyn(frame, offset, captured))
                        {
                            frames[1]++;
                        }
                    };
                    while (source.poll(count) != PacketSource.END_OF_INPUT)
                    {
                        // Read to the end.
                    }
                }
                assertTrue(frames[1] >= 1000 && frames[1] * 2 > frames[0],
                    frames[1] + " flood SYNs among " + frames[0] + " captured frames");
            }
            awaitTrue(() -> !api.accepted("/agent/incidents/srv-1/pcap").isEmpty(), 30, "the PCAP upload", log);

            assertTrue(api.accepted("/agent/incidents/srv-1").stream()
                .anyMatch(r -> r.path().equals("/agent/incidents/srv-1")), "at least one incident update");

            final String status = bed.get().runInRx(launcher().toString(), "status", "--config",
                config.toString()).check().output();
            assertTrue(status.contains("interface: " + bed.get().rxInterface()), status);
            // The threshold is the floor (2,000) or, once the baseline has learned, above it: either is right.
            final long threshold = Long.parseLong(status.replaceAll("(?s).*threshold_pps: (\\d+).*", "$1"));
            assertTrue(threshold >= 2000, status);
            assertTrue(status.contains("baseline: ") && status.contains("mitigation: on"), status);
            // every field issue #9 names for `status`
            for (final String field : List.of("pps: ", "bps: ", "threshold_bps: ", "open_incidents: ",
                "kernel_drops: ", "backpressure_drops: ", "outbox_depth: ", "active_mitigations: ",
                "l7_sources[0]: " + directory.resolve("access.log")))
            {
                assertTrue(status.lines().anyMatch(line -> line.startsWith(field)), field + " missing:\n" + status);
            }

            final String metrics = bed.get().runInRx("curl", "-s", "http://127.0.0.1:" + metricsPort +
                "/metrics").check().output();
            final long packets = metricValue(metrics, "ftagent_packets_total");
            assertTrue(packets >= 40_000, "packets in /metrics: " + packets);

            // L7: requests appended to the watched log (found long ago, so read from its end) reach status,
            // /metrics and the API's L7 samples.
            final Path accessLog = directory.resolve("access.log");
            Files.writeString(accessLog, accessLogLines(5) + "not a request\n", StandardCharsets.US_ASCII,
                java.nio.file.StandardOpenOption.APPEND);
            awaitTrue(() -> bed.get().runInRx(launcher().toString(), "status", "--config", config.toString())
                .output().contains("l7.logs[0].requests: 5"), 30, "status to show the L7 requests", log);
            final String l7Status = bed.get().runInRx(launcher().toString(), "status", "--config",
                config.toString()).check().output();
            assertTrue(l7Status.contains("l7.logs[0].unparseable: 1") && l7Status.contains("l7.logs[0].lines: 6"),
                l7Status);
            final String l7Metrics = bed.get().runInRx("curl", "-s", "http://127.0.0.1:" + metricsPort +
                "/metrics").check().output();
            assertEquals(5, metricValue(l7Metrics, "ftagent_l7_requests_total{log=\"" + accessLog + "\"}"));
            assertEquals(1, metricValue(l7Metrics, "ftagent_l7_lines_unparseable_total{log=\"" + accessLog + "\"}"));
            awaitTrue(() -> api.accepted("/agent/l7/metrics").stream()
                .anyMatch(r -> r.bodyText().contains("\"total_requests\":5")), 30, "an L7 sample with the requests",
                log);
            // The server's l7.rps_threshold reached the running L7 detector (issue #7), not a restart note.
            awaitTrue(() -> contains(log, "server config applied: l7_min_rps: 100 -> 777"), 30,
                "the pushed l7.rps_threshold to apply", log);
            assertTrue(!contains(log, "l7_min_rps = 777 is not applied while running"), Files.readString(log));
        }
        finally
        {
            final boolean exited = stop(agent);
            api.close();
            webhook.close();
            assertTrue(exited, "the agent did not stop within 20 s of SIGTERM");
        }
        assertEquals(0, agent.exitValue(), Files.readString(log));
        final String ruleset = bed.get().runInRx("nft", "list", "ruleset").check().output();
        assertTrue(!ruleset.contains("ftagent"), "the ftagent table is removed on stop:\n" + ruleset);
        assertTrue(contains(log, "baseline saved"), "the baseline is saved on stop");
        final String offsets = Files.readString(directory.resolve("state").resolve("l7-offsets.json"));
        assertTrue(offsets.contains("\"offset\":" + Files.size(directory.resolve("access.log"))),
            "the L7 checkpoint saved on stop is the end of the access log: " + offsets);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRefuseToStartOnABadConfigNamingTheKey() throws Exception
    {
        final Path config = directory.resolve("bad.json");
        Files.writeString(config, "{\"interface\": \"" + bed.get().rxInterface() + "\", \"threshold_multipler\": 3}");
        final Process agent = new ProcessBuilder(launcher().toString(), "run", "--config", config.toString())
            .redirectErrorStream(true).start();
        final String output = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(agent.waitFor(50, TimeUnit.SECONDS));
        assertEquals(2, agent.exitValue(), output);
        assertTrue(output.contains("threshold_multipler") && output.contains("threshold_multiplier"), output);
    }

    private Path writeConfig(final RecordingHttpServer api, final RecordingHttpServer webhook, final int metricsPort)
        throws IOException
    {
        final String json = """
            {
              "api_key": "ftk_endtoendtest0000",
              "node_uuid": "%s",
              "api_base": "%s",
              "interface": "%s",
              "capture_threads": 1,
              "log_file": "%s",
              "state_dir": "%s",
              "pcap_dir": "%s",
              "pcap_min_free_mb": 1,
              "metrics_listen": "127.0.0.1:%d",
              "min_pps_threshold": 2000,
              "min_bps_threshold": 1000000,
              "baseline_window_minutes": 1,
              "attack_holddown_seconds": 3,
              "attack_cooldown_seconds": 10,
              "metrics_interval": 2,
              "l7_logs": [{"path": "%s", "format": "nginx_combined"}],
              "notify": {"webhook": {"url": "%s"}},
              "mitigation": {
                "enabled": true,
                "rules": [{"when": {"families": ["tcp_flood"]}, "action": "nft_drop_sources",
                           "targets": "top_sources", "top_n": 5}]
              }
            }
            """.formatted(NODE_UUID, api.uri(""), bed.get().rxInterface(), directory.resolve("ftagent.log"),
            directory.resolve("state"), directory.resolve("pcaps"), metricsPort, directory.resolve("access.log"),
            webhook.uri("/hook"));
        Files.writeString(directory.resolve("access.log"), accessLogLines(3), StandardCharsets.US_ASCII);
        final Path config = directory.resolve("config.json");
        Files.writeString(config, json);
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return config;
    }

    private static List<byte[]> benignFrames()
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            frames.add(FrameBuilder.ethernet().macs(mac(bed.get().txMac()), mac(bed.get().rxMac()))
                .ipv4("198.18.10." + (i + 1), bed.get().rxAddress()).tcp(40_000 + i, 443).tcpFlags(TcpFlags.ACK)
                .payload(200).build());
        }
        return frames;
    }

    private static List<byte[]> synFlood()
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 800; i++)
        {
            final String source = i % 4 == 3 ? "203.0." + (i / 250) + "." + (i % 250 + 1) : HEAVY_SOURCES.get(i % 4);
            frames.add(FrameBuilder.ethernet().macs(mac(bed.get().txMac()), mac(bed.get().rxMac()))
                .ipv4(source, bed.get().rxAddress()).tcp(1024 + i, 80)
                .tcpFlags(TcpFlags.SYN).padTo(60).build());
        }
        return frames;
    }

    /** An Ethernet/IPv4/TCP SYN to the victim's port 80 from 203.0.x.x, as {@link #synFlood()} sends. */
    private static boolean isFloodSyn(final MemorySegment frame, final long offset, final int captured)
    {
        if (captured < 14 + 20 + 20 || frame.get(ValueLayout.JAVA_BYTE, offset + 12) != 0x08 ||
            frame.get(ValueLayout.JAVA_BYTE, offset + 13) != 0x00 ||
            frame.get(ValueLayout.JAVA_BYTE, offset + 14) != 0x45 ||
            frame.get(ValueLayout.JAVA_BYTE, offset + 14 + 9) != 6)
        {
            return false;
        }
        final boolean fromFlood = frame.get(ValueLayout.JAVA_BYTE, offset + 26) == (byte)203 &&
            frame.get(ValueLayout.JAVA_BYTE, offset + 27) == 0;
        final int dstPort = ((frame.get(ValueLayout.JAVA_BYTE, offset + 36) & 0xFF) << 8) |
            (frame.get(ValueLayout.JAVA_BYTE, offset + 37) & 0xFF);
        final int flags = frame.get(ValueLayout.JAVA_BYTE, offset + 47) & 0x3F;
        return fromFlood && dstPort == 80 && flags == TcpFlags.SYN;
    }

    /** Sends {@code frames} every 100 ms ({@code perTick} of them) for {@code seconds}, from the tx namespace. */
    private static void sendFor(final int seconds, final int perTick, final List<byte[]> frames) throws Exception
    {
        bed.get().callInTx(() ->
        {
            try (FrameSender sender = FrameSender.open(bed.get().txInterface()))
            {
                final List<byte[]> batch = new ArrayList<>(perTick);
                for (int i = 0; i < perTick; i++)
                {
                    batch.add(frames.get(i % frames.size()));
                }
                final long start = System.nanoTime();
                for (int tick = 0; tick < seconds * 10; tick++)
                {
                    sender.send(batch);
                    final long next = start + TimeUnit.MILLISECONDS.toNanos(100L * (tick + 1));
                    final long wait = next - System.nanoTime();
                    if (wait > 0)
                    {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            }
            return null;
        });
    }

    private static String mac(final byte[] mac)
    {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    private static String accessLogLines(final int count)
    {
        final String now = java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            lines.append("198.18.9.").append(i + 1).append(" - - [").append(now)
                .append("] \"GET /index.html HTTP/1.1\" 200 512 \"-\" \"e2e\"\n");
        }
        return lines.toString();
    }

    private static long metricValue(final String metrics, final String name)
    {
        for (final String line : metrics.split("\n"))
        {
            if (line.startsWith(name + " "))
            {
                return (long)Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        fail(name + " not in /metrics:\n" + metrics);
        return -1;
    }
}
