package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ConfigKey;
import com.flowtriq.ftagent.config.ConfigKeys;
import com.flowtriq.ftagent.config.ConfigValidationException;
import com.flowtriq.ftagent.config.ConfigValues;
import com.flowtriq.ftagent.config.ConfigWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ftagent setup}: writes a config file, from a wizard on stdin or from flags ({@code --yes} or
 * {@code --api-key}). Every value goes through {@link ConfigValues.Builder#setText} and {@link AgentConfig#of}, so
 * the wizard accepts exactly what {@code config check} accepts; the file is written 0600 by {@link ConfigWriter}
 * and then checked as {@code run} would load it. Runs on the main thread only.
 */
@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    description = {
        "Write the config file, from a wizard or from flags.",
        "The wizard asks for the API key (empty: local mode), node UUID, API base, the interface (listed " +
        "with addresses and traffic), PCAP, the access logs found here and mitigation (off by default). " +
        "With --yes or --api-key nothing is asked. The file is written with mode 0600 and checked. An " +
        "existing file is replaced only with --force; the previous one is kept as <file>.bak."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  ftagent setup                 the wizard",
        "  ftagent setup --yes           local mode (no API), the rest at defaults",
        "  ftagent setup --api-key ftk_... --node-uuid <UUID> --interface eth0",
        "  ftagent setup --config ./config.json --force --yes",
        "",
        "Exit codes: 0 written and checked, 1 write failed,",
        "            2 bad value, or existing file without --force."})
final class SetupCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "PATH", description = "Config file to write (default: ${DEFAULT-VALUE}).",
        defaultValue = "/etc/ftagent/config.json")
    Path config;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Flowtriq API key; implies no questions.")
    String apiKey;

    @Option(names = "--node-uuid", paramLabel = "UUID", description = "The node's UUID (required with --api-key).")
    String nodeUuid;

    @Option(names = "--api-base", paramLabel = "URL", description = "API endpoint (default from the registry).")
    String apiBase;

    @Option(names = "--interface", paramLabel = "IF", description = "Interface to monitor, or auto (default).")
    String networkInterface;

    @Option(names = {"-y", "--yes"}, description = "Ask nothing: use the flags given and the defaults.")
    boolean yes;

    @Option(names = "--force", description = "Replace an existing config file (the old one is kept as .bak).")
    boolean force;

    /** The wizard's input; System.in unless a test sets it. */
    BufferedReader input;

    /** Where interfaces are listed from; a fake tree in tests. */
    Path sysClassNet = HostInterface.SYS_CLASS_NET;

    /** The root that the usual access log paths are looked up under; a temp dir in tests. */
    Path fileSystemRoot = Path.of("/");

    /** Signals the end of the wizard's input: the operator pressed Ctrl-D or the script ran out. */
    private static final class EndOfInput extends Exception
    {
        EndOfInput()
        {
            super("input ended", null, false, false);
        }
    }

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final boolean exists = Files.exists(config);
        if (exists && !force)
        {
            err.println(config + " exists; run again with --force to replace it (the old file is kept as " +
                config.getFileName() + ".bak)");
            err.flush();
            return ExitCodes.USAGE_OR_CONFIG;
        }

        final AgentConfig agentConfig;
        try
        {
            agentConfig = yes || null != apiKey ? fromFlags(err) : wizard(out, err);
        }
        catch (final EndOfInput ex)
        {
            err.println("setup: input ended before the questions were answered; nothing written");
            err.flush();
            return ExitCodes.USAGE_OR_CONFIG;
        }
        if (null == agentConfig)
        {
            err.flush();
            return ExitCodes.USAGE_OR_CONFIG;
        }

        try
        {
            ConfigWriter.write(config, agentConfig, exists);
        }
        catch (final IOException ex)
        {
            err.println("setup: cannot write " + config + ": " + ex);
            err.flush();
            return ExitCodes.RUNTIME_FAILURE;
        }
        out.println("wrote " + config + " (mode 0600)" + (exists ? "; previous file kept as " +
            config.getFileName() + ".bak" : ""));
        final int checked = ConfigCheckCommand.check(config, false, out, err);
        if (ExitCodes.OK == checked)
        {
            out.println("next: ftagent install-service --config " + config + "   (or: ftagent run --config " +
                config + ")");
        }
        out.flush();
        return checked;
    }

    /**
     * @return the config from the flags, or null after printing every problem.
     */
    private AgentConfig fromFlags(final PrintWriter err)
    {
        final ConfigValues.Builder builder = ConfigValues.builder();
        final List<String> problems = new ArrayList<>();
        setFlag(builder, ConfigKeys.API_KEY, apiKey, problems);
        setFlag(builder, ConfigKeys.NODE_UUID, nodeUuid, problems);
        setFlag(builder, ConfigKeys.API_BASE, apiBase, problems);
        setFlag(builder, ConfigKeys.INTERFACE, networkInterface, problems);
        if (!problems.isEmpty())
        {
            problems.forEach((problem) -> err.println("setup: " + problem));
            return null;
        }
        return validated(builder.build(), err);
    }

    private static void setFlag(
        final ConfigValues.Builder builder, final ConfigKey key, final String text, final List<String> problems)
    {
        if (null != text)
        {
            try
            {
                builder.setText(key, text);
            }
            catch (final IllegalArgumentException ex)
            {
                problems.add(ex.getMessage());
            }
        }
    }

    private static AgentConfig validated(final ConfigValues values, final PrintWriter err)
    {
        try
        {
            return AgentConfig.of(values);
        }
        catch (final ConfigValidationException ex)
        {
            err.println("setup: " + ex.getMessage());
            return null;
        }
    }

    private AgentConfig wizard(final PrintWriter out, final PrintWriter err) throws EndOfInput
    {
        final BufferedReader in = null != input ?
            input : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        final ConfigValues.Builder builder = ConfigValues.builder();
        out.println("ftagent setup: press Enter to accept the [default]; the file is " + config);

        out.println();
        out.println("Flowtriq API key (from the dashboard). Leave empty for local mode: no API, incidents go to");
        out.println("the local journal and any notifiers you configure.");
        final String key = askValid(in, out, builder, ConfigKeys.API_KEY, "API key", "", true);
        if (!key.isEmpty())
        {
            askValid(in, out, builder, ConfigKeys.NODE_UUID, "Node UUID", "", false);
            askValid(in, out, builder, ConfigKeys.API_BASE, "API base", ConfigKeys.API_BASE.defaultValue().toString(),
                true);
        }

        out.println();
        chooseInterface(in, out, builder);

        out.println();
        askValid(in, out, builder, ConfigKeys.PCAP_ENABLED, "Capture a PCAP during incidents (yes/no)", "yes", true);

        out.println();
        chooseAccessLogs(in, out, builder);

        out.println();
        out.println("Mitigation applies the firewall rules under mitigation.rules when an incident opens and");
        out.println("reverts them when it resolves. Add rules to the file before turning it on.");
        askValid(in, out, builder, ConfigKeys.MITIGATION_ENABLED, "Enable mitigation (yes/no)", "no", true);

        final ConfigValues values = builder.build();
        final AgentConfig agentConfig = validated(values, err);
        if (null == agentConfig)
        {
            return null;
        }
        out.println();
        out.println("Settings: " + values);
        final String write = ask(in, out, "Write " + config + "? (yes/no)", "yes");
        if (!isYes(write))
        {
            err.println("setup: not written");
            return null;
        }
        return agentConfig;
    }

    private void chooseInterface(final BufferedReader in, final PrintWriter out, final ConfigValues.Builder builder)
        throws EndOfInput
    {
        final List<HostInterface> interfaces = HostInterface.list(sysClassNet);
        out.println("Interface to monitor:");
        out.println("   0) auto: the interface with the default route, else the busiest non-virtual one");
        for (int i = 0; i < interfaces.size(); i++)
        {
            out.printf(Locale.ROOT, "  %2d) %s%n", i + 1, interfaces.get(i).describe());
        }
        while (true)
        {
            final String answer = ask(in, out, "Number or name", "0");
            String name = answer;
            if (answer.chars().allMatch(Character::isDigit))
            {
                final int index = Integer.parseInt(answer);
                if (index < 0 || index > interfaces.size())
                {
                    out.println("  choose 0 to " + interfaces.size());
                    continue;
                }
                name = 0 == index ? "auto" : interfaces.get(index - 1).name();
            }
            if (trySet(out, builder, ConfigKeys.INTERFACE, name))
            {
                return;
            }
        }
    }

    private void chooseAccessLogs(final BufferedReader in, final PrintWriter out, final ConfigValues.Builder builder)
        throws EndOfInput
    {
        final List<String> found = AccessLogLocations.found(fileSystemRoot);
        if (found.isEmpty())
        {
            out.println("No web server access log found in the usual nginx, Apache, Caddy, LiteSpeed and HAProxy");
            out.println("locations; L7 detection stays on and starts when one of them appears.");
            return;
        }
        out.println("Access logs found on this host:");
        found.forEach((path) -> out.println("  " + path));
        final String answer = ask(in, out, "Detect HTTP floods from these logs (yes/no)", "yes");
        if (isYes(answer))
        {
            final List<ConfigValues> logs = new ArrayList<>();
            for (final String path : found)
            {
                logs.add(ConfigValues.builder().setText(ConfigKeys.L7_LOG_PATH, path).build());
            }
            builder.set(ConfigKeys.L7_LOGS, logs);
        }
        else
        {
            builder.set(ConfigKeys.L7_ENABLED, Boolean.FALSE);
        }
    }

    /**
     * Asks until the answer is accepted by the key's validation.
     *
     * @return the accepted answer ("" when empty is allowed and given).
     */
    private static String askValid(
        final BufferedReader in,
        final PrintWriter out,
        final ConfigValues.Builder builder,
        final ConfigKey key,
        final String question,
        final String defaultAnswer,
        final boolean emptyAllowed) throws EndOfInput
    {
        while (true)
        {
            final String answer = ask(in, out, question, defaultAnswer);
            if (answer.isEmpty())
            {
                if (emptyAllowed)
                {
                    builder.unset(key);
                    return answer;
                }
                out.println("  required: " + key.expected());
                continue;
            }
            if (trySet(out, builder, key, answer))
            {
                return answer;
            }
        }
    }

    private static boolean trySet(
        final PrintWriter out, final ConfigValues.Builder builder, final ConfigKey key, final String text)
    {
        try
        {
            builder.setText(key, text);
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            out.println("  " + ex.getMessage());
            return false;
        }
    }

    private static String ask(
        final BufferedReader in, final PrintWriter out, final String question, final String defaultAnswer)
        throws EndOfInput
    {
        out.print(question + (defaultAnswer.isEmpty() ? ": " : " [" + defaultAnswer + "]: "));
        out.flush();
        final String line;
        try
        {
            line = in.readLine();
        }
        catch (final IOException ex)
        {
            throw new EndOfInput();
        }
        if (null == line)
        {
            out.println();
            throw new EndOfInput();
        }
        final String answer = line.strip();
        return answer.isEmpty() ? defaultAnswer : answer;
    }

    private static boolean isYes(final String answer)
    {
        return switch (answer.toLowerCase(Locale.ROOT))
        {
            case "y", "yes", "true", "on" -> true;
            default -> false;
        };
    }
}
