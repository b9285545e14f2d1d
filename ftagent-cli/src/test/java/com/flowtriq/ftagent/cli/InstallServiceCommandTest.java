package com.flowtriq.ftagent.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class InstallServiceCommandTest
{
    @TempDir
    Path dir;

    private Path config;
    private Path unit;
    private Path launcher;

    @BeforeEach
    void writeConfigAndLauncher() throws IOException
    {
        config = dir.resolve("config.json");
        Files.writeString(config, """
            {"state_dir": "/srv/ftagent/state", "pcap_dir": "/srv/ftagent/pcaps", "log_file": "/srv/log/ftagent.log"}
            """);
        unit = dir.resolve("units/ftagent.service");
        launcher = dir.resolve("bin/ftagent");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    }

    private CommandRun install(final String... extraArgs)
    {
        final Consumer<CommandLine> hooks = (commandLine) ->
        {
            final InstallServiceCommand command = CommandRun.subcommand(commandLine, "install-service");
            command.systemdRunDir = dir.resolve("no-systemd-here");
            command.passwdFile = dir.resolve("passwd");
        };
        final List<String> args = new java.util.ArrayList<>(List.of("install-service", "--config", config.toString(),
            "--unit-path", unit.toString(), "--launcher", launcher.toString()));
        args.addAll(List.of(extraArgs));
        return CommandRun.of(hooks, args.toArray(new String[0]));
    }

    @Test
    void shouldWriteAHardenedUnitWithTheConfigDirectories() throws IOException
    {
        final CommandRun run = install("--user", "ftagent");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        final String text = Files.readString(unit);
        for (final String line : List.of(
            "ExecStart=" + launcher + " run --config " + config,
            "Restart=on-failure",
            "User=ftagent",
            "AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN",
            "CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN",
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "ProtectHome=yes",
            "PrivateTmp=yes",
            "ReadWritePaths=-/srv/ftagent/state -/srv/ftagent/pcaps -/srv/log",
            "LimitMEMLOCK=infinity",
            "StateDirectory=ftagent",
            "LogsDirectory=ftagent",
            "Environment=\"FTAGENT_JAVA_OPTS=-Xmx256m -XX:+UseSerialGC\"",
            "WantedBy=multi-user.target"))
        {
            assertTrue(text.lines().anyMatch(line::equals), "missing line " + line + " in:\n" + text);
        }
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(unit));
        assertTrue(run.out().contains("daemon-reload skipped"), run.out());
        assertTrue(run.out().contains("systemctl enable --now ftagent.service"), run.out());
        assertTrue(run.out().contains("no user ftagent in"), "the missing user is pointed out: " + run.out());
    }

    @Test
    void shouldRunAsRootWhenNoUserIsGiven() throws IOException
    {
        assertEquals(0, install().exitCode());
        assertFalse(Files.readString(unit).contains("User="));
    }

    @Test
    void shouldRefuseABadConfigAndWriteNothing() throws IOException
    {
        Files.writeString(config, "{\"pcap_dir\": \"relative/dir\"}\n");
        final CommandRun run = install();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("pcap_dir"), run.err());
        assertFalse(Files.exists(unit));
    }

    @Test
    void shouldRefuseABadUserName()
    {
        final CommandRun run = install("--user", "root; rm -rf /");
        assertEquals(2, run.exitCode());
        assertFalse(Files.exists(unit));
    }

    @Test
    void shouldRunDaemonReloadWhenSystemdRunsAndFailWhenItFails() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: fakes a booted systemd in a mount namespace");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
        final Path calls = dir.resolve("systemctl-calls");
        final Path stubs = dir.resolve("stubs");
        Files.createDirectories(stubs);
        Files.writeString(stubs.resolve("systemctl"), "#!/bin/sh\necho \"$*\" >> " + calls + "\nexit \"$STUB_EXIT\"\n");
        Files.setPosixFilePermissions(stubs.resolve("systemctl"), PosixFilePermissions.fromString("rwxr-xr-x"));

        final String ok = installInBootedSystemd(stubs, 0);
        assertTrue(ok.startsWith("0\n") && ok.contains("ran systemctl daemon-reload"), ok);
        assertEquals(List.of("daemon-reload"), Files.readAllLines(calls));
        assertTrue(Files.exists(unit));

        final String failed = installInBootedSystemd(stubs, 1);
        assertTrue(failed.startsWith("1\n") && failed.contains("systemctl daemon-reload failed (exit 1)"), failed);
    }

    /**
     * Runs install-service in a child JVM (this test's class path) inside a private mount namespace whose /run holds
     * the /run/systemd/system of a booted systemd, with {@code stubs} first on PATH.
     *
     * @return the exit code, a newline, then the output.
     */
    private String installInBootedSystemd(final Path stubs, final int stubExit) throws Exception
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder builder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
            "mount -t tmpfs ftagent-test /run && mkdir -p /run/systemd/system && exec \"$@\"", "booted",
            java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "install-service",
            "--config", config.toString(), "--unit-path", unit.toString(), "--launcher", launcher.toString())
            .redirectErrorStream(true);
        builder.environment().put("PATH", stubs + ":/usr/bin:/bin");
        builder.environment().put("STUB_EXIT", Integer.toString(stubExit));
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "install-service did not finish: " + output);
        return process.exitValue() + "\n" + output;
    }

    @Test
    void shouldPassSystemdAnalyzeVerify() throws Exception
    {
        final Path tool = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(tool), "systemd-analyze not installed: unit not verified");
        assertEquals(0, install().exitCode());

        final Process process = new ProcessBuilder(tool.toString(), "verify", unit.toString())
            .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "systemd-analyze did not finish");
        final String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), output);
        // verify also reports unrelated units of this host; nothing about ours may appear.
        assertFalse(output.contains(unit.getFileName().toString()), output);
    }
}
