package com.flowtriq.ftagent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest
{
    private static final String WITH_SECRET =
        "{\"api_key\": \"ftk_abcdefabcdefabcd1234\", \"node_uuid\": \"123e4567-e89b-12d3-a456-426614174000\"}";

    @TempDir
    Path dir;

    private Path file(final String content, final String mode) throws IOException
    {
        final Path file = dir.resolve("config.json");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void shouldUseDefaultsWhenFileIsAbsentOnFreshHost()
    {
        final ConfigLoader.Result result = ConfigLoader.loadOrDefaults(dir.resolve("absent.json"));

        assertTrue(result.ok());
        assertTrue(result.fromDefaults());
        assertSame(AgentConfig.defaults(), result.config());
        assertTrue(result.report().endsWith("absent.json: no such file, using the defaults (local mode)"),
            result.report());
    }

    @Test
    void shouldFailWhenRequiredFileIsAbsent()
    {
        final ConfigLoader.Result result = ConfigLoader.load(dir.resolve("absent.json"));

        assertFalse(result.ok());
        assertNull(result.config());
        assertEquals("no such file", result.problems().getFirst().message());
    }

    @Test
    void shouldWarnWhenWorldReadableFileHoldsSecrets() throws IOException
    {
        final Path file = file(WITH_SECRET, "rw-r--r--");

        final ConfigLoader.Result result = ConfigLoader.load(file);

        assertTrue(result.ok(), result.report());
        assertEquals(List.of("config file " + file + " is world-readable (rw-r--r--) but holds secrets (api_key); " +
            "run: chmod 600 " + file), result.warnings());
        assertTrue(result.report().contains("\nwarning: config file "), result.report());
    }

    @Test
    void shouldNotWarnWhenFileIsPrivateOrHoldsNoSecrets() throws IOException
    {
        assertEquals(List.of(), ConfigLoader.load(file(WITH_SECRET, "rw-------")).warnings());
        assertEquals(List.of(), ConfigLoader.load(file("{\"log_level\": \"ERROR\"}", "rw-r--r--")).warnings());
    }

    @Test
    void shouldReportEveryProblemAtOnceAndRefuseConfig() throws IOException
    {
        final Path file = file("{\"log_level\": \"LOUD\", \"pcap_max_seconds\": -5, \"interfce\": \"eth0\"}",
            "rw-------");

        final ConfigLoader.Result result = ConfigLoader.load(file);

        assertFalse(result.ok());
        assertEquals(3, result.problems().size());
        final ConfigValidationException ex = assertThrows(ConfigValidationException.class, result::orThrow);
        assertEquals(file + ": 3 problems\n" +
            "  - log_level = \"LOUD\": expected one of DEBUG, INFO, WARNING, ERROR (line 1, column 15)\n" +
            "  - pcap_max_seconds = -5: expected an integer from 1 to 86400 (line 1, column 43)\n" +
            "  - interfce: unknown key; did you mean \"interface\"? (line 1, column 47)", ex.getMessage());
        assertEquals(ex.getMessage(), result.report());
    }

    @Test
    void shouldRefuseOversizedFileUnread() throws IOException
    {
        final Path file = file("{}" + " ".repeat((int)ConfigLoader.MAX_FILE_BYTES), "rw-------");

        final ConfigLoader.Result result = ConfigLoader.load(file);

        assertFalse(result.ok());
        assertTrue(result.problems().getFirst().message().startsWith("the file is 1048578 bytes"),
            result.problems().toString());
    }
}
