package com.flowtriq.ftagent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code ftagent version}: prints the version and the JVM it runs on. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the version of ftagent and of the JVM it runs on.",
    footerHeading = "%nExamples:%n",
    footer = {"  ftagent version", "  ftagent --version", "", "Exit codes: 0 printed, 2 bad option."})
final class VersionCommand implements Runnable
{
    @Spec
    CommandSpec spec;

    @Override
    public void run()
    {
        final PrintWriter out = spec.commandLine().getOut();
        out.println("ftagent " + Version.current());
        out.println("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        out.flush();
    }
}
