package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.l7.L7Incident;
import com.flowtriq.ftagent.l7.L7IncidentListener;
import com.flowtriq.ftagent.mitigate.IpAddress;
import com.flowtriq.ftagent.pcap.PcapIncidentFilter;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;

import java.util.concurrent.TimeUnit;

/**
 * Drives the PCAP writer from L7 incident events, as {@link IncidentCapture} does for L3/L4 ones: a capture starts
 * on open (narrowed to TCP from the incident's top clients when {@code pcap_incident_filter} is set); on resolve the
 * event is first given its capture's file and counts, then the stop is queued.
 *
 * <p>The writer captures one incident at a time. An L7 open while another capture runs (an L3/L4 incident's, or an
 * earlier L7 one's) is not requested: it is logged, and that incident's resolve names no file. A start that loses a
 * race with another incident's is refused by the writer itself, and its resolve names no file either.
 *
 * <p>Threading: called on the L7 detector thread; it only queues commands on the writer's many-producer queue and
 * reads its published state, so it never blocks the writer or the capture threads. Cold path: at most one call per
 * incident per second.
 */
public final class L7IncidentCapture implements L7IncidentListener
{
    private static final System.Logger LOGGER = System.getLogger(L7IncidentCapture.class.getName());
    private static final int TCP = 6;

    private final PcapIncidentRecorder recorder;
    private final boolean incidentFilter;
    private final IncidentPcapSwitch pcapSwitch;
    /** The L7 incident whose capture was requested, null if none; L7 detector thread only. */
    private String requestedIncidentId;

    /**
     * @param recorder       the incident capture writer shared with L3/L4 detection.
     * @param incidentFilter {@code pcap_incident_filter}: capture only TCP from the incident's top clients.
     * @param pcapSwitch     {@code pcap_enabled} as pushed while running, checked at each open; null for always on.
     */
    public L7IncidentCapture(
        final PcapIncidentRecorder recorder, final boolean incidentFilter, final IncidentPcapSwitch pcapSwitch)
    {
        this.recorder = recorder;
        this.incidentFilter = incidentFilter;
        this.pcapSwitch = pcapSwitch;
    }

    @Override
    public void onIncident(final L7Incident incident)
    {
        switch (incident.event())
        {
            case OPEN -> start(incident);
            case RESOLVE -> stop(incident);
            case UPDATE ->
            {
            }
        }
    }

    private void start(final L7Incident incident)
    {
        final String incidentId = incident.incidentId();
        if (pcapSwitch != null && !pcapSwitch.enabled())
        {
            // Not requested, so its resolve names no file; the config applier logged the switch when it changed.
            return;
        }
        final String running = recorder.captureIncidentId();
        if (running != null)
        {
            LOGGER.log(System.Logger.Level.WARNING, "incident " + incidentId + ": no PCAP, the writer is capturing " +
                "incident " + running + " (one capture at a time)");
            return;
        }
        if (recorder.requestStart(incidentId, TimeUnit.MILLISECONDS.toNanos(incident.startedAtMillis()),
            incidentFilter ? captureFilter(incident) : null))
        {
            requestedIncidentId = incidentId;
        }
        else
        {
            LOGGER.log(System.Logger.Level.WARNING, "incident " + incidentId +
                ": the PCAP writer's command queue is full; capture request for open dropped");
        }
    }

    private void stop(final L7Incident incident)
    {
        final String incidentId = incident.incidentId();
        if (!incidentId.equals(requestedIncidentId))
        {
            return;
        }
        requestedIncidentId = null;
        // Names the capture on the resolve event with what is known now, as for L3/L4 (before the stop is queued).
        IncidentCaptureReference.fill(incidentId, incident.startedAtMillis(), incident::pcap, recorder);
        if (!recorder.requestStop(incidentId))
        {
            LOGGER.log(System.Logger.Level.WARNING, "incident " + incidentId +
                ": the PCAP writer's command queue is full; capture request for resolve dropped");
        }
    }

    /**
     * TCP to or from the incident's top clients. Clients whose address does not parse are left out; with none left
     * the filter keeps all TCP rather than nothing.
     */
    static PcapIncidentFilter captureFilter(final L7Incident incident)
    {
        final PcapIncidentFilter.Victims clients = new PcapIncidentFilter.Victims(incident.topClientCount());
        for (int i = 0; i < incident.topClientCount(); i++)
        {
            final IpAddress address = IpAddress.parse(incident.topClientIp(i));
            if (address != null)
            {
                clients.address(address.bytes());
            }
        }
        return clients.build(TCP);
    }
}
