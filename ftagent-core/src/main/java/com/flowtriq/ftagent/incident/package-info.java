/**
 * Incidents: the lifecycle state machine ({@link com.flowtriq.ftagent.incident.IncidentLifecycle}), the event in
 * the one schema of DESIGN.md ({@link com.flowtriq.ftagent.incident.IncidentEvent}), its JSON
 * ({@link com.flowtriq.ftagent.incident.IncidentJson}, jackson-core streaming), incident ids and the listener
 * interface through which actions (reporter, notifiers, pcap writer, journal) receive events.
 * <p>
 * This package does not depend on {@code detect}: family and subtype arrive as strings, so the L7 detector can
 * emit the same events with {@code kind = "l7"}.
 */
package com.flowtriq.ftagent.incident;
