package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.incident.IncidentListener;
import com.flowtriq.ftagent.incident.TopList;
import com.flowtriq.ftagent.mitigate.IncidentView;
import com.flowtriq.ftagent.mitigate.MitigationEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands incidents to the mitigation engine: the rules' actions on open, their revert on resolve. Only queues work
 * (the engine runs commands on its own thread), so the detection thread never waits for a firewall.
 *
 * <p>Sources offered for blocking are those the counters saw at least {@link #MIN_SOURCE_PACKETS} times for
 * certain (the heavy-hitter lower bound): under a spoofed flood every source is new, and blocking addresses seen
 * once would fill the block list with noise while stopping nothing. IPv6 sources are known only by their digest
 * and cannot be blocked by address; the engine refuses them as invalid, counted.
 *
 * <p>It also hangs what mitigation did so far ({@link MitigationEngine#mitigationOf}, a snapshot the engine's
 * worker publishes; no lock, no copy) on every event as its {@code mitigation} section, so it must come before
 * the reporting listeners (the bridge to the journal, API and notifiers) in the dispatch order.
 */
final class MitigationDispatch implements IncidentListener
{
    /** Guaranteed packets a source needs in the incident before it is offered for blocking. */
    static final long MIN_SOURCE_PACKETS = 2;

    private final MitigationEngine engine;

    MitigationDispatch(final MitigationEngine engine)
    {
        this.engine = engine;
    }

    @Override
    public void onIncidentEvent(final IncidentEvent event)
    {
        event.mitigation(engine.mitigationOf(event.incidentId()));
        switch (event.type())
        {
            case OPEN -> engine.onIncidentOpened(view(event));
            case RESOLVE -> engine.onIncidentResolved(event.incidentId());
            case UPDATE ->
            {
            }
        }
    }

    static IncidentView view(final IncidentEvent event)
    {
        final TopList sources = event.topSources();
        final List<String> addresses = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++)
        {
            if (sources.packets(i) >= MIN_SOURCE_PACKETS)
            {
                addresses.add(IncidentJson.sourceAddress(sources.key(i)));
            }
        }
        final TopList victims = event.topDestinations();
        final String victim = victims.size() == 0 ? null : IncidentJson.destinationAddress(victims.key(0));
        final TopList ports = event.topDstPorts();
        int port = -1;
        String protocol = null;
        if (ports.size() > 0)
        {
            final long key = ports.key(0);
            port = (int)(key & 0xFFFF);
            protocol = IncidentJson.ipProtocolName((int)((key >>> 16) & 0xFF));
        }
        return new IncidentView(event.incidentId(), event.family(), event.subtype(), event.peakPps(),
            event.confidence(), addresses, victim, port, protocol);
    }
}
