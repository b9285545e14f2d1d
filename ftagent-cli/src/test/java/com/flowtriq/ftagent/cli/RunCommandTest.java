package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.config.AgentConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first log line of {@code ftagent run}. */
class RunCommandTest
{
    @Test
    void shouldSayWhatTheDefaultsAreWhenNoConfigFileExists()
    {
        final String line = RunCommand.startLine(Path.of("/etc/ftagent/config.json"), true, AgentConfig.defaults());

        assertTrue(line.startsWith("ftagent " + Version.current() + " starting; config /etc/ftagent/config.json " +
            "not found: running on the defaults: "), line);
        assertTrue(line.contains("local mode (no api_key)"), line);
        assertTrue(line.contains("interface \"auto\""), line);
        assertTrue(line.contains("journal on (/var/lib/ftagent/incidents.jsonl)"), line);
        assertTrue(line.contains("metrics on (127.0.0.1:9108)"), line);
    }

    @Test
    void shouldNameTheConfigFileItRead()
    {
        final String line = RunCommand.startLine(Path.of("/srv/c.json"), false, AgentConfig.defaults());

        assertTrue(line.endsWith("starting; config /srv/c.json; local mode (no api_key)"), line);
        assertFalse(line.contains("defaults"), line);
    }
}
