package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.testbed.NetnsTestBedExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static com.flowtriq.ftagent.cli.AgentLauncher.launcher;
import static com.flowtriq.ftagent.cli.AgentLauncher.stop;
import static com.flowtriq.ftagent.cli.AgentLogWait.awaitTrue;
import static com.flowtriq.ftagent.cli.AgentLogWait.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's first command, {@code bin/ftagent run}, on a host with nothing configured (issue #9): no config
 * file, so the defaults (local mode, {@code interface} auto, journal and metrics on) and the first log lines say
 * so. It runs in the capture namespace of a veth test bed, inside a private mount namespace where {@code /var/lib}
 * and {@code /var/log} are empty tmpfs mounts: the default state, PCAP and log paths are those of a fresh host, and
 * nothing is written to this host's.
 */
class RunWithoutConfigIT
{
    private static final Path DEFAULT_CONFIG = Path.of("/etc/ftagent/config.json");

    @RegisterExtension
    static final NetnsTestBedExtension bed = NetnsTestBedExtension.withLoopbackUpInRx();

    @TempDir
    Path directory;

    @BeforeAll
    static void checkWhatTheTestsNeed()
    {
        assumeFalse(Files.exists(DEFAULT_CONFIG), DEFAULT_CONFIG + " exists on this host: not a fresh host");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare (util-linux) for a mount namespace");
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldStartOnTheDefaultsWithNoConfigFileAndSaySo() throws Exception
    {
        final Path console = directory.resolve("console.txt");
        final Process agent = new ProcessBuilder("ip", "netns", "exec", bed.get().rxNamespace(),
            "unshare", "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs ftagent-it /var/lib && mount -t tmpfs ftagent-it /var/log && exec \"$0\" run",
            launcher().toString())
            .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        try
        {
            awaitTrue(() -> contains(console, "watching " + bed.get().rxInterface() + " with"), 90,
                "the agent to start", console);
            final String text = Files.readString(console);
            assertTrue(text.contains("config " + DEFAULT_CONFIG + " not found: running on the defaults: " +
                "local mode (no api_key), interface \"auto\", journal on (/var/lib/ftagent/incidents.jsonl), " +
                "metrics on (127.0.0.1:9108)"), text);
            // The only interface of the namespace besides lo, chosen by the "auto" rule and named.
            assertTrue(text.contains("interface \"auto\": watching " + bed.get().rxInterface() + " because"), text);

            final String health = bed.get().runInRx("curl", "-s", "http://127.0.0.1:9108/health")
                .check().output();
            assertTrue(health.contains("\"interface\":\"" + bed.get().rxInterface() + "\""), health);
        }
        finally
        {
            stop(agent);
        }
        assertEquals(0, agent.exitValue(), Files.readString(console));
        assertTrue(Files.readString(console).contains("baseline saved to /var/lib/ftagent/"), Files.readString(console));
    }
}
