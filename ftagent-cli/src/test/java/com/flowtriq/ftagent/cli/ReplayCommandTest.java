package com.flowtriq.ftagent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ConfigLoader;
import com.flowtriq.ftagent.capture.PcapFileSource;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.testbed.RealCaptures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest
{
    @TempDir
    Path directory;

    @Test
    void shouldPrintOneJsonObjectPerEventAndASummary()
    {
        final Path capture = RealCaptures.pcap("stopddos_pkt.TCP.synflood.spoofed.pcap");
        final CommandRun result = CommandRun.of("replay", capture.toString());
        assertEquals(0, result.exitCode(), result.err());
        final String[] lines = result.out().strip().split("\n");
        assertEquals(2, lines.length, result.out());
        assertTrue(lines[0].startsWith("{\"incident_id\":\"l3l4-") && lines[0].contains("\"event\":\"open\""));
        assertTrue(lines[1].contains("\"event\":\"resolve\""), lines[1]);
        assertTrue(result.err().contains("37,841 packets, 23.7 s of traffic"), result.err());
    }

    @Test
    void shouldPrintOneReadableLinePerEventWithFormatText()
    {
        final Path capture = RealCaptures.pcap("stopddos_pkt.TCP.synflood.spoofed.pcap");
        final CommandRun result = CommandRun.of("replay", "--format", "text", capture.toString());
        assertEquals(0, result.exitCode(), result.err());
        final String[] lines = result.out().strip().split("\n");
        assertEquals(2, lines.length, result.out());
        assertTrue(lines[0].contains(" open ") && lines[0].contains(" tcp_flood/syn peak "), lines[0]);
        assertTrue(lines[1].contains(" resolve ") && lines[1].contains(" tcp_flood/syn peak "), lines[1]);
        assertFalse(result.out().contains("{"), "no JSON: " + result.out());
        // The summary: packets, seconds of traffic, wall seconds and Mpps.
        assertTrue(Pattern.compile("37,841 packets, 23\\.7 s of traffic, replayed in \\d+\\.\\d\\d s wall " +
            "\\(\\d+\\.\\d\\d Mpps\\)").matcher(result.err()).find(), result.err());
    }

    @Test
    void shouldResolveAnIncidentStillOpenAtTheEndAsTruncatedAtTheLastPacketTime() throws Exception
    {
        final Path capture = RealCaptures.pcap("lucid_CIC-DDoS-2019-SynFlood.pcap");
        final long lastPacketNanos;
        try (PcapFileSource source = PcapFileSource.open(capture))
        {
            while (source.poll((frame, offset, captured, wire, timestamp) -> { }) != PacketSource.END_OF_INPUT)
            {
                // Read to the end for the last timestamp.
            }
            lastPacketNanos = source.lastTimestampNanos();
        }
        final CommandRun result = CommandRun.of("replay", capture.toString());
        assertEquals(0, result.exitCode(), result.err());
        final String[] lines = result.out().strip().split("\n");
        assertEquals(2, lines.length, result.out());
        final String resolve = lines[1];
        assertTrue(resolve.contains("\"event\":\"resolve\"") && resolve.contains("\"truncated\":true") &&
            resolve.contains("\"resolve_reason\":\"end_of_input\""), resolve);
        assertTrue(resolve.contains("\"ended_at\":\"" + IncidentJson.iso(lastPacketNanos / 1_000_000) + "\""),
            resolve);
    }

    @Test
    void shouldWriteOneCapturePerIncidentWithPcapDir() throws Exception
    {
        final Path pcaps = directory.resolve("pcaps");
        final CommandRun result = CommandRun.of("replay", "--pcap-dir", pcaps.toString(),
            RealCaptures.pcap("stopddos_pkt.TCP.synflood.spoofed.pcap").toString());
        assertEquals(0, result.exitCode(), result.err());
        try (java.util.stream.Stream<Path> files = Files.list(pcaps))
        {
            final java.util.List<Path> written = files.toList();
            assertEquals(1, written.size(), written.toString());
            assertTrue(written.get(0).getFileName().toString().startsWith("l3l4-20210428T103024Z-1_"));
        }
        assertTrue(result.err().contains("1073 packets (1000 from before the incident), 0 dropped"), result.err());
        final String resolve = result.out().strip().split("\n")[1];
        assertTrue(resolve.contains("\"pcap_file\":\"" + pcaps) && resolve.contains("\"pcap_dropped\":0"), resolve);
    }

    @Test
    void shouldWriteThePreAttackFramesOfAnIncidentThatOpensOnTheLastTick()
    {
        // The CIC flood lasts 0.69 s: its incident opens when the input ends, with no frame after the open.
        final CommandRun result = CommandRun.of("replay", "--pcap-dir", directory.resolve("pcaps").toString(),
            RealCaptures.pcap("lucid_CIC-DDoS-2019-SynFlood.pcap").toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("1000 packets (1000 from before the incident), 0 dropped"), result.err());
    }

    @Test
    void shouldExitWithAClearMessageOnAMissingOrForeignFile() throws Exception
    {
        final CommandRun missing = CommandRun.of("replay", directory.resolve("none.pcap").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());

        final Path text = directory.resolve("notes.pcap");
        Files.writeString(text, "this is not a capture file\n");
        final CommandRun foreign = CommandRun.of("replay", text.toString());
        assertEquals(1, foreign.exitCode());
        assertTrue(foreign.err().contains("not a pcap or pcapng file"), foreign.err());
    }

    @Test
    void shouldCountWithTheConfiguredTopK() throws Exception
    {
        final Path config = directory.resolve("config.json");
        Files.writeString(config, "{\"top_k\": 8}");
        final ConfigLoader.Result loaded = ConfigLoader.load(config);
        assertTrue(loaded.ok(), loaded.report());

        assertEquals(8, ReplayCommand.countingStage(loaded.orThrow()).newWindow().topSources().capacity());
        assertEquals(32, ReplayCommand.countingStage(AgentConfig.defaults()).newWindow().topSources().capacity());
    }

    @Test
    void shouldRefuseABadConfigNamingTheKey() throws Exception
    {
        final Path config = directory.resolve("config.json");
        Files.writeString(config, "{\"attack_confirm_seconds\": -1}");
        final CommandRun result = CommandRun.of("replay", "--config", config.toString(),
            RealCaptures.pcap("ndpi_netflix_benign.pcap").toString());
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("attack_confirm_seconds"), result.err());
    }
}
