package com.flowtriq.ftagent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real launcher ({@code bin/ftagent}) for the end-to-end tests: where it is, starting {@code run} inside a
 * namespace with its console in a file, and stopping it with SIGTERM the way a service manager would.
 */
final class AgentLauncher
{
    private static final int STOP_SECONDS = 20;

    private AgentLauncher()
    {
    }

    /** @return {@code bin/ftagent} of the checkout under test; skips the test when not run through Maven. */
    static Path launcher()
    {
        final String root = System.getProperty("ftagent.repo.root");
        assumeTrue(root != null, "ftagent.repo.root not set: run through Maven");
        return Path.of(root, "bin", "ftagent");
    }

    /**
     * Starts {@code ftagent run --config config} in {@code namespace}. The launcher's own output (JDK search, a
     * rebuild, anything before logging starts) goes to {@code console}, which failure messages can include.
     */
    static Process startRun(final String namespace, final Path config, final Path console) throws IOException
    {
        return new ProcessBuilder("ip", "netns", "exec", namespace, launcher().toString(),
            "run", "--config", config.toString())
            .redirectErrorStream(true).redirectOutput(console.toFile()).start();
    }

    /**
     * Sends SIGTERM and waits up to 20 s, killing the agent if it has not exited by then.
     *
     * @return whether the agent exited on SIGTERM within the bound.
     */
    static boolean stop(final Process agent) throws InterruptedException
    {
        agent.destroy();
        final boolean exited = agent.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        if (!exited)
        {
            agent.destroyForcibly();
        }
        return exited;
    }
}
