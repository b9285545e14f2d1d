package com.flowtriq.ftagent.cli;

/**
 * Process exit codes of every {@code ftagent} command, as documented in the root command's help.
 */
final class ExitCodes
{
    /** The command did what it was asked. */
    static final int OK = 0;

    /** A runtime failure: an I/O error, a failed system call, an agent that stopped on an error. */
    static final int RUNTIME_FAILURE = 1;

    /** Bad usage or a bad config: nothing was started or written. Same as picocli's usage-error code. */
    static final int USAGE_OR_CONFIG = 2;

    private ExitCodes()
    {
    }
}
