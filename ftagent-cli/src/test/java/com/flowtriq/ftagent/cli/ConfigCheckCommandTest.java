package com.flowtriq.ftagent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigCheckCommandTest
{
    @TempDir
    Path dir;

    private Path write(final String json, final String mode) throws IOException
    {
        final Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void shouldPrintEveryProblemAtOnceAndExitTwo() throws IOException
    {
        final Path file = write("""
            {"interfac": "eth0", "threshold_multiplier": "high", "node_uuid": "not-a-uuid", "pcap_max_packets": -1}
            """, "rw-------");
        final CommandRun run = CommandRun.of("config", "check", "--config", file.toString());
        assertEquals(2, run.exitCode(), run.out());
        for (final String key : new String[] {"interfac", "threshold_multiplier", "node_uuid", "pcap_max_packets"})
        {
            assertTrue(run.err().contains(key), key + " not reported in:\n" + run.err());
        }
        assertTrue(run.err().contains("interface"), "did-you-mean suggestion expected:\n" + run.err());
    }

    @Test
    void shouldExitZeroWithWarningForWorldReadableSecret() throws IOException
    {
        final Path file = write("""
            {"api_key": "ftk_abcdefgh12345678", "node_uuid": "3f2b6c1e-8d4a-4f7b-9c2e-1a2b3c4d5e6f"}
            """, "rw-r--r--");
        final CommandRun run = CommandRun.of("config", "check", "--config", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("OK"), run.out());
        assertTrue(run.out().contains("warning:"), run.out());
        assertFalse(run.out().contains("ftk_abcdefgh12345678"), "secret printed:\n" + run.out());
    }

    @Test
    void shouldAcceptAMissingFileAsTheDefaults()
    {
        final CommandRun run = CommandRun.of("config", "check", "--config", dir.resolve("absent.json").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("using the defaults"), run.out());
    }

    @Test
    void shouldPrintEffectiveValuesWithoutSecretsWhenAsked() throws IOException
    {
        final Path file = write("""
            {"api_key": "ftk_abcdefgh12345678", "node_uuid": "3f2b6c1e-8d4a-4f7b-9c2e-1a2b3c4d5e6f"}
            """, "rw-------");
        final CommandRun run = CommandRun.of("config", "check", "--config", file.toString(), "--print");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("pcap_dir"), run.out());
        assertFalse(run.out().contains("ftk_abcdefgh12345678"), "secret printed:\n" + run.out());
    }
}
