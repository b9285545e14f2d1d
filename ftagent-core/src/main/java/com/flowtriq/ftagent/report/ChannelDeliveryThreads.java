package com.flowtriq.ftagent.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One delivery thread per outbox channel (the Flowtriq API, each notifier), each running
 * {@link DurableOutbox#pumpChannel} for its channel only, after the channel's own periodic tasks (for the Flowtriq
 * channel: heartbeat, metrics sample and config poll, which share its circuit breaker). A webhook that hangs for its
 * whole request timeout, or a dead API, holds up its own channel and nothing else; each channel keeps its FIFO
 * order, backoff and breaker. The outbox writer (hand-off to disk) stays on the reporting thread.
 * <p>
 * Threads are named {@code ftagent-deliver-<channel>}. Started by the constructor, stopped by {@link #close}, which
 * interrupts a request still running after a second; what was not delivered stays on disk for the next start.
 */
public final class ChannelDeliveryThreads implements AutoCloseable
{
    /** Thread name prefix; the channel name follows. */
    public static final String ROLE_PREFIX = "ftagent-deliver-";

    private final Map<String, ReportThread> threads = new LinkedHashMap<>();

    /**
     * @param outbox       the outbox whose channels to pump; nothing else may pump them.
     * @param channelTasks per channel, tasks to run on its thread before each pump (may lack channels).
     * @param clockMillis  wall clock.
     */
    public ChannelDeliveryThreads(
        final DurableOutbox outbox, final Map<String, List<ReportTask>> channelTasks, final LongSupplier clockMillis)
    {
        try
        {
            for (final String channel : outbox.channels())
            {
                final List<ReportTask> tasks = new ArrayList<>(channelTasks.getOrDefault(channel, List.of()));
                tasks.add((nowMillis) -> outbox.pumpChannel(channel, nowMillis));
                threads.put(channel, new ReportThread(new ReportAgent(ROLE_PREFIX + channel, tasks, clockMillis)));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * @param channel a channel name.
     * @return the thread delivering it, or null if the outbox has no such channel.
     */
    public Thread thread(final String channel)
    {
        final ReportThread thread = threads.get(channel);
        return thread == null ? null : thread.thread();
    }

    /**
     * Stops every delivery thread; each finishes or abandons its current request first.
     */
    @Override
    public void close()
    {
        for (final ReportThread thread : threads.values())
        {
            thread.close();
        }
        threads.clear();
    }
}
