package com.flowtriq.ftagent.report;

/**
 * Turns an incident event into one notifier's request body. Stateless, called on the reporting thread.
 */
@FunctionalInterface
public interface NotificationRenderer
{
    /**
     * @param event the event.
     * @return the body, or null if this notifier does not announce this kind of event (e.g. chat on update).
     */
    byte[] render(IncidentEvent event);
}
