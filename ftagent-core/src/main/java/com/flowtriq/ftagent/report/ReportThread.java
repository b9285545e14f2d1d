package com.flowtriq.ftagent.report;

import java.util.concurrent.TimeUnit;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * Runs a {@link ReportAgent} on its own thread. When idle the thread sleeps a few milliseconds, which is
 * plenty for a cold path whose events come at most every second.
 */
public final class ReportThread implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(ReportThread.class.getName());
    public static final long IDLE_SLEEP_MILLIS = 5;

    private final AgentRunner runner;

    /**
     * @param agent the agent to run; started at once.
     */
    public ReportThread(final ReportAgent agent)
    {
        final ErrorHandler errors =
            (throwable) -> LOG.log(System.Logger.Level.WARNING, "report task failed", throwable);
        runner = new AgentRunner(new SleepingMillisIdleStrategy(IDLE_SLEEP_MILLIS), errors, null, agent);
        AgentRunner.startOnThread(runner);
    }

    /**
     * @return the thread running the agent, for tests asserting who did the I/O.
     */
    public Thread thread()
    {
        return runner.thread();
    }

    /**
     * Stops the thread. Entries not yet delivered stay on disk for the next start.
     */
    @Override
    public void close()
    {
        runner.close((int)TimeUnit.SECONDS.toMillis(1), (thread) -> thread.interrupt());
    }
}
