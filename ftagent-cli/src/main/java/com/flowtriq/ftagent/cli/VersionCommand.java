package com.flowtriq.ftagent.cli;

import picocli.CommandLine.Command;

/** {@code ftagent version}: prints the version, the JVM and the libpcap in use. */
@Command(name = "version", description = "Print the version of ftagent and of the JVM it runs on.")
final class VersionCommand implements Runnable
{
    @Override
    public void run()
    {
        System.out.println("ftagent " + Version.current());
        System.out.println("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    }
}
