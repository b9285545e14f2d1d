package com.flowtriq.ftagent.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReaderTest
{
    private static ConfigReader.Result read(final String json)
    {
        return ConfigReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> messages(final String json)
    {
        return read(json).problems().stream().map(ConfigProblem::message).toList();
    }

    @Test
    void shouldGiveSeedDefaultsForEmptyObject()
    {
        final ConfigReader.Result result = read("{}");
        assertTrue(result.ok(), result.problems().toString());
        final AgentConfig config = AgentConfig.of(result.values());

        assertTrue(config.api().localMode());
        assertNull(config.api().nodeUuid());
        assertEquals("https://flowtriq.com/api/v1", config.api().apiBase());
        assertEquals("auto", config.capture().interfaceName());
        assertTrue(config.pcap().enabled());
        assertEquals("/var/lib/ftagent/pcaps", config.pcap().dir());
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
    void shouldReportWrongTypeWithKeyValueAndExpectedForm()
    {
        assertEquals(
            List.of("baseline_window_minutes = \"60\": expected an integer from 1 to 1440 (line 1, column 29)"),
            messages("{\"baseline_window_minutes\": \"60\"}"));
    }
}
