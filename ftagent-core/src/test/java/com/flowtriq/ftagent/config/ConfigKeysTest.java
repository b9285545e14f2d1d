package com.flowtriq.ftagent.config;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigKeysTest
{
    /** The seed agent's keys and defaults (shared/config-reference.md): operators' files depend on them. */
    private static final Map<String, String> SEED_DEFAULTS = seedDefaults();

    private static Map<String, String> seedDefaults()
    {
        final Map<String, String> seed = new LinkedHashMap<>();
        seed.put("api_key", "none");
        seed.put("node_uuid", "none");
        seed.put("api_base", "\"https://flowtriq.com/api/v1\"");
        seed.put("interface", "\"auto\"");
        seed.put("pcap_enabled", "true");
        seed.put("pcap_dir", "\"/var/lib/ftagent/pcaps\"");
        seed.put("pcap_max_packets", "10000");
        seed.put("pcap_max_seconds", "60");
        seed.put("pcap_retention_days", "7");
        seed.put("log_file", "\"/var/log/ftagent.log\"");
        seed.put("log_level", "\"INFO\"");
        seed.put("dynamic_threshold", "true");
        seed.put("baseline_window_minutes", "60");
        seed.put("threshold_multiplier", "3.0");
        seed.put("heartbeat_interval", "30");
        seed.put("metrics_interval", "10");
        return seed;
    }

    @Test
    void shouldKeepEverySeedKeyAtTopLevelWithSeedDefault()
    {
        for (final Map.Entry<String, String> seed : SEED_DEFAULTS.entrySet())
        {
            final ConfigKey key = ConfigKeys.find(seed.getKey());
            assertNotNull(key, seed.getKey());
            assertEquals(seed.getValue(), key.defaultText(), seed.getKey());
        }
        assertEquals(List.of("DEBUG", "INFO", "WARNING", "ERROR"), ConfigKeys.LOG_LEVEL.allowed());
    }

    @Test
    void shouldListEverySeedKeyOfSharedReference() throws IOException
    {
        final String root = System.getProperty("ftagent.repo.root");
        Assumptions.assumeTrue(null != root, "ftagent.repo.root not set: run through Maven");
        final Path reference = Path.of(root, "..", "shared", "config-reference.md");
        Assumptions.assumeTrue(Files.isRegularFile(reference), "no shared config reference at " + reference);

        final Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\| ").matcher(
            Files.readString(reference, StandardCharsets.UTF_8));
        int keys = 0;
        while (row.find())
        {
            assertTrue(SEED_DEFAULTS.containsKey(row.group(1)), "seed key missing from this test: " + row.group(1));
            assertNotNull(ConfigKeys.find(row.group(1)), "seed key missing from the registry: " + row.group(1));
            keys++;
        }
        assertEquals(SEED_DEFAULTS.size(), keys);
    }

    @Test
    void shouldAcceptEveryDefaultByItsOwnRule()
    {
        for (final ConfigKey key : ConfigKeys.all())
        {
            final Object value = key.defaultValue();
            if (null == value || key.type() == ConfigType.SECTION || key.type() == ConfigType.SECTION_LIST)
            {
                continue;
            }
            if (key.type() == ConfigType.STRING_LIST)
            {
                for (final Object element : (List<?>)value)
                {
                    assertTrue(key.accepts(element), key.path());
                }
            }
            else
            {
                assertTrue(key.accepts(value), key.path() + " default " + value + " fails " + key.expected());
            }
        }
    }

    @Test
    void shouldDescribeEveryKeyAndNestOnlyUnderSections()
    {
        for (final ConfigKey key : ConfigKeys.all())
        {
            assertTrue(key.description().endsWith("."), key.path() + ": description should be a sentence");
            final String parent = key.parentPrefix();
            if (!parent.isEmpty())
            {
                final String withoutDot = parent.substring(0, parent.length() - 1);
                final String parentPath = withoutDot.endsWith("[]") ?
                    withoutDot.substring(0, withoutDot.length() - 2) : withoutDot;
                final ConfigKey section = ConfigKeys.find(parentPath);
                assertNotNull(section, key.path() + " has no registered parent " + parentPath);
                assertTrue(section.type() == ConfigType.SECTION || section.type() == ConfigType.SECTION_LIST,
                    key.path());
            }
        }
    }

    @Test
    void shouldWriteCompleteExampleThatReadsBackToDefaults()
    {
        final byte[] example = ConfigWriter.toJsonWithDefaults(ConfigValues.empty());

        final ConfigReader.Result result = ConfigReader.read(example);

        assertTrue(result.ok(), result.problems().toString());
        final AgentConfig config = AgentConfig.of(result.values());
        for (final ConfigKey key : ConfigKeys.all())
        {
            if (key.type() != ConfigType.SECTION && !key.path().contains("[]"))
            {
                assertEquals(AgentConfig.defaults().values().value(key), config.values().value(key), key.path());
            }
        }
        final String json = new String(example, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"metrics_listen\" : \"127.0.0.1:9108\""), json);
        assertTrue(json.contains("\"mitigation\" : {\n    \"enabled\" : false,"), json);
    }
}
