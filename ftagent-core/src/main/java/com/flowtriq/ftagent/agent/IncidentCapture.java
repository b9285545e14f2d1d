package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentListener;
import com.flowtriq.ftagent.incident.TopList;
import com.flowtriq.ftagent.pcap.PcapIncidentFilter;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Drives the PCAP writer from incident events, the same way in {@code run} and {@code replay}: a capture starts on
 * open (narrowed to the victims and the flood's protocol when {@code pcap_incident_filter} is set); on resolve the
 * event is first given its capture's file and counts ({@link IncidentCaptureReference}), then the stop is queued.
 * Only queues commands, so it may run on the detection thread.
 */
public final class IncidentCapture implements IncidentListener
{
    private static final System.Logger LOGGER = System.getLogger(IncidentCapture.class.getName());

    private final PcapIncidentRecorder recorder;
    private final boolean incidentFilter;
    private final IncidentPcapSwitch pcapSwitch;
    /** Incidents opened while captures were switched off: their resolve names no file. Cold path (per incident). */
    private final Set<String> uncaptured = new HashSet<>();

    /**
     * @param recorder       the incident capture writer.
     * @param incidentFilter {@code pcap_incident_filter}: capture only the incident's victims and protocol.
     */
    public IncidentCapture(final PcapIncidentRecorder recorder, final boolean incidentFilter)
    {
        this(recorder, incidentFilter, null);
    }

    /**
     * @param pcapSwitch {@code pcap_enabled} as pushed while running, checked at each open; null for always on.
     */
    public IncidentCapture(
        final PcapIncidentRecorder recorder, final boolean incidentFilter, final IncidentPcapSwitch pcapSwitch)
    {
        this.recorder = recorder;
        this.incidentFilter = incidentFilter;
        this.pcapSwitch = pcapSwitch;
    }

    @Override
    public void onIncidentEvent(final IncidentEvent event)
    {
        if (event.type() == IncidentEvent.Type.OPEN && pcapSwitch != null && !pcapSwitch.enabled())
        {
            uncaptured.add(event.incidentId());
            return;
        }
        if (event.type() != IncidentEvent.Type.OPEN && !uncaptured.isEmpty() &&
            uncaptured.contains(event.incidentId()))
        {
            if (event.type() == IncidentEvent.Type.RESOLVE)
            {
                uncaptured.remove(event.incidentId());
                event.pcap(null, 0, 0);
            }
            return;
        }
        final boolean queued = switch (event.type())
        {
            case OPEN -> recorder.requestStart(event.incidentId(),
                TimeUnit.MILLISECONDS.toNanos(event.startedAtMillis()), incidentFilter ? captureFilter(event) : null);
            case RESOLVE ->
            {
                IncidentCaptureReference.fill(event, recorder);
                yield recorder.requestStop(event.incidentId());
            }
            case UPDATE -> true;
        };
        if (!queued)
        {
            LOGGER.log(System.Logger.Level.WARNING, "incident " + event.incidentId() +
                ": the PCAP writer's command queue is full; capture request for " + event.type().wireName() +
                " dropped");
        }
    }

    /**
     * The incident's IPv4 victims (its top destinations) and, for a single-protocol family, that protocol. IPv6
     * victims are known only by digest, so with one in the list nothing is narrowed by address.
     */
    static PcapIncidentFilter captureFilter(final IncidentEvent event)
    {
        final TopList victims = event.topDestinations();
        final int[] ipv4 = new int[victims.size()];
        int count = 0;
        for (int i = 0; i < victims.size(); i++)
        {
            final long key = victims.key(i);
            if ((key >>> 32) != 1)
            {
                return new PcapIncidentFilter(new int[0], new long[0], protocolOf(event.family()));
            }
            ipv4[count++] = (int)key;
        }
        return new PcapIncidentFilter(Arrays.copyOf(ipv4, count), new long[0], protocolOf(event.family()));
    }

    private static int protocolOf(final String family)
    {
        return switch (family)
        {
            case "tcp_flood" -> 6;
            case "udp_flood" -> 17;
            case "icmp_flood" -> 1;
            default -> PcapIncidentFilter.ANY_PROTOCOL;
        };
    }
}
