package com.flowtriq.ftagent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the seed agent's flag style into subcommands before picocli parses the command line, so that an
 * operator's existing scripts and units keep working:
 * <pre>
 *   ftagent                          -&gt; ftagent run
 *   ftagent --config X               -&gt; ftagent run --config X
 *   ftagent --setup [--config X]     -&gt; ftagent setup [--config X]
 *   ftagent --install-service        -&gt; ftagent install-service
 *   ftagent --test                   -&gt; ftagent test
 *   ftagent --version                -&gt; ftagent version
 *   ftagent --config X setup ...     -&gt; ftagent setup --config X ...
 * </pre>
 * Only leading seed-style flags are rewritten; anything after the first other argument is passed on unchanged.
 * {@code -h}/{@code --help} with nothing before them stay with the root command. Stateless.
 */
final class SeedStyleArguments
{
    /** Seed flags and the subcommand each one stands for. */
    static final Map<String, String> FLAG_SUBCOMMANDS = Map.of(
        "--setup", "setup",
        "--install-service", "install-service",
        "--test", "test",
        "--version", "version",
        "-V", "version");

    /** Subcommands that take no {@code --config}. */
    private static final Set<String> WITHOUT_CONFIG = Set.of("version");

    private SeedStyleArguments()
    {
    }

    /**
     * @param args        the process arguments.
     * @param subcommands names of the registered subcommands.
     * @return the arguments to parse; the input unchanged when there is nothing to rewrite.
     */
    static String[] rewrite(final String[] args, final Set<String> subcommands)
    {
        String subcommand = null;
        final List<String> config = new ArrayList<>(2);
        int i = 0;
        for (; i < args.length; i++)
        {
            final String arg = args[i];
            if (FLAG_SUBCOMMANDS.containsKey(arg) && null == subcommand)
            {
                subcommand = FLAG_SUBCOMMANDS.get(arg);
            }
            else if ("--config".equals(arg) && i + 1 < args.length && config.isEmpty())
            {
                config.add(arg);
                config.add(args[++i]);
            }
            else if (arg.startsWith("--config=") && config.isEmpty())
            {
                config.add(arg);
            }
            else
            {
                break;
            }
        }

        final List<String> rest = new ArrayList<>(List.of(args).subList(i, args.length));
        if (null == subcommand)
        {
            if (!rest.isEmpty() && subcommands.contains(rest.getFirst()))
            {
                subcommand = rest.removeFirst();
            }
            else if (rest.isEmpty() && subcommands.contains("run"))
            {
                subcommand = "run";
            }
            else
            {
                // Help, an unknown word, or no `run` in this build: picocli reports it against the root command.
                return args;
            }
        }

        final List<String> rewritten = new ArrayList<>(args.length + 1);
        rewritten.add(subcommand);
        if (!WITHOUT_CONFIG.contains(subcommand))
        {
            rewritten.addAll(config);
        }
        rewritten.addAll(rest);
        return rewritten.toArray(new String[0]);
    }
}
