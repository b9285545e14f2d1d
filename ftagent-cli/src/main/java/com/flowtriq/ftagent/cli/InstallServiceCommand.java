package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ftagent install-service}: writes the systemd unit ({@link SystemdUnit}) for the config given, runs
 * {@code systemctl daemon-reload} when systemd is running, and prints the commands that enable and start it.
 * Runs on the main thread only.
 */
@Command(
    name = "install-service",
    mixinStandardHelpOptions = true,
    description = {
        "Write the systemd unit and reload systemd.",
        "The unit runs the installed launcher with --config, restarted on failure, with CAP_NET_RAW and " +
        "CAP_NET_ADMIN only, a read-only system except the config's state, PCAP and log directories, and " +
        "unlimited locked memory for the capture ring. Runs `systemctl daemon-reload` when systemd is " +
        "running. The config must pass `config check` (a missing file means the defaults)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  ftagent install-service",
        "  ftagent install-service --user ftagent --config /etc/ftagent/config.json",
        "  ftagent install-service --unit-path ./ftagent.service \\",
        "      --launcher /opt/ftagent/bin/ftagent",
        "",
        "Exit codes: 0 written, 1 write or daemon-reload failed, 2 bad config or usage."})
final class InstallServiceCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "PATH", description = "Config file the service runs with " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "/etc/ftagent/config.json")
    Path config;

    @Option(names = "--unit-path", paramLabel = "PATH", description = "Where to write the unit " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "/etc/systemd/system/ftagent.service")
    Path unitPath;

    @Option(names = "--user", paramLabel = "USER", description = "Run as this existing user (default: root). It " +
        "must be able to read the config file.")
    String user;

    @Option(names = "--launcher", paramLabel = "PATH", description = "The installed launcher " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "/opt/ftagent/bin/ftagent")
    Path launcher;

    /** Local users; a user from NSS (LDAP, ...) is not listed here, so a miss is only a note. */
    Path passwdFile = Path.of("/etc/passwd");

    /** Exists only while systemd is PID 1 (sd_booted(3)); a temp path in tests. */
    Path systemdRunDir = Path.of("/run/systemd/system");

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ConfigLoader.Result loaded = ConfigLoader.loadOrDefaults(config);
        if (!loaded.ok())
        {
            err.println(loaded.report());
            err.println("install-service: fix the config first; nothing written");
            err.flush();
            return ExitCodes.USAGE_OR_CONFIG;
        }
        if (null != user && !user.matches("[a-z_][a-z0-9_-]*[$]?"))
        {
            err.println("install-service: --user " + user + ": expected a user name such as ftagent");
            err.flush();
            return ExitCodes.USAGE_OR_CONFIG;
        }

        final String unit = SystemdUnit.render(launcher, config.toAbsolutePath(), user, loaded.config());
        try
        {
            final Path parent = unitPath.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            final Path temp = Files.createTempFile(parent, ".ftagent.", ".service.tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            Files.writeString(temp, unit, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temp, unitPath, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            err.println("install-service: cannot write " + unitPath + ": " + ex);
            err.flush();
            return ExitCodes.RUNTIME_FAILURE;
        }
        out.println("wrote " + unitPath);
        if (!Files.isExecutable(launcher))
        {
            out.println("note: " + launcher + " is not there yet; install the package (packaging/install.sh) " +
                "or pass --launcher");
        }
        if (null != user)
        {
            if (!listedInPasswd(user))
            {
                out.println("note: no user " + user + " in " + passwdFile + "; create it, e.g. useradd --system " +
                    "--no-create-home --shell /usr/sbin/nologin " + user);
            }
            out.println("note: " + user + " must be able to read " + config + ", e.g. chown " + user + " " + config);
        }

        if (Files.isDirectory(systemdRunDir))
        {
            final int reload = daemonReload(err);
            if (0 != reload)
            {
                err.println("install-service: systemctl daemon-reload failed (exit " + reload + ")");
                err.flush();
                return ExitCodes.RUNTIME_FAILURE;
            }
            out.println("ran systemctl daemon-reload");
        }
        else
        {
            out.println("systemd is not running here (" + systemdRunDir + " absent): daemon-reload skipped");
        }
        final String name = unitPath.getFileName().toString();
        out.println("next:");
        out.println("  systemctl enable --now " + name);
        out.println("  systemctl status " + name);
        out.println("  journalctl -u " + name + " -f");
        out.flush();
        return ExitCodes.OK;
    }

    private boolean listedInPasswd(final String name)
    {
        try (Stream<String> lines = Files.lines(passwdFile))
        {
            return lines.anyMatch((line) -> line.startsWith(name + ":"));
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return false;
        }
    }

    private static int daemonReload(final PrintWriter err)
    {
        try
        {
            final Process process = new ProcessBuilder("systemctl", "daemon-reload").inheritIO().start();
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        }
        catch (final IOException ex)
        {
            err.println("install-service: cannot run systemctl: " + ex);
            return -1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
