package com.flowtriq.ftagent.report;

import java.util.List;
import java.util.function.LongSupplier;

import org.agrona.concurrent.Agent;

/**
 * The reporting thread's agent: on each duty cycle it reads the clock once and runs every {@link ReportTask}
 * (incident fan-out, periodic heartbeat/metrics/config, the outbox). All network and disk I/O of reporting
 * happens here, never on the detection thread. A task that throws is reported to the runner's error handler
 * and the others still run on the next cycle.
 */
public final class ReportAgent implements Agent
{
    /** Role (and thread) name of the reporting thread. */
    public static final String ROLE_NAME = "ftagent-report";

    private final String roleName;
    private final List<ReportTask> tasks;
    private final LongSupplier clockMillis;

    /**
     * @param tasks       run in this order on each cycle.
     * @param clockMillis wall clock.
     */
    public ReportAgent(final List<ReportTask> tasks, final LongSupplier clockMillis)
    {
        this(ROLE_NAME, tasks, clockMillis);
    }

    /**
     * @param roleName    role and thread name, e.g. {@code ftagent-deliver-slack}.
     * @param tasks       run in this order on each cycle.
     * @param clockMillis wall clock.
     */
    public ReportAgent(final String roleName, final List<ReportTask> tasks, final LongSupplier clockMillis)
    {
        this.roleName = roleName;
        this.tasks = List.copyOf(tasks);
        this.clockMillis = clockMillis;
    }

    @Override
    public int doWork()
    {
        final long now = clockMillis.getAsLong();
        int work = 0;
        RuntimeException first = null;
        for (int i = 0, size = tasks.size(); i < size; i++)
        {
            try
            {
                work += tasks.get(i).doWork(now);
            }
            catch (final RuntimeException ex)
            {
                if (first == null)
                {
                    first = ex;
                }
            }
        }
        if (first != null)
        {
            throw first;
        }
        return work;
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
