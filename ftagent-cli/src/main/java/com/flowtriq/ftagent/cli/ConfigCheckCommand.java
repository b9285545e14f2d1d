package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ftagent config check}: validates the config file as {@code run} would and prints every problem at once,
 * then the warnings (permissions). Validation itself is {@link ConfigLoader}'s; this class only reports.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
        "Validate the config file and print every problem at once.",
        "Each problem names the key path, the value and the expected form; warnings follow. A missing " +
        "file is not an error: `run` would start on the defaults (local mode)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  ftagent config check",
        "  ftagent config check --config ./config.json --print",
        "",
        "Exit codes: 0 no errors (warnings may be printed), 1 runtime failure, 2 errors."})
final class ConfigCheckCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "PATH", description = "Config file (default: ${DEFAULT-VALUE}).",
        defaultValue = "/etc/ftagent/config.json")
    Path config;

    @Option(names = "--print", description = "Also print every effective value (defaults marked, secrets redacted).")
    boolean print;

    @Override
    public Integer call()
    {
        return check(config, print, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Loads and reports; shared with {@code setup}, which checks what it wrote.
     *
     * @return {@link ExitCodes#OK} or {@link ExitCodes#USAGE_OR_CONFIG}.
     */
    static int check(final Path file, final boolean print, final PrintWriter out, final PrintWriter err)
    {
        final ConfigLoader.Result result = ConfigLoader.loadOrDefaults(file);
        if (!result.ok())
        {
            err.println(result.report());
            err.flush();
            return ExitCodes.USAGE_OR_CONFIG;
        }
        out.println(result.report());
        if (print)
        {
            out.println(result.config().dump());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
