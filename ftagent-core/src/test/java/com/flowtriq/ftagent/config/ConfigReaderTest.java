package com.flowtriq.ftagent.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReaderTest
{
    private static final String UUID = "123e4567-e89b-12d3-a456-426614174000";

    private static ConfigReader.Result read(final String json)
    {
        return ConfigReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> messages(final String json)
    {
        return read(json).problems().stream().map(ConfigProblem::message).toList();
    }

    private static AgentConfig config(final String json)
    {
        final ConfigReader.Result result = read(json);
        assertTrue(result.ok(), result.problems().toString());
        return AgentConfig.of(result.values());
    }

    @Test
    void shouldGiveSeedDefaultsForEmptyObject()
    {
        final AgentConfig config = config("{}");

        assertTrue(config.api().localMode());
        assertNull(config.api().apiKey());
        assertNull(config.api().nodeUuid());
        assertEquals("https://flowtriq.com/api/v1", config.api().apiBase());
        assertEquals("auto", config.capture().interfaceName());
        assertTrue(config.capture().autoInterface());
        assertTrue(config.pcap().enabled());
        assertEquals(Path.of("/var/lib/ftagent/pcaps"), config.pcap().dir());
        assertEquals(10000, config.pcap().maxPackets());
        assertEquals(60, config.pcap().maxSeconds());
        assertEquals(7, config.pcap().retentionDays());
        assertEquals("/var/log/ftagent.log", config.logging().file());
        assertEquals("INFO", config.logging().level());
        assertTrue(config.detection().dynamicThreshold());
        assertEquals(60, config.detection().baselineWindowMinutes());
        assertEquals(3.0, config.detection().thresholdMultiplier());
        assertEquals(30, config.api().heartbeatIntervalSeconds());
        assertEquals(10, config.api().metricsIntervalSeconds());
        assertEquals(config, AgentConfig.defaults());
    }

    @Test
    void shouldGiveIssueDefaultsForOurKeys()
    {
        final AgentConfig config = AgentConfig.defaults();

        assertEquals(5000, config.detection().minPpsThreshold());
        assertEquals(50_000_000, config.detection().minBpsThreshold());
        assertEquals(2, config.detection().attackConfirmSeconds());
        assertEquals(10, config.detection().attackHolddownSeconds());
        assertEquals(60, config.detection().attackCooldownSeconds());
        assertEquals(Path.of("/var/lib/ftagent"), config.state().stateDir());
        assertEquals(256, config.pcap().snaplen());
        assertEquals(1000, config.pcap().preattackPackets());
        assertFalse(config.pcap().incidentFilter());
        assertEquals(2000, config.pcap().maxDiskMb());
        assertEquals(500, config.pcap().minFreeMb());
        assertEquals(16384, config.l7().maxLineBytes());
        assertEquals(List.of(), config.l7().logs());
        assertEquals(256, config.state().outboxMaxMb());
        assertEquals("127.0.0.1:9108", config.state().metricsListen());
        assertTrue(config.state().journalEnabled());
        assertFalse(config.mitigation().enabled());
        assertEquals(1000, config.mitigation().maxBlockedSources());
        assertEquals(32, config.capture().topK());
        assertFalse(config.notifiers().anyConfigured());
    }

    @Test
    void shouldReadEverySeedKeyOfAnExistingOperatorFile()
    {
        final AgentConfig config = config("""
            {
              "api_key": "ftk_0123456789abcdefabcd",
              "node_uuid": "%s",
              "api_base": "https://example.test/api/v1",
              "interface": "ens3",
              "pcap_enabled": false,
              "pcap_dir": "/srv/pcaps",
              "pcap_max_packets": 500,
              "pcap_max_seconds": 30,
              "pcap_retention_days": 3,
              "log_file": "/var/log/ft.log",
              "log_level": "DEBUG",
              "dynamic_threshold": false,
              "baseline_window_minutes": 15,
              "threshold_multiplier": 2.5,
              "heartbeat_interval": 60,
              "metrics_interval": 5
            }
            """.formatted(UUID));

        assertFalse(config.api().localMode());
        assertEquals("ftk_0123456789abcdefabcd", config.api().apiKey());
        assertEquals(UUID, config.api().nodeUuid());
        assertEquals("https://example.test/api/v1", config.api().apiBase());
        assertEquals("ens3", config.capture().interfaceName());
        assertFalse(config.pcap().enabled());
        assertEquals(Path.of("/srv/pcaps"), config.pcap().dir());
        assertEquals(500, config.pcap().maxPackets());
        assertEquals(30, config.pcap().maxSeconds());
        assertEquals(3, config.pcap().retentionDays());
        assertEquals("/var/log/ft.log", config.logging().file());
        assertEquals("DEBUG", config.logging().level());
        assertFalse(config.detection().dynamicThreshold());
        assertEquals(15, config.detection().baselineWindowMinutes());
        assertEquals(2.5, config.detection().thresholdMultiplier());
        assertEquals(60, config.api().heartbeatIntervalSeconds());
        assertEquals(5, config.api().metricsIntervalSeconds());
    }

    @Test
    void shouldReadNestedSectionsAndListsOfObjects()
    {
        final AgentConfig config = config("""
            {
              "protected_prefixes": ["198.51.100.0/24", "2001:db8::/32", "192.0.2.7"],
              "l7_logs": [
                {"path": "/var/log/nginx/access.log"},
                {"path": "/var/log/caddy/access.json", "format": "caddy_json"}
              ],
              "notify": {"slack": {"webhook_url": "https://hooks.slack.com/services/T0/B0/abcdefabcdef"}},
              "mitigation": {
                "enabled": true,
                "safelist": ["203.0.113.0/24"],
                "rules": [
                  {"when": {"families": ["tcp_flood"], "min_confidence": 70}, "action": "nft_drop_sources",
                   "top_n": 50, "ttl_seconds": 600},
                  {"action": "command", "command": ["/usr/local/bin/block", "{src_ip}"],
                   "revert": ["/usr/local/bin/unblock", "{src_ip}"]}
                ]
              }
            }
            """);

        assertEquals(List.of("198.51.100.0/24", "2001:db8::/32", "192.0.2.7"), config.detection().protectedPrefixes());
        assertEquals(List.of(
            new L7LogSource(Path.of("/var/log/nginx/access.log"), "auto"),
            new L7LogSource(Path.of("/var/log/caddy/access.json"), "caddy_json")), config.l7().logs());
        assertEquals("https://hooks.slack.com/services/T0/B0/abcdefabcdef", config.notifiers().slackWebhookUrl());
        assertTrue(config.notifiers().anyConfigured());
        assertTrue(config.mitigation().enabled());
        assertEquals(List.of("203.0.113.0/24"), config.mitigation().safelist());
        assertEquals(2, config.mitigation().rules().size());
        final MitigationRule nft = config.mitigation().rules().get(0);
        assertEquals("nft_drop_sources", nft.action());
        assertEquals(List.of("tcp_flood"), nft.families());
        assertEquals(70, nft.minConfidence());
        assertEquals(50, nft.topN());
        assertEquals(600, nft.ttlSeconds());
        assertEquals("top_sources", nft.targets());
        final MitigationRule command = config.mitigation().rules().get(1);
        assertEquals(List.of("/usr/local/bin/block", "{src_ip}"), command.command());
        assertEquals(List.of("/usr/local/bin/unblock", "{src_ip}"), command.revert());
    }

    @Test
    void shouldTreatNullOrEmptyAsUnsetForKeysWithoutDefault()
    {
        final AgentConfig config = config(
            "{\"api_key\": \"\", \"node_uuid\": null, \"notify\": {\"slack\": {\"webhook_url\": \"\"}}}");

        assertTrue(config.api().localMode());
        assertEquals(AgentConfig.defaults(), config);
    }

    @Test
    void shouldMatchEnumeratedValuesIgnoringCaseAndKeepCanonicalForm()
    {
        final AgentConfig config = config(
            "{\"log_level\": \"warning\", \"mitigation\": {\"rules\": [{\"action\": \"NFT_DROP_SOURCES\", " +
            "\"when\": {\"families\": [\"Udp_Flood\"]}}]}}");

        assertEquals("WARNING", config.logging().level());
        assertEquals("nft_drop_sources", config.mitigation().rules().getFirst().action());
        assertEquals(List.of("udp_flood"), config.mitigation().rules().getFirst().families());
    }

    @Test
    void shouldReportWrongTypeWithKeyValueAndExpectedForm()
    {
        assertEquals(
            List.of("baseline_window_minutes = \"60\": expected an integer from 1 to 1440 (line 1, column 29)"),
            messages("{\"baseline_window_minutes\": \"60\"}"));
        assertEquals(
            List.of("baseline_window_minutes = 60.5: expected an integer from 1 to 1440 (line 1, column 29)"),
            messages("{\"baseline_window_minutes\": 60.5}"));
        assertEquals(
            List.of("pcap_enabled = \"yes\": expected true or false (line 1, column 18)"),
            messages("{\"pcap_enabled\": \"yes\"}"));
        assertEquals(
            List.of("interface = [...]: expected \"auto\" or an interface name like eth0 (1-15 characters, no '/', " +
                "':' or spaces) (line 1, column 15)"),
            messages("{\"interface\": [\"eth0\"]}"));
        assertEquals(
            List.of("notify = true: expected an object (line 1, column 12)"),
            messages("{\"notify\": true}"));
        assertEquals(
            List.of("protected_prefixes = \"10.0.0.0/8\": expected a list, each an IPv4/IPv6 address or CIDR like " +
                "198.51.100.0/24 or 2001:db8::/32 (line 1, column 24)"),
            messages("{\"protected_prefixes\": \"10.0.0.0/8\"}"));
    }

    @Test
    void shouldReportOutOfRangeNumbers()
    {
        assertEquals(
            List.of(
                "baseline_window_minutes = 0: expected an integer from 1 to 1440 (line 2, column 30)",
                "threshold_multiplier = 0.5: expected a number from 1.0 to 100.0 (line 3, column 27)",
                "pps_threshold = -1: expected an integer >= 0 (line 4, column 20)",
                "pcap_max_packets = 99999999999999999999: expected an integer from 1 to 100000000 (line 5, column 23)",
                "capture_ring_block_size = 5000: expected an integer from 4096 to 1073741824, a power of two " +
                    "(line 6, column 30)"),
            messages("""
                {
                  "baseline_window_minutes": 0,
                  "threshold_multiplier": 0.5,
                  "pps_threshold": -1,
                  "pcap_max_packets": 99999999999999999999,
                  "capture_ring_block_size": 5000
                }"""));
    }

    @Test
    void shouldReportBadEnumWithAllowedValues()
    {
        assertEquals(
            List.of("log_level = \"verbose\": expected one of DEBUG, INFO, WARNING, ERROR (line 1, column 15)"),
            messages("{\"log_level\": \"verbose\"}"));
        assertEquals(
            List.of("mitigation.rules[0].when.families[1] = \"tcp\": expected one of tcp_flood, udp_flood, " +
                "icmp_flood, fragment_flood, protocol_flood, multi_vector, http_flood (line 1, column 93)"),
            messages("{\"mitigation\": {\"rules\": [{\"action\": \"nft_drop_sources\", \"when\": {\"families\": " +
                "[\"udp_flood\", \"tcp\"]}}]}}"));
    }

    @Test
    void shouldReportMalformedFormatsOfUrlUuidCidrInterfaceAndListenAddress()
    {
        final List<String> messages = messages("""
            {
              "api_base": "ftp://flowtriq.com",
              "node_uuid": "not-a-uuid",
              "mitigation": {"safelist": ["10.0.0.0/8", "10.0.0.0/33", "300.1.1.1", "fe80::zz"]},
              "interface": "eth0/1",
              "metrics_listen": "127.0.0.1:99999"
            }""");

        assertEquals(List.of(
            "api_base = \"ftp://flowtriq.com\": expected an http:// or https:// URL (line 2, column 15)",
            "node_uuid = \"not-a-uuid\": expected a UUID like 123e4567-e89b-12d3-a456-426614174000 (line 3, column 16)",
            "mitigation.safelist[1] = \"10.0.0.0/33\": expected an IPv4/IPv6 address or CIDR like 198.51.100.0/24 " +
                "or 2001:db8::/32 (line 4, column 45)",
            "mitigation.safelist[2] = \"300.1.1.1\": expected an IPv4/IPv6 address or CIDR like 198.51.100.0/24 " +
                "or 2001:db8::/32 (line 4, column 60)",
            "mitigation.safelist[3] = \"fe80::zz\": expected an IPv4/IPv6 address or CIDR like 198.51.100.0/24 " +
                "or 2001:db8::/32 (line 4, column 73)",
            "interface = \"eth0/1\": expected \"auto\" or an interface name like eth0 (1-15 characters, no '/', " +
                "':' or spaces) (line 5, column 16)",
            "metrics_listen = \"127.0.0.1:99999\": expected host:port like 127.0.0.1:9108 or [::1]:9108, or \"\" " +
                "to disable (line 6, column 21)"), messages);
    }

    @Test
    void shouldSuggestClosestKnownKeyForUnknownKey()
    {
        assertEquals(
            List.of("pcap_dri: unknown key; did you mean \"pcap_dir\"? (line 1, column 2)"),
            messages("{\"pcap_dri\": \"/tmp\"}"));
        assertEquals(
            List.of("attack_holddown: unknown key; did you mean \"attack_holddown_seconds\"? (line 1, column 2)"),
            messages("{\"attack_holddown\": 5}"));
        assertEquals(
            List.of("notify.slak: unknown key; did you mean \"slack\"? (line 1, column 13)"),
            messages("{\"notify\": {\"slak\": {}}}"));
        assertEquals(
            List.of("enabled: unknown key here; did you mean \"mitigation.enabled\"? (line 1, column 2)"),
            messages("{\"enabled\": true}"));
        assertEquals(
            List.of("slack_webhook_url: unknown key here; did you mean \"notify.slack.webhook_url\"? " +
                "(line 1, column 2)"),
            messages("{\"slack_webhook_url\": \"https://hooks.slack.com/x\"}"));
        assertEquals(
            List.of("notify.slack.webhook_url: a dotted path is not a key: write it as nested objects, " +
                "{\"notify\": {\"slack\": {\"webhook_url\": ...}}} (line 1, column 2)"),
            messages("{\"notify.slack.webhook_url\": \"https://hooks.slack.com/x\"}"));
        assertFalse(read("{\"l7_logs[].path\": \"/var/log/x.log\"}").ok());
        assertEquals(
            List.of("notify.email: unknown key; known keys here: slack, discord, teams, pagerduty, webhook " +
                "(line 1, column 13)"),
            messages("{\"notify\": {\"email\": \"ops@example.test\"}}"));
    }

    @Test
    void shouldReportMalformedJsonWithLineAndColumn()
    {
        final List<String> missingComma = messages("{\n  \"pcap_enabled\": true\n  \"log_level\": \"INFO\"\n}");
        assertEquals(1, missingComma.size());
        assertTrue(missingComma.getFirst().startsWith("malformed JSON: Unexpected character ('\"'"), missingComma.toString());
        assertTrue(missingComma.getFirst().endsWith("(line 3, column 3)"), missingComma.toString());

        final List<String> unclosed = messages("{\"pcap_enabled\": true,\n");
        assertEquals(1, unclosed.size());
        assertTrue(unclosed.getFirst().startsWith("malformed JSON: Unexpected end-of-input"), unclosed.toString());
        assertTrue(unclosed.getFirst().contains("(line 2, column 1)"), unclosed.toString());

        assertEquals(List.of("the file is empty: expected a JSON object such as {}"), messages("  \n"));
        assertEquals(List.of("expected a JSON object { ... } at the top level, found [ (line 1, column 1)"),
            messages("[]"));
        assertEquals(List.of("unexpected content after the closing } of the config object (line 1, column 4)"),
            messages("{} {}"));
    }

    @Test
    void shouldReportDuplicateKey()
    {
        assertEquals(
            List.of("log_level: appears more than once in the same object (line 1, column 23)"),
            messages("{\"log_level\": \"INFO\", \"log_level\": \"DEBUG\"}"));
    }

    @Test
    void shouldCollectAllProblemsOfAFileInFileOrder()
    {
        final ConfigReader.Result result = read("""
            {
              "log_levle": "INFO",
              "pcap_max_seconds": 0,
              "l7_logs": [{"format": "nginx"}, "/var/log/x.log"],
              "mitigation": {"rules": [{"action": "shell"}]},
              "api_key": "ftk_abcdefabcdefabcdef"
            }""");

        assertFalse(result.ok());
        assertEquals(List.of(
            "log_levle: unknown key; did you mean \"log_level\"? (line 2, column 3)",
            "pcap_max_seconds = 0: expected an integer from 1 to 86400 (line 3, column 23)",
            "l7_logs[0].format = \"nginx\": expected one of auto, nginx_combined, nginx_json, apache_combined, " +
                "apache_common, apache_vhost_combined, caddy_json, litespeed, haproxy_http (line 4, column 26)",
            "l7_logs[0].path: missing: expected an absolute path (line 4, column 33)",
            "l7_logs[1] = \"/var/log/x.log\": expected an object with keys path, format (line 4, column 36)",
            "mitigation.rules[0].action = \"shell\": expected one of nft_drop_sources, ipset_drop_sources, " +
                "iptables_rate_limit, cloudflare_block, exabgp_flowspec, exabgp_blackhole, command " +
                "(line 5, column 39)",
            "mitigation.rules[0].action: missing: expected one of nft_drop_sources, ipset_drop_sources, " +
                "iptables_rate_limit, cloudflare_block, exabgp_flowspec, exabgp_blackhole, command " +
                "(line 5, column 46)",
            "node_uuid: missing: required when api_key is set; expected a UUID like " +
                "123e4567-e89b-12d3-a456-426614174000"),
            result.problems().stream().map(ConfigProblem::message).toList());
    }

    @Test
    void shouldReportWhatEachMitigationActionNeeds()
    {
        assertEquals(List.of(
            "mitigation.rules[0].command: missing: action \"command\" needs an argv, e.g. " +
                "[\"/usr/local/bin/block\", \"{src_ip}\"]",
            "mitigation.rules[1].command[0] = \"block\": expected the absolute path of an executable, without " +
                "placeholders",
            "mitigation.rules[1].command[2] = \"{src_port}\": expected placeholders from {src_ip}, {dst_ip}, " +
                "{dst_port}, {protocol}, {incident_id}, {family}",
            "mitigation.cloudflare.api_token: missing: mitigation.rules[2].action is cloudflare_block",
            "mitigation.cloudflare.zone_id: missing: mitigation.rules[2].action is cloudflare_block; set zone_id " +
                "or account_id",
            "mitigation.exabgp.pipe: missing: mitigation.rules[3].action is exabgp_blackhole",
            "mitigation.rules[4].command: only allowed with action \"command\", not \"nft_drop_sources\""),
            messages("""
                {"mitigation": {"rules": [
                  {"action": "command"},
                  {"action": "command", "command": ["block", "{src_ip}", "{src_port}"]},
                  {"action": "cloudflare_block"},
                  {"action": "exabgp_blackhole", "targets": "victim"},
                  {"action": "nft_drop_sources", "command": ["/bin/true"]}
                ]}}"""));
    }

    @Test
    void shouldRejectRingFrameLargerThanBlock()
    {
        assertEquals(
            List.of("capture_ring_frame_size = 16384: expected at most capture_ring_block_size (8192)"),
            messages("{\"capture_ring_block_size\": 8192, \"capture_ring_frame_size\": 16384}"));
    }

    @Test
    void shouldNotRepeatMissingNodeUuidWhenItsValueIsBad()
    {
        assertEquals(
            List.of("node_uuid = \"x\": expected a UUID like 123e4567-e89b-12d3-a456-426614174000 " +
                "(line 1, column 50)"),
            messages("{\"api_key\": \"ftk_abcdefabcdefabcd\", \"node_uuid\": \"x\"}"));
    }

    @Test
    void shouldNeverPrintSecretValueInProblem()
    {
        final String secretPath = "T0000/B0000/SuperSecretToken123";
        final List<String> problems = messages(
            "{\"notify\": {\"slack\": {\"webhook_url\": \"hooks.slack.com/services/" + secretPath + "\"}}, " +
            "\"notify_x\": 1, \"api_key\": 42}");

        assertEquals(3, problems.size(), problems.toString());
        for (final String problem : problems)
        {
            assertFalse(problem.contains("SuperSecretToken123"), problem);
        }
        assertTrue(problems.getFirst().startsWith("notify.slack.webhook_url = \"\u2026n123\": expected an http"),
            problems.getFirst());
        assertEquals(
            List.of("api_key = \"\u20265678\": expected a non-empty string (line 1, column 13)"),
            messages("{\"api_key\": 1234567812345678}"));
    }
}
