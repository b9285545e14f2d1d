package com.flowtriq.ftagent.l7;

/**
 * Receives L7 incident events from the {@link L7FloodDetector}. The incident object is reused: a listener that keeps
 * anything must copy it (its top lists are already copies). Called on the detector thread; a listener hands work to
 * its own thread rather than block.
 */
@FunctionalInterface
public interface L7IncidentListener
{
    void onIncident(L7Incident incident);
}
