package com.flowtriq.ftagent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ftagent} command. */
@Command(
    name = "ftagent",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Linux DDoS detection agent.",
    subcommands = {RunCommand.class, BenchCommand.class, ReplayCommand.class, VersionCommand.class})
public final class Main implements Runnable
{
    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine()
    {
        return new CommandLine(new Main());
    }

    @Override
    public void run()
    {
        CommandLine.usage(this, System.out);
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
