package com.flowtriq.ftagent.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigOverridesTest
{
    private static ServerConfigOverrides.Result apply(final AgentConfig base, final String json)
    {
        return ServerConfigOverrides.apply(base, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldApplyKnownServerKeysToTheirLocalKeys()
    {
        final ServerConfigOverrides.Result result = apply(AgentConfig.defaults(), """
            {"pps_threshold": 20000, "dynamic_threshold": false, "attack_holddown": 5, "attack_cooldown": 30,
             "pcap_enabled": false, "pending_commands": [{"id": 1, "command_text": "iptables -F"}],
             "l7": {"enabled": false, "log_path": "/var/log/nginx/access.log", "rps_threshold": 250,
                    "error_rate_threshold": 0.5, "sensitivity": "high"},
             "something_new": {"a": [1, 2]}}
            """);

        final AgentConfig config = result.config();
        assertEquals(List.of(), result.ignored());
        assertEquals(20000, config.detection().ppsThreshold());
        assertFalse(config.detection().dynamicThreshold());
        assertEquals(5, config.detection().attackHolddownSeconds());
        assertEquals(30, config.detection().attackCooldownSeconds());
        assertFalse(config.pcap().enabled());
        assertFalse(config.l7().enabled());
        assertEquals(List.of(new L7LogSource(Path.of("/var/log/nginx/access.log"), "auto")), config.l7().logs());
        assertEquals(250, config.l7().minRps());
        assertEquals("high", config.l7().sensitivity());
        assertEquals(0.5, config.l7().errorRateThreshold());
        assertTrue(result.applied().contains("attack_holddown_seconds: 10 -> 5"), result.applied().toString());
        assertEquals(10, result.applied().size(), result.applied().toString());
    }

    @Test
    void shouldIgnoreValuesBelowServerMinimumsAndKeepLocalValues()
    {
        final ServerConfigOverrides.Result result = apply(AgentConfig.defaults(),
            "{\"attack_holddown\": 2, \"attack_cooldown\": 9, \"pps_threshold\": \"lots\", \"pcap_enabled\": 1}");

        assertSame(AgentConfig.defaults(), result.config());
        assertEquals(List.of(), result.applied());
        assertEquals(List.of(
            "server.attack_holddown = 2: expected an integer from 3 to 3600 (line 1, column 21)",
            "server.attack_cooldown = 9: expected an integer from 10 to 86400 (line 1, column 43)",
            "server.pps_threshold = \"lots\": expected an integer >= 0 (line 1, column 63)",
            "server.pcap_enabled = 1: expected true or false (line 1, column 87)"),
            result.ignored().stream().map(ConfigProblem::message).toList());
    }

    @Test
    void shouldRefuseAnErrorRateThresholdOutsideItsRange()
    {
        final ServerConfigOverrides.Result result =
            apply(AgentConfig.defaults(), "{\"l7\": {\"error_rate_threshold\": 1.5}}");

        assertSame(AgentConfig.defaults(), result.config());
        assertEquals(List.of("server.l7.error_rate_threshold = 1.5: expected a number from 0.05 to 1.0 " +
            "(line 1, column 33)"), result.ignored().stream().map(ConfigProblem::message).toList());
    }

    @Test
    void shouldKeepConfigUnchangedOnMalformedServerJson()
    {
        final AgentConfig base = AgentConfig.defaults();

        final ServerConfigOverrides.Result result = apply(base, "{\"attack_holddown\": 5,");

        assertSame(base, result.config());
        assertEquals(1, result.ignored().size());
        assertTrue(result.ignored().getFirst().message().startsWith("malformed server config: "),
            result.ignored().toString());
    }

    @Test
    void shouldAcceptWholeNumbersSentAsFloats()
    {
        final ServerConfigOverrides.Result result = apply(AgentConfig.defaults(),
            "{\"pps_threshold\": 7500.0, \"attack_cooldown\": 12.5}");

        assertEquals(7500, result.config().detection().ppsThreshold());
        assertEquals(60, result.config().detection().attackCooldownSeconds());
        assertEquals(1, result.ignored().size());
    }

    @Test
    void shouldKeepValueInForceForRefusedKeyAndFallBackToFileForAbsentKey()
    {
        final AgentConfig file = AgentConfig.defaults();
        final AgentConfig inForce = apply(file, "{\"attack_holddown\": 5, \"pps_threshold\": 9000}").config();

        final ServerConfigOverrides.Result result = ServerConfigOverrides.apply(file, inForce,
            "{\"attack_holddown\": 1, \"threshold_multiplier\": 4.5, \"min_pps_threshold\": 2000}"
                .getBytes(StandardCharsets.UTF_8));

        final AgentConfig config = result.config();
        assertEquals(5, config.detection().attackHolddownSeconds(), "refused: the value in force stays");
        assertEquals(0, config.detection().ppsThreshold(), "absent: back to the file's value");
        assertEquals(4.5, config.detection().thresholdMultiplier());
        assertEquals(2000, config.detection().minPpsThreshold());
        assertEquals(List.of("server.attack_holddown = 1: expected an integer from 3 to 3600 (line 1, column 21)"),
            result.ignored().stream().map(ConfigProblem::message).toList());
        assertEquals(List.of("threshold_multiplier: 3.0 -> 4.5", "pps_threshold: 9000 -> 0",
            "min_pps_threshold: 5000 -> 2000"), result.applied());
    }

    @Test
    void shouldApplyIntervalsAndRefuseOutOfRangeMultiplier()
    {
        final ServerConfigOverrides.Result result = apply(AgentConfig.defaults(),
            "{\"heartbeat_interval\": 60, \"metrics_interval\": 5, \"config_poll_interval\": 120," +
            " \"threshold_multiplier\": 0.5, \"attack_confirm_seconds\": 3}");

        assertEquals(60, result.config().api().heartbeatIntervalSeconds());
        assertEquals(5, result.config().api().metricsIntervalSeconds());
        assertEquals(120, result.config().api().configPollIntervalSeconds());
        assertEquals(3, result.config().detection().attackConfirmSeconds());
        assertEquals(3.0, result.config().detection().thresholdMultiplier());
        assertEquals(1, result.ignored().size(), result.ignored().toString());
        assertEquals("server.threshold_multiplier", result.ignored().getFirst().path());
    }
}
