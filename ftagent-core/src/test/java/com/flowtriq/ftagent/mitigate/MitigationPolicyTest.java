package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.config.ConfigLoader;
import com.flowtriq.ftagent.config.MitigationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MitigationPolicyTest
{
    @TempDir
    Path dir;

    @Test
    void shouldAdaptParsedMitigationSectionIntoRules() throws Exception
    {
        final Path file = dir.resolve("config.json");
        Files.writeString(file, """
            {"mitigation": {"enabled": true, "dry_run": true, "max_blocked_sources": 7,
              "safelist": ["198.18.201.0/24"],
              "rules": [{"when": {"families": ["tcp_flood"], "subtypes": ["syn"], "min_pps": 5000,
                                  "min_confidence": 60},
                         "action": "nft_drop_sources", "targets": "top_sources", "top_n": 3, "ttl_seconds": 600}]}}
            """);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        final ConfigLoader.Result result = ConfigLoader.load(file);
        assertTrue(result.ok(), result.report());
        final MitigationConfig config = result.config().mitigation();

        final MitigationPolicy policy = MitigationPolicy.from(config);

        assertTrue(policy.enabled());
        assertTrue(policy.dryRun());
        assertEquals(7, policy.maxBlockedSources());
        assertEquals(List.of(new RuleSpec(List.of("tcp_flood"), List.of("syn"), 5000, 60, NftDropSources.ACTION,
            RuleTarget.TOP_SOURCES, 3, 600)), policy.rules());
        final RuleSpec rule = policy.rules().get(0);
        assertTrue(rule.matches(new IncidentView("i", "tcp_flood", "syn", 5000, 60, List.of(), null, -1, null)));
        assertFalse(rule.matches(new IncidentView("i", "tcp_flood", "syn", 4999, 60, List.of(), null, -1, null)));
        assertTrue(Safelist.forHost(config.safelist(), List.of()).contains(IpAddress.of("198.18.201.9")));
    }

    @Test
    void shouldBeDisabledByDefault()
    {
        final MitigationPolicy policy = MitigationPolicy.from(
            com.flowtriq.ftagent.config.AgentConfig.defaults().mitigation());

        assertFalse(policy.enabled());
        assertEquals(1000, policy.maxBlockedSources());
        assertTrue(policy.rules().isEmpty());
    }
}
