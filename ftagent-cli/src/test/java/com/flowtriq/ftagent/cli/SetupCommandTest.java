package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ConfigLoader;
import com.flowtriq.ftagent.config.L7LogSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wizard driven by scripted stdin against a fake {@code /sys/class/net} and a fake file system root holding an
 * nginx access log; the file it writes is loaded back with {@link ConfigLoader}.
 */
class SetupCommandTest
{
    private static final String UUID = "3f2b6c1e-8d4a-4f7b-9c2e-1a2b3c4d5e6f";

    @TempDir
    Path dir;

    private Path config;
    private Path sysClassNet;
    private Path root;

    @BeforeEach
    void createFakeHost() throws IOException
    {
        config = dir.resolve("etc/config.json");
        sysClassNet = dir.resolve("sys/class/net");
        fakeInterface("eth0", 123_456_789L, 42L);
        fakeInterface("lo", 1000L, 1000L);
        root = dir.resolve("root");
        final Path nginxLog = root.resolve("var/log/nginx/access.log");
        Files.createDirectories(nginxLog.getParent());
        Files.writeString(nginxLog, "");
    }

    private void fakeInterface(final String name, final long rx, final long tx) throws IOException
    {
        final Path statistics = sysClassNet.resolve(name).resolve("statistics");
        Files.createDirectories(statistics);
        Files.writeString(statistics.resolve("rx_bytes"), rx + "\n");
        Files.writeString(statistics.resolve("tx_bytes"), tx + "\n");
    }

    private CommandRun wizard(final String script, final String... extraArgs)
    {
        final Consumer<CommandLine> hooks = (commandLine) ->
        {
            final SetupCommand setup = CommandRun.subcommand(commandLine, "setup");
            setup.input = new BufferedReader(new StringReader(script));
            setup.sysClassNet = sysClassNet;
            setup.fileSystemRoot = root;
        };
        final String[] args = new String[3 + extraArgs.length];
        args[0] = "setup";
        args[1] = "--config";
        args[2] = config.toString();
        System.arraycopy(extraArgs, 0, args, 3, extraArgs.length);
        return CommandRun.of(hooks, args);
    }

    @Test
    void shouldWriteTheAnswersAsAPrivateConfigThatPassesCheck() throws IOException
    {
        // key, bad uuid, good uuid, api base default, interface #1 (eth0), pcap no, logs yes, mitigation default,
        // write yes.
        final CommandRun run = wizard(String.join("\n",
            "ftk_test_key_0001", "not-a-uuid", UUID, "", "1", "no", "", "", "yes", ""));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("eth0"), run.out());
        assertTrue(run.out().contains("117.7 MiB"), "rx counter shown: " + run.out());
        // the fake tree's lo is this host's lo: its address is looked up and listed
        assertTrue(run.out().lines().anyMatch(line -> line.contains("lo ") && line.contains("127.0.0.1/8")),
            "addresses shown: " + run.out());
        assertTrue(run.out().contains("node_uuid"), "the bad UUID is reported with its key: " + run.out());
        assertTrue(run.out().contains("/var/log/nginx/access.log"), run.out());
        assertFalse(run.out().contains("ftk_test_key_0001"), "secret echoed:\n" + run.out());
        // written, then checked as `config check` checks it, and the check's verdict printed
        final int wrote = run.out().indexOf("wrote " + config + " (mode 0600)");
        assertTrue(wrote >= 0 && wrote < run.out().indexOf(config + ": OK"), run.out());

        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(config));
        final ConfigLoader.Result loaded = ConfigLoader.load(config);
        assertTrue(loaded.ok(), loaded.report());
        assertTrue(loaded.warnings().isEmpty(), loaded.report());
        final AgentConfig agentConfig = loaded.config();
        assertEquals("ftk_test_key_0001", agentConfig.api().apiKey());
        assertEquals(UUID, agentConfig.api().nodeUuid());
        assertEquals("eth0", agentConfig.capture().interfaceName());
        assertFalse(agentConfig.pcap().enabled());
        assertFalse(agentConfig.mitigation().enabled());
        assertEquals(List.of(new L7LogSource(Path.of("/var/log/nginx/access.log"), "auto")), agentConfig.l7().logs());
    }

    @Test
    void shouldWriteLocalModeWhenApiKeyIsLeftEmpty()
    {
        final CommandRun run = wizard(String.join("\n", "", "0", "", "no", "", "", ""));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        final ConfigLoader.Result loaded = ConfigLoader.load(config);
        assertTrue(loaded.ok(), loaded.report());
        assertTrue(loaded.config().api().localMode());
        assertEquals("auto", loaded.config().capture().interfaceName());
        assertFalse(loaded.config().l7().enabled());
    }

    @Test
    void shouldWriteNothingWhenInputEndsEarly()
    {
        final CommandRun run = wizard("ftk_test_key_0001\n");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("input ended"), run.err());
        assertFalse(Files.exists(config));
    }

    @Test
    void shouldRefuseToOverwriteWithoutForceAndKeepBackupWithForce() throws IOException
    {
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"interface\": \"lo\"}\n");

        final CommandRun refused = wizard("", "--yes");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("--force"), refused.err());
        assertEquals("{\"interface\": \"lo\"}\n", Files.readString(config));

        final CommandRun forced = wizard("", "--yes", "--force", "--interface", "eth0");
        assertEquals(0, forced.exitCode(), forced.out() + forced.err());
        assertEquals("{\"interface\": \"lo\"}\n", Files.readString(config.resolveSibling("config.json.bak")));
        assertEquals("eth0", ConfigLoader.load(config).orThrow().capture().interfaceName());
    }

    @Test
    void shouldWriteFromFlagsWithoutAskingAnything()
    {
        final CommandRun run = wizard("", "--api-key", "ftk_flag_key_0002", "--node-uuid", UUID, "--interface", "eth0");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertFalse(run.out().contains("Interface to monitor"), "asked a question: " + run.out());
        final AgentConfig agentConfig = ConfigLoader.load(config).orThrow();
        assertEquals("ftk_flag_key_0002", agentConfig.api().apiKey());
        assertEquals("eth0", agentConfig.capture().interfaceName());
    }

    @Test
    void shouldReportEveryBadFlagAndWriteNothing()
    {
        final CommandRun run = wizard("", "--api-key", "ftk_flag_key_0002", "--node-uuid", "nope",
            "--api-base", "ftp://x");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("node_uuid"), run.err());
        assertTrue(run.err().contains("api_base"), run.err());
        assertFalse(Files.exists(config));
    }

    @Test
    void shouldRequireNodeUuidWithApiKeyFromFlags()
    {
        final CommandRun run = wizard("", "--api-key", "ftk_flag_key_0002");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("node_uuid"), run.err());
        assertFalse(Files.exists(config));
    }
}
