package com.flowtriq.ftagent.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A config file is operator input and a server response is remote input: whatever the bytes, reading gives problems,
 * never an exception.
 */
class ConfigReaderRobustnessTest
{
    private static final byte[] VALID = ("""
        {
          "api_key": "ftk_abcdefabcdefabcdef", "node_uuid": "123e4567-e89b-12d3-a456-426614174000",
          "interface": "eth0", "threshold_multiplier": 2.5, "protected_prefixes": ["198.51.100.0/24"],
          "l7_logs": [{"path": "/var/log/nginx/access.log", "format": "nginx_combined"}],
          "notify": {"webhook": {"url": "https://example.test/h", "secret": "s3cr3t-s3cr3t"}},
          "mitigation": {"enabled": true, "rules": [{"action": "command", "command": ["/bin/echo", "{src_ip}"],
                         "when": {"families": ["udp_flood"], "min_pps": 1000}}]}
        }
        """).getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldReadValidDocumentUsedBelow()
    {
        assertTrue(ConfigReader.read(VALID).ok(), ConfigReader.read(VALID).problems().toString());
    }

    @Test
    void shouldReportProblemForEveryTruncationWithoutThrowing()
    {
        for (int length = 0; length < VALID.length - 2; length++)
        {
            final ConfigReader.Result result = ConfigReader.read(Arrays.copyOf(VALID, length));
            assertFalse(result.ok(), "prefix of " + length + " bytes read as valid");
        }
    }

    @Test
    void shouldNeverThrowOnMutatedBytes()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++)
        {
            final byte[] mutated = VALID.clone();
            final int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++)
            {
                mutated[random.nextInt(mutated.length)] = (byte)random.nextInt(256);
            }
            ConfigReader.read(mutated);
            ServerConfigOverrides.apply(AgentConfig.defaults(), mutated);
        }
    }

    @Test
    void shouldReportDeepNestingAsProblem()
    {
        final String deep = "{\"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        final byte[] bytes = deep.getBytes(StandardCharsets.UTF_8);

        assertFalse(ConfigReader.read(bytes).ok());
        assertFalse(ServerConfigOverrides.apply(AgentConfig.defaults(), bytes).ignored().isEmpty());
    }
}
