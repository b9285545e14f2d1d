package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files under {@code packaging/} that go into the tarball agree with the code. */
class PackagingFilesTest
{
    private static final Path PACKAGING = Path.of(System.getProperty("ftagent.repo.root", "..")).resolve("packaging");

    @Test
    void shouldShipAnExampleConfigThatPassesConfigCheck()
    {
        final Path example = PACKAGING.resolve("config.example.json");
        final CommandRun run = CommandRun.of("config", "check", "--config", example.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(": OK"), run.out());
    }

    @Test
    void shouldShowEverySeedKeyWithADefaultInTheExampleConfig() throws IOException
    {
        final String text = Files.readString(PACKAGING.resolve("config.example.json"));
        for (final String key : List.of("api_base", "interface", "pcap_enabled", "pcap_dir", "pcap_max_packets",
            "pcap_max_seconds", "pcap_retention_days", "log_file", "log_level", "dynamic_threshold",
            "baseline_window_minutes", "threshold_multiplier", "heartbeat_interval", "metrics_interval"))
        {
            assertTrue(text.contains("\"" + key + "\""), key + " missing from config.example.json");
        }
    }

    @Test
    void shouldShipTheUnitThatInstallServiceWritesForTheDefaults() throws IOException
    {
        final String expected = SystemdUnit.render(
            SystemdUnit.DEFAULT_LAUNCHER, ConfigLoader.DEFAULT_PATH, null, AgentConfig.defaults());
        assertEquals(expected, Files.readString(PACKAGING.resolve("ftagent.service")),
            "packaging/ftagent.service is stale: regenerate it from SystemdUnit.render");
    }
}
