package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.decode.Ipv6AddressBook;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.incident.IncidentListener;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;

import java.util.List;
import java.util.Locale;

/**
 * Where an incident event goes in {@code run}: one log line, the PCAP writer ({@link IncidentCapture}), then every
 * other listener (journal, reporter, notifiers, mitigation), each of which queues its own slow work.
 * A listener that throws is logged and skipped; the others still get the event.
 *
 * <p>Called on the detection thread.
 */
final class IncidentDispatch implements IncidentListener
{
    private static final System.Logger LOGGER = System.getLogger(IncidentDispatch.class.getName());

    private final IncidentCapture capture;
    private final List<IncidentListener> listeners;

    /**
     * @param pcap               the incident capture writer, or null when {@code pcap_enabled} is false.
     * @param pcapIncidentFilter {@code pcap_incident_filter}: capture only the incident's victims and protocol.
     * @param listeners          the other consumers of events, in order.
     */
    IncidentDispatch(
        final PcapIncidentRecorder pcap, final boolean pcapIncidentFilter, final List<IncidentListener> listeners)
    {
        this(pcap, pcapIncidentFilter, null, listeners);
    }

    /** @param pcapSwitch {@code pcap_enabled} as pushed while running, or null for always on. */
    IncidentDispatch(
        final PcapIncidentRecorder pcap,
        final boolean pcapIncidentFilter,
        final IncidentPcapSwitch pcapSwitch,
        final List<IncidentListener> listeners)
    {
        this.capture = pcap == null ? null : new IncidentCapture(pcap, pcapIncidentFilter, pcapSwitch);
        this.listeners = List.copyOf(listeners);
    }

    /** Lets the PCAP writer's incident filter find IPv6 victims' addresses; before the detection thread starts. */
    void resolveIpv6With(final List<Ipv6AddressBook> books)
    {
        if (capture != null)
        {
            capture.resolveIpv6With(books);
        }
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
        if (capture != null)
        {
            capture.onIncidentEvent(event);
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
