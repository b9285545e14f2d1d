package com.flowtriq.ftagent.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;

/**
 * Runs the root command line as {@code main} would (seed-style rewrite included) with captured output.
 *
 * @param exitCode the exit code.
 * @param out      what went to stdout.
 * @param err      what went to stderr.
 */
record CommandRun(int exitCode, String out, String err)
{
    static CommandRun of(final String... args)
    {
        return of((commandLine) -> {}, args);
    }

    /**
     * @param prepare called with the root command line before it runs, to set test hooks on subcommands.
     */
    static CommandRun of(final Consumer<CommandLine> prepare, final String... args)
    {
        final CommandLine commandLine = Main.commandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        prepare.accept(commandLine);
        final int exitCode = Main.execute(commandLine, args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    static <T> T subcommand(final CommandLine root, final String name)
    {
        return root.getSubcommands().get(name).getCommand();
    }
}
