package com.flowtriq.ftagent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waiting on a running agent in the end-to-end tests: conditions polled every 100 ms up to a bound, failing with the
 * agent's log so a timeout says what the agent was doing.
 */
final class AgentLogWait
{
    private AgentLogWait()
    {
    }

    /** @return whether {@code file} exists and contains {@code text}; false while it cannot be read. */
    static boolean contains(final Path file, final String text)
    {
        try
        {
            return Files.exists(file) && Files.readString(file).contains(text);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** Waits for {@code condition}, failing with {@code log}'s content (the agent's log or console) on timeout. */
    static void awaitTrue(final BooleanSupplier condition, final int seconds, final String what, final Path log)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out after " + seconds + " s waiting for " + what + "; log:\n" +
                    (Files.exists(log) ? Files.readString(log) : "(no log)"));
            }
            Thread.sleep(100);
        }
    }
}
