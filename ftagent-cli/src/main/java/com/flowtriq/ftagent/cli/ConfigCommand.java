package com.flowtriq.ftagent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ftagent config}: groups the config subcommands; alone it prints its usage. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with the config file.",
    subcommands = ConfigCheckCommand.class,
    footerHeading = "%nExamples:%n",
    footer = {
        "  ftagent config check",
        "  ftagent config check --config /etc/ftagent/config.json --print",
        "",
        "Exit codes: 0 usage printed, 2 unknown subcommand or option (see `ftagent config check --help`)."})
final class ConfigCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
