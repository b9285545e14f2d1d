package com.flowtriq.ftagent.report;

/**
 * Where the incident lifecycle hands its events. Implementations must be safe to call from the detection
 * thread: they never block, never do I/O, and never throw for a delivery problem.
 */
@FunctionalInterface
public interface IncidentSink
{
    /**
     * @param event an open, update or resolve event; immutable, may be kept.
     */
    void onIncident(IncidentEvent event);
}
