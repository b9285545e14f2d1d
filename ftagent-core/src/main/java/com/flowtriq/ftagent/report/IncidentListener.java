package com.flowtriq.ftagent.report;

/**
 * Receives incident events on the reporting thread (from {@link IncidentFanout}). May do I/O.
 */
@FunctionalInterface
public interface IncidentListener
{
    void onIncidentEvent(IncidentEvent event);
}
