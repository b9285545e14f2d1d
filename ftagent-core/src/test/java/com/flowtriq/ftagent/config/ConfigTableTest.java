package com.flowtriq.ftagent.config;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's config table must be what the registry generates. To regenerate it after a registry change:
 * {@code ./mvnw -B -pl ftagent-core verify -Dtest=ConfigTableTest -Dftagent.readme.update=true}.
 */
class ConfigTableTest
{
    private static Path readme()
    {
        final String root = System.getProperty("ftagent.repo.root");
        Assumptions.assumeTrue(null != root, "ftagent.repo.root not set: run through Maven (surefire sets it)");
        final Path readme = Path.of(root, "README.md");
        Assumptions.assumeTrue(Files.isRegularFile(readme), "no README at " + readme);
        return readme;
    }

    @Test
    void shouldMatchReadmeTableWithRegistry() throws IOException
    {
        final Path readme = readme();
        final String text = Files.readString(readme, StandardCharsets.UTF_8);
        final String expected = ConfigTable.withTable(text);
        if (Boolean.getBoolean("ftagent.readme.update") && !expected.equals(text))
        {
            Files.writeString(readme, expected, StandardCharsets.UTF_8);
            System.out.println("ConfigTableTest: rewrote the config table in " + readme);
            return;
        }
        assertEquals(expected, text, "README config table is out of date with ConfigKeys; regenerate with " +
            "./mvnw -B -pl ftagent-core verify -Dtest=ConfigTableTest -Dftagent.readme.update=true");
    }

    @Test
    void shouldListEveryRegisteredKeyOnceInTable()
    {
        final String table = ConfigTable.markdown();
        for (final ConfigKey key : ConfigKeys.all())
        {
            final String cell = "| `" + key.path() + "` |";
            assertTrue(table.contains(cell), key.path());
            assertEquals(table.indexOf(cell), table.lastIndexOf(cell), key.path());
        }
        assertEquals(ConfigKeys.all().size(), table.lines().filter((l) -> l.startsWith("| `")).count());
    }

    @Test
    void shouldShowRegistryDefaultAndRangeInRow()
    {
        final String table = ConfigTable.markdown();
        assertTrue(table.contains(
            "| `baseline_window_minutes` | an integer from 1 to 1440 | `60` | " +
            ConfigKeys.BASELINE_WINDOW_MINUTES.description() + " |"), table);
        assertTrue(table.contains("| `api_key` | a non-empty string (secret) | `none` |"), table);
        assertTrue(table.contains("| `log_level` | one of DEBUG, INFO, WARNING, ERROR | `\"INFO\"` |"), table);
    }
}
