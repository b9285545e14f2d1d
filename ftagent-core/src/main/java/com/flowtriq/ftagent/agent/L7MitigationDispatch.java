package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.l7.L7Incident;
import com.flowtriq.ftagent.l7.L7IncidentListener;
import com.flowtriq.ftagent.mitigate.IncidentView;
import com.flowtriq.ftagent.mitigate.MitigationEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands L7 incidents to the mitigation engine, like {@link MitigationDispatch} does for L3/L4: the rules' actions on
 * open, their revert on resolve (TTL, shutdown and restart are the engine's, the same for both). The incident is
 * family {@code http_flood} with the L7 subtype; its sources are the top client IPs as the access log names them
 * (full IPv4 or IPv6 text; the engine parses each, refuses what is not exactly one address, applies the safelist and
 * {@code max_blocked_sources}); {@code peakPps} carries the peak requests per second, so a rule's {@code min_pps}
 * compares against requests/s for L7 incidents. There is no victim address or port.
 *
 * <p>Clients with fewer than {@link #MIN_CLIENT_REQUESTS} requests in the incident's window are not offered: in a
 * single-source flood the rest of the top list is ordinary visitors, and blocking them would stop nothing.
 *
 * <p>It also hangs what mitigation did so far on every event as its {@code mitigation} section (on resolve with the
 * blocks about to be reverted as {@code reverting}), like {@link MitigationDispatch}, so it must come before the
 * reporting listener ({@link L7IncidentReporting}) in the dispatch order.
 *
 * <p>Threading: called on the L7 detector thread; only queues work on the engine's thread. Allocates a few small
 * objects per open event (at most one per incident), never per log line.
 */
final class L7MitigationDispatch implements L7IncidentListener
{
    /** The family of every L7 incident. */
    static final String FAMILY = "http_flood";
    /** Requests a client needs in the incident's window before it is offered for blocking. */
    static final long MIN_CLIENT_REQUESTS = 2;

    private final MitigationEngine engine;

    L7MitigationDispatch(final MitigationEngine engine)
    {
        this.engine = engine;
    }

    @Override
    public void onIncident(final L7Incident incident)
    {
        incident.mitigation(L7Incident.Event.RESOLVE == incident.event() ?
            engine.mitigationOnResolve(incident.incidentId()) : engine.mitigationOf(incident.incidentId()));
        switch (incident.event())
        {
            case OPEN -> engine.onIncidentOpened(view(incident));
            case RESOLVE -> engine.onIncidentResolved(incident.incidentId());
            case UPDATE ->
            {
            }
        }
    }

    /**
     * @param incident the detector's event (read now, reused after return).
     * @return what the engine needs of it.
     */
    static IncidentView view(final L7Incident incident)
    {
        final List<String> clients = new ArrayList<>(incident.topClientCount());
        for (int i = 0; i < incident.topClientCount(); i++)
        {
            if (incident.topClientRequests(i) >= MIN_CLIENT_REQUESTS)
            {
                clients.add(incident.topClientIp(i));
            }
        }
        return new IncidentView(incident.incidentId(), FAMILY, incident.subtype().schemaName(), incident.peakRps(),
            incident.confidence(), clients, null, -1, null);
    }
}
