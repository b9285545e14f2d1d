package com.flowtriq.ftagent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigWriterTest
{
    @TempDir
    Path dir;

    private static AgentConfig richConfig()
    {
        final ConfigValues logA = ConfigValues.builder()
            .set(ConfigKeys.L7_LOG_PATH, "/var/log/nginx/access.log").build();
        final ConfigValues logB = ConfigValues.builder()
            .set(ConfigKeys.L7_LOG_PATH, "/var/log/haproxy.log").set(ConfigKeys.L7_LOG_FORMAT, "haproxy_http").build();
        final ConfigValues nftRule = ConfigValues.builder()
            .set(ConfigKeys.RULE_WHEN_FAMILIES, List.of("tcp_flood", "udp_flood"))
            .set(ConfigKeys.RULE_WHEN_MIN_CONFIDENCE, 80)
            .set(ConfigKeys.RULE_ACTION, "nft_drop_sources")
            .set(ConfigKeys.RULE_TTL_SECONDS, 900)
            .build();
        final ConfigValues commandRule = ConfigValues.builder()
            .set(ConfigKeys.RULE_ACTION, "command")
            .set(ConfigKeys.RULE_COMMAND, List.of("/usr/local/sbin/block", "{src_ip}", "--note", "a \"quoted\" note"))
            .build();

        return AgentConfig.of(ConfigValues.builder()
            .set(ConfigKeys.API_KEY, "ftk_abcdefabcdefabcdef0123")
            .set(ConfigKeys.NODE_UUID, "123e4567-e89b-12d3-a456-426614174000")
            .set(ConfigKeys.INTERFACE, "eth1")
            .set(ConfigKeys.PCAP_ENABLED, false)
            .set(ConfigKeys.THRESHOLD_MULTIPLIER, 4)
            .set(ConfigKeys.MIN_BPS_THRESHOLD, 10_000_000_000L)
            .set(ConfigKeys.PROTECTED_PREFIXES, List.of("198.51.100.0/24", "2001:db8::/48"))
            .set(ConfigKeys.L7_LOGS, List.of(logA, logB))
            .set(ConfigKeys.NOTIFY_SLACK_WEBHOOK_URL, "https://hooks.slack.com/services/T0/B0/xyzxyzxyzxyz")
            .set(ConfigKeys.NOTIFY_WEBHOOK_URL, "https://example.test/hook")
            .set(ConfigKeys.MITIGATION_ENABLED, true)
            .set(ConfigKeys.MITIGATION_RULES, List.of(nftRule, commandRule))
            .set(ConfigKeys.METRICS_LISTEN, "")
            .set(ConfigKeys.LOG_LEVEL, "WARNING")
            .build());
    }

    @Test
    void shouldReadBackExactlyWhatWasWritten() throws IOException
    {
        final AgentConfig written = richConfig();
        final Path file = dir.resolve("etc/ftagent/config.json");

        ConfigWriter.write(file, written, false);
        final ConfigLoader.Result loaded = ConfigLoader.load(file);

        assertTrue(loaded.ok(), loaded.report());
        assertEquals(written, loaded.config());
        assertEquals(written.values().setValues(), loaded.config().values().setValues());
        assertEquals(4.0, loaded.config().detection().thresholdMultiplier());
        assertEquals(Path.of("/var/log/haproxy.log"), loaded.config().l7().logs().get(1).path());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void shouldWriteOnlySetKeysNestedByPath()
    {
        final String json = new String(ConfigWriter.toJson(ConfigValues.builder()
            .set(ConfigKeys.PCAP_DIR, "/srv/pcaps")
            .set(ConfigKeys.NOTIFY_DISCORD_WEBHOOK_URL, "https://discord.com/api/webhooks/1/abc")
            .build()), StandardCharsets.UTF_8);

        assertEquals("""
            {
              "pcap_dir" : "/srv/pcaps",
              "notify" : {
                "discord" : {
                  "webhook_url" : "https://discord.com/api/webhooks/1/abc"
                }
              }
            }
            """, json);
    }

    @Test
    void shouldWriteFileReadableByOwnerOnlyAndLeaveNoTempFile() throws IOException
    {
        final Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"log_level\": \"DEBUG\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        ConfigWriter.write(file, richConfig(), true);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        final Path backup = dir.resolve("config.json.bak");
        assertEquals("{\"log_level\": \"DEBUG\"}", Files.readString(backup));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
        try (var listing = Files.list(dir))
        {
            assertEquals(List.of("config.json", "config.json.bak"),
                listing.map((p) -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void shouldLeaveTargetUnchangedWhenDirectoryIsNotWritable() throws IOException
    {
        final Path file = dir.resolve("config.json");
        Files.writeString(file, "{}");
        final Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "");

        assertThrows(IOException.class, () -> ConfigWriter.write(blocker.resolve("config.json"), richConfig(), false));
        assertEquals("{}", Files.readString(file));
    }

    @Test
    void shouldSetValuesFromTextAsTypedAtPrompts()
    {
        final ConfigValues values = ConfigValues.builder()
            .setText(ConfigKeys.PCAP_ENABLED, " no ")
            .setText(ConfigKeys.BASELINE_WINDOW_MINUTES, "15")
            .setText(ConfigKeys.THRESHOLD_MULTIPLIER, "2.5")
            .setText(ConfigKeys.MITIGATION_SAFELIST, "10.0.0.0/8, 2001:db8::/32")
            .setText(ConfigKeys.LOG_LEVEL, "debug")
            .setText(ConfigKeys.API_KEY, "")
            .build();

        final AgentConfig config = AgentConfig.of(values);
        assertEquals(false, config.pcap().enabled());
        assertEquals(15, config.detection().baselineWindowMinutes());
        assertEquals(2.5, config.detection().thresholdMultiplier());
        assertEquals(List.of("10.0.0.0/8", "2001:db8::/32"), config.mitigation().safelist());
        assertEquals("DEBUG", config.logging().level());
        assertTrue(config.api().localMode());

        final IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
            () -> ConfigValues.builder().setText(ConfigKeys.PCAP_MAX_SECONDS, "a minute"));
        assertEquals("pcap_max_seconds = \"a minute\": expected an integer from 1 to 86400", notNumber.getMessage());
        final IllegalArgumentException badUuid = assertThrows(IllegalArgumentException.class,
            () -> ConfigValues.builder().setText(ConfigKeys.NODE_UUID, "1234"));
        assertEquals("node_uuid = \"1234\": expected a UUID like 123e4567-e89b-12d3-a456-426614174000",
            badUuid.getMessage());
    }

    @Test
    void shouldRejectInvalidValueInBuilderNamingKeyAndExpectedForm()
    {
        final IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
            () -> ConfigValues.builder().set(ConfigKeys.PCAP_RETENTION_DAYS, 0));
        assertEquals("pcap_retention_days = 0: expected an integer from 1 to 3650", range.getMessage());

        final IllegalArgumentException element = assertThrows(IllegalArgumentException.class,
            () -> ConfigValues.builder().set(ConfigKeys.MITIGATION_SAFELIST, List.of("10.0.0.0/8", "nope")));
        assertEquals("mitigation.safelist = \"nope\": expected an IPv4/IPv6 address or CIDR like 198.51.100.0/24 or " +
            "2001:db8::/32", element.getMessage());

        final ConfigValidationException crossKey = assertThrows(ConfigValidationException.class,
            () -> AgentConfig.of(ConfigValues.builder().set(ConfigKeys.API_KEY, "ftk_abcdefabcdefabcd").build()));
        assertEquals("node_uuid", crossKey.problems().getFirst().path());
    }
}
