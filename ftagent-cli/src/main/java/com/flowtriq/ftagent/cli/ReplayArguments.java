package com.flowtriq.ftagent.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reads the common forms of {@code ftagent replay} without picocli:
 * {@code replay FILE [--format json|text] [--json] [--config PATH] [--log-level LEVEL]}, each option at most once,
 * in any order, with {@code --opt VALUE} or {@code --opt=VALUE}.
 *
 * <p>Why: building picocli's model of even one annotated command reads its annotations (the JVM generates a proxy
 * class per annotation type, which no AOT cache can keep), registers every built-in converter and reflects over
 * the command, which measured as the largest part of the time from {@code main} to the first replayed frame.
 * Replay's whole-process time is what issue #4 compares with tcpdump.
 *
 * <p>Anything else (help, version, {@code --pcap-dir}, {@code --access-log}, {@code --}, {@code @file}
 * arguments, a repeated option, an unknown word or value) returns null and goes through picocli, which then
 * parses, reports errors and prints help exactly as before. {@code ReplayArgumentsTest} checks that every form
 * read here sets the same fields as picocli does.
 *
 * <p>Stateless; any thread.
 */
final class ReplayArguments
{
    private ReplayArguments()
    {
    }

    /**
     * @param args the process arguments, the first being {@code replay}.
     * @return the command with its options set, or null when picocli must parse {@code args}.
     */
    static ReplayCommand parse(final String[] args)
    {
        if (args.length < 2 || !"replay".equals(args[0]))
        {
            return null;
        }
        final ReplayCommand command = new ReplayCommand();
        command.format = ReplayCommand.Format.json;
        command.logLevel = "WARNING";
        boolean formatSet = false;
        boolean logLevelSet = false;
        for (int i = 1; i < args.length; i++)
        {
            final String arg = args[i];
            if (arg.isEmpty() || arg.charAt(0) == '@')
            {
                return null;
            }
            if (arg.charAt(0) != '-')
            {
                if (command.file != null)
                {
                    return null;
                }
                command.file = path(arg);
                if (command.file == null)
                {
                    return null;
                }
                continue;
            }
            if ("--json".equals(arg))
            {
                if (command.json)
                {
                    return null;
                }
                command.json = true;
                continue;
            }

            final int equals = arg.indexOf('=');
            final String name = equals < 0 ? arg : arg.substring(0, equals);
            final String value;
            if (equals >= 0)
            {
                value = arg.substring(equals + 1);
            }
            else if (i + 1 < args.length)
            {
                value = args[++i];
            }
            else
            {
                return null;
            }
            if (value.isEmpty() || value.charAt(0) == '-' || value.charAt(0) == '@')
            {
                return null;
            }

            switch (name)
            {
                case "--format" ->
                {
                    if (formatSet || !("json".equals(value) || "text".equals(value)))
                    {
                        return null;
                    }
                    command.format = ReplayCommand.Format.valueOf(value);
                    formatSet = true;
                }
                case "--config" ->
                {
                    if (command.config != null || (command.config = path(value)) == null)
                    {
                        return null;
                    }
                }
                case "--log-level" ->
                {
                    if (logLevelSet)
                    {
                        return null;
                    }
                    command.logLevel = value;
                    logLevelSet = true;
                }
                default ->
                {
                    return null;
                }
            }
        }
        return command.file == null ? null : command;
    }

    private static Path path(final String value)
    {
        try
        {
            return Path.of(value);
        }
        catch (final InvalidPathException ex)
        {
            return null;
        }
    }
}
