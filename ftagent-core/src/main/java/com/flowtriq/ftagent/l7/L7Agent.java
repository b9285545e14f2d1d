package com.flowtriq.ftagent.l7;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;

/**
 * Live L7: polls every followed log and moves each log's detection clock with real time, so that an incident
 * resolves when a server goes quiet (no line arrives to move the log's own clock).
 * <p>
 * Windows are keyed by the timestamps in the log. A second is closed when the wall clock is {@code lateSeconds}
 * past it, leaving time for lines that servers write a little late (Apache stamps the start of a request, nginx
 * buffers its log writes); lines of a second already closed count in the open one as late.
 * <p>
 * Threading: one thread runs this agent; tailers, ingests, windows and detectors are all confined to it.
 */
public final class L7Agent implements Agent
{
    /** Default allowance for late log lines, seconds. */
    public static final int DEFAULT_LATE_SECONDS = 2;

    private final AccessLogTailer[] tailers;
    private final L7LogIngest[] ingests;
    private final EpochClock clock;
    private final int lateSeconds;
    private long lastTickSecond = Long.MIN_VALUE;

    /**
     * @param tailers     one per log, each delivering to the ingest at the same index.
     * @param ingests     one per log.
     * @param clock       wall clock.
     * @param lateSeconds seconds a second stays open after it has passed.
     */
    public L7Agent(
        final AccessLogTailer[] tailers, final L7LogIngest[] ingests, final EpochClock clock, final int lateSeconds)
    {
        if (tailers.length != ingests.length)
        {
            throw new IllegalArgumentException("tailers=" + tailers.length + " ingests=" + ingests.length);
        }
        this.tailers = tailers.clone();
        this.ingests = ingests.clone();
        this.clock = clock;
        this.lateSeconds = lateSeconds;
    }

    public int doWork()
    {
        int work = 0;
        for (final AccessLogTailer tailer : tailers)
        {
            work += tailer.poll();
        }
        final long second = clock.time() / 1000L;
        if (second != lastTickSecond)
        {
            lastTickSecond = second;
            for (int i = 0; i < ingests.length; i++)
            {
                // A log read with a backlog (a restart resumed far back) keeps its own clock until it has caught
                // up: moving it to the wall clock would count all the older lines still to come as one late second.
                if (!tailers[i].behind())
                {
                    ingests[i].advanceTo(second - lateSeconds);
                }
            }
            work++;
        }
        return work;
    }

    public void onClose()
    {
        for (final AccessLogTailer tailer : tailers)
        {
            tailer.close();
        }
    }

    public String roleName()
    {
        return "l7";
    }
}
