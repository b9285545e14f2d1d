package com.flowtriq.ftagent.incident;

/**
 * Receives incident events. Called on the detection thread, synchronously, once per event: the
 * {@link IncidentEvent} is reused for the next event, so an implementation must serialise or copy what it needs
 * before returning, and must be quick (hand slow work such as HTTP to its own thread behind a queue).
 */
@FunctionalInterface
public interface IncidentListener
{
    void onIncidentEvent(IncidentEvent event);
}
