package com.flowtriq.ftagent.report;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The {@link IncidentSink} the detection thread calls. {@link #onIncident} only offers the event to a lock-free
 * queue; the reporting thread drains it in {@link #doWork} and hands each event, in order, to every listener
 * (journal, Flowtriq reporter, notifiers). The queue is unbounded on purpose: incident events are few (one per
 * incident per metrics interval) and must never be dropped. A listener that throws does not stop the others.
 */
public final class IncidentFanout implements IncidentSink, ReportTask
{
    private static final System.Logger LOG = System.getLogger(IncidentFanout.class.getName());

    private final ConcurrentLinkedQueue<IncidentEvent> queue = new ConcurrentLinkedQueue<>();
    private final List<IncidentListener> listeners;

    /**
     * @param listeners called in this order for each event.
     */
    public IncidentFanout(final List<IncidentListener> listeners)
    {
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Any thread; never blocks.
     */
    @Override
    public void onIncident(final IncidentEvent event)
    {
        queue.offer(event);
    }

    @Override
    public int doWork(final long nowMillis)
    {
        int work = 0;
        IncidentEvent event;
        while ((event = queue.poll()) != null)
        {
            for (final IncidentListener listener : listeners)
            {
                try
                {
                    listener.onIncidentEvent(event);
                }
                catch (final RuntimeException ex)
                {
                    LOG.log(System.Logger.Level.ERROR, "incident listener failed on " + event.incidentId(), ex);
                }
            }
            work++;
        }
        return work;
    }
}
