package com.flowtriq.ftagent.mitigate;

import java.util.List;

/**
 * What one command did: its argv, exit status (-1 when it never ran or was killed), whether the timeout killed it,
 * and its captured output (capped).
 *
 * @param argv     the argv as executed, prefix included.
 * @param exitCode the exit status, or -1.
 * @param timedOut true if the timeout killed it.
 * @param stdout   standard output, capped at {@link ArgvRunner#MAX_CAPTURE_BYTES}.
 * @param stderr   standard error, capped likewise, or the reason it could not start.
 */
public record CommandOutcome(List<String> argv, int exitCode, boolean timedOut, String stdout, String stderr)
{
    public boolean succeeded()
    {
        return 0 == exitCode && !timedOut;
    }

    /**
     * @return an outcome for a command that was not run (dry run), counted as success.
     */
    public static CommandOutcome skipped(final List<String> argv)
    {
        return new CommandOutcome(List.copyOf(argv), 0, false, "", "dry run: not executed");
    }

    public String toString()
    {
        return "CommandOutcome{argv=" + argv + ", exit=" + exitCode + ", timedOut=" + timedOut +
            ", stderr=" + Printable.quote(stderr) + "}";
    }
}
