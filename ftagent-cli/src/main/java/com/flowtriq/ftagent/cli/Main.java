package com.flowtriq.ftagent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code ftagent} command. The seed agent's flags ({@code --setup}, {@code --config PATH}, ...)
 * are rewritten into subcommands by {@link SeedStyleArguments} before parsing; bare {@code ftagent} runs the agent.
 */
@Command(
    name = "ftagent",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Linux DDoS detection agent.",
    subcommands = {
        RunCommand.class, BenchCommand.class, ReplayCommand.class, VersionCommand.class, ConfigCommand.class,
        SetupCommand.class, InstallServiceCommand.class, TestCommand.class, StatusCommand.class},
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

    public static void main(final String[] args)
    {
        System.exit(execute(commandLine(), args));
    }

    static CommandLine commandLine()
    {
        return new CommandLine(new Main());
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
