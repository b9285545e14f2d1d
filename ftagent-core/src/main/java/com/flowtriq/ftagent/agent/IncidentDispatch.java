package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.incident.IncidentListener;
import com.flowtriq.ftagent.incident.TopList;
import com.flowtriq.ftagent.pcap.PcapIncidentFilter;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where an incident event goes in {@code run}: one log line, the PCAP recorder (start on open; on resolve the
 * event is given its capture's file and counts by {@link IncidentCaptureReference}, then the stop is queued),
 * then every other listener (journal, reporter, notifiers, mitigation), each of which queues its own slow work.
 * A listener that throws is logged and skipped; the others still get the event.
 *
 * <p>Called on the detection thread.
 */
public final class IncidentDispatch implements IncidentListener
{
    private static final System.Logger LOGGER = System.getLogger(IncidentDispatch.class.getName());

    private final PcapIncidentRecorder pcap;
    private final boolean pcapIncidentFilter;
    private final List<IncidentListener> listeners;

    /**
     * @param pcap               the incident capture writer, or null when {@code pcap_enabled} is false.
     * @param pcapIncidentFilter {@code pcap_incident_filter}: capture only the incident's victims and protocol.
     * @param listeners          the other consumers of events, in order.
     */
    IncidentDispatch(
        final PcapIncidentRecorder pcap, final boolean pcapIncidentFilter, final List<IncidentListener> listeners)
    {
        this.pcap = pcap;
        this.pcapIncidentFilter = pcapIncidentFilter;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onIncidentEvent(final IncidentEvent event)
    {
        final System.Logger.Level level =
            event.type() == IncidentEvent.Type.UPDATE ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING;
        if (LOGGER.isLoggable(level))
        {
            LOGGER.log(level, describe(event));
        }
        if (pcap != null)
        {
            final boolean queued = switch (event.type())
            {
                case OPEN -> pcapIncidentFilter ?
                    pcap.requestStart(event.incidentId(), TimeUnit.MILLISECONDS.toNanos(event.startedAtMillis()),
                        captureFilter(event)) :
                    pcap.requestStart(event.incidentId(), TimeUnit.MILLISECONDS.toNanos(event.startedAtMillis()));
                case RESOLVE ->
                {
                    IncidentCaptureReference.fill(event, pcap);
                    yield pcap.requestStop(event.incidentId());
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
        for (final IncidentListener listener : listeners)
        {
            try
            {
                listener.onIncidentEvent(event);
            }
            catch (final RuntimeException ex)
            {
                LOGGER.log(System.Logger.Level.ERROR, "incident " + event.incidentId() + ": " +
                    listener.getClass().getSimpleName() + " failed on " + event.type().wireName() + ": " + ex, ex);
            }
        }
    }

    /**
     * The incident's IPv4 victims (its top destinations) and, for a single-protocol family, that protocol. IPv6
     * victims are known only by digest, so with one in the list nothing is narrowed by address.
     */
    public static PcapIncidentFilter captureFilter(final IncidentEvent event)
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

    static String describe(final IncidentEvent event)
    {
        final StringBuilder line = new StringBuilder(200).append("incident ").append(event.incidentId()).append(' ')
            .append(event.type().wireName()).append(": ").append(event.family()).append('/').append(event.subtype())
            .append(String.format(Locale.ROOT, ", now %,d pps %.1f Mbit/s, peak %,d pps %.1f Mbit/s, %,d packets in %d s",
                event.currentPps(), event.currentBps() / 1e6, event.peakPps(), event.peakBps() / 1e6,
                event.packets(), event.seconds()));
        if (event.type() == IncidentEvent.Type.RESOLVE)
        {
            line.append(", resolved: ").append(event.resolveReason()).append(event.truncated() ? " (truncated)" : "");
        }
        else if (event.type() == IncidentEvent.Type.OPEN)
        {
            line.append(", started ").append(IncidentJson.iso(event.startedAtMillis()));
        }
        return line.toString();
    }
}
