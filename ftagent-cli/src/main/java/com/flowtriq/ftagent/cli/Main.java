package com.flowtriq.ftagent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of the {@code ftagent} command. The seed agent's flags ({@code --setup}, {@code --config PATH}, ...)
 * are rewritten into subcommands by {@link SeedStyleArguments} before parsing; bare {@code ftagent} runs the agent.
 */
@Command(
    name = "ftagent",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Linux DDoS detection agent.",
    footerHeading = "%nSeed-style flags (kept as aliases):%n",
    footer = {
        "  ftagent                   same as: ftagent run",
        "  --config PATH             config file (default /etc/ftagent/config.json);",
        "                            ftagent --config X is ftagent run --config X",
        "  --setup                   ftagent setup",
        "  --install-service         ftagent install-service",
        "  --test                    ftagent test",
        "  --version                 ftagent version",
        "",
        "Examples:",
        "  ftagent setup                           wizard, writes the config",
        "  ftagent config check --config c.json    every problem in a config file",
        "  ftagent install-service --user ftagent  write the systemd unit",
        "  ftagent status                          what the running agent sees",
        "",
        "Exit codes:",
        "  0  OK",
        "  1  runtime failure (I/O error, failed system call, agent stopped on error)",
        "  2  usage or config error (nothing was started or written)"})
public final class Main implements Runnable
{
    @Spec
    CommandSpec spec;

    /**
     * The subcommands by name, in the order the root help lists them. Registered here rather than in the
     * {@code @Command} annotation so that a process running one subcommand builds the picocli model of that one only.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    /** {@code System.nanoTime()} when {@link #main} was entered; 0 when the CLI runs inside another program (tests). */
    static volatile long mainEnteredNanos;

    public static void main(final String[] args)
    {
        mainEnteredNanos = System.nanoTime();
        final ReplayCommand replay = ReplayArguments.parse(args);
        System.exit(replay != null ? replayWithoutPicocli(replay) : execute(commandLineFor(args), args));
    }

    /** Runs a replay whose arguments {@link ReplayArguments} read, with the streams and exit codes picocli uses. */
    private static int replayWithoutPicocli(final ReplayCommand replay)
    {
        final PrintWriter out = new PrintWriter(System.out, true, System.out.charset());
        final PrintWriter err = new PrintWriter(System.err, true, System.err.charset());
        try
        {
            return replay.replay(out, err);
        }
        catch (final Exception ex)
        {
            // As picocli's default handler: the trace on stderr, exit code 1.
            ex.printStackTrace(err);
            return 1;
        }
        finally
        {
            out.flush();
            err.flush();
        }
    }

    /** The root command with every subcommand. */
    static CommandLine commandLine()
    {
        final CommandLine root = new CommandLine(new Main());
        for (final Class<?> subcommand : SUBCOMMANDS.values())
        {
            root.addSubcommand(subcommand);
        }
        return root;
    }

    /**
     * The root command for these arguments: when the first one names a subcommand, with that subcommand only.
     * Picocli reflects over every registered command class and the types of its options when the root is built;
     * for the eight a process does not run, that was tens of milliseconds of a sub-second {@code ftagent replay}.
     * Help, version, seed-style flags and a bare {@code ftagent} get every subcommand.
     */
    static CommandLine commandLineFor(final String[] args)
    {
        final Class<?> only = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
        if (only == null)
        {
            return commandLine();
        }
        final CommandLine root = new CommandLine(new Main());
        root.addSubcommand(only);
        return root;
    }

    private static Map<String, Class<?>> subcommands()
    {
        final Map<String, Class<?>> byName = new LinkedHashMap<>();
        byName.put("run", RunCommand.class);
        byName.put("bench", BenchCommand.class);
        byName.put("replay", ReplayCommand.class);
        byName.put("version", VersionCommand.class);
        byName.put("config", ConfigCommand.class);
        byName.put("setup", SetupCommand.class);
        byName.put("install-service", InstallServiceCommand.class);
        byName.put("test", TestCommand.class);
        byName.put("status", StatusCommand.class);
        return Collections.unmodifiableMap(byName);
    }

    /**
     * Runs the command line after the seed-style rewrite.
     *
     * @param commandLine the root command line (its out/err already set by tests).
     * @param args        the process arguments.
     * @return the exit code.
     */
    static int execute(final CommandLine commandLine, final String[] args)
    {
        return commandLine.execute(SeedStyleArguments.rewrite(args, commandLine.getSubcommands().keySet()));
    }

    @Override
    public void run()
    {
        // Reached only when no subcommand was named and `run` is not registered in this build.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return new String[] {"ftagent " + Version.current()};
        }
    }
}
