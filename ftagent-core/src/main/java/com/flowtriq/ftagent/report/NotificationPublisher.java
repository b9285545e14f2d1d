package com.flowtriq.ftagent.report;

/**
 * Renders each incident event for one notifier and submits it to the outbox on that notifier's channel, so
 * notifications get the same durable, ordered, retried delivery as API calls. Reporting thread.
 */
public final class NotificationPublisher implements IncidentListener
{
    private final String channel;
    private final NotificationRenderer renderer;
    private final DurableOutbox outbox;

    public NotificationPublisher(final String channel, final NotificationRenderer renderer, final DurableOutbox outbox)
    {
        this.channel = channel;
        this.renderer = renderer;
        this.outbox = outbox;
    }

    @Override
    public void onIncidentEvent(final IncidentEvent event)
    {
        final byte[] body = renderer.render(event);
        if (body != null)
        {
            outbox.submit(OutboxEntryKind.NOTIFICATION, channel, event.incidentId(), body);
        }
    }

    public String channel()
    {
        return channel;
    }
}
