package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.decode.Ipv6AddressBook;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentListener;
import com.flowtriq.ftagent.incident.TopList;
import com.flowtriq.ftagent.pcap.PcapIncidentFilter;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV4;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV6;

/**
 * Drives the PCAP writer from incident events, the same way in {@code run} and {@code replay}: a capture starts on
 * open (narrowed to the victims and the flood's protocol when {@code pcap_incident_filter} is set); on resolve the
 * event is first given its capture's file and counts ({@link IncidentCaptureReference}), then the stop is queued.
 * Only queues commands, so it may run on the detection thread.
 *
 * <p>Threading: {@link #resolveIpv6With} is called once before the detection thread starts (its start publishes
 * the books); {@link #onIncidentEvent} runs on the detection thread.
 */
public final class IncidentCapture implements IncidentListener
{
    private static final System.Logger LOGGER = System.getLogger(IncidentCapture.class.getName());
    private static final Ipv6AddressBook[] NO_BOOKS = new Ipv6AddressBook[0];

    private final PcapIncidentRecorder recorder;
    private final boolean incidentFilter;
    private final IncidentPcapSwitch pcapSwitch;
    /** Incidents opened while captures were switched off: their resolve names no file. Cold path (per incident). */
    private final Set<String> uncaptured = new HashSet<>();
    private Ipv6AddressBook[] addressBooks = NO_BOOKS;

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

    /**
     * @param books the address books of every capture decoder, where the full address behind an IPv6 victim's
     *              digest is looked up for {@code pcap_incident_filter}.
     */
    public void resolveIpv6With(final List<Ipv6AddressBook> books)
    {
        addressBooks = books.toArray(NO_BOOKS);
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
                TimeUnit.MILLISECONDS.toNanos(event.startedAtMillis()),
                incidentFilter ? captureFilter(event, addressBooks) : null);
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
     * The incident's victims (its top destinations) and, for a single-protocol family, that protocol. An IPv6
     * victim is known by its digest: its address is looked up in {@code books}; if no book knows it any more,
     * nothing is narrowed by address (a capture of the protocol rather than an empty one).
     */
    static PcapIncidentFilter captureFilter(final IncidentEvent event, final Ipv6AddressBook[] books)
    {
        final TopList victims = event.topDestinations();
        final int protocol = protocolOf(event.family());
        final PcapIncidentFilter.Victims addresses = new PcapIncidentFilter.Victims(victims.size());
        final byte[] address = new byte[16];
        for (int i = 0; i < victims.size(); i++)
        {
            final long key = victims.key(i);
            if ((key >>> 32) == FAMILY_IPV4)
            {
                addresses.ipv4((int)key);
            }
            else if ((key >>> 32) == FAMILY_IPV6 && Ipv6AddressBook.destinationAddress(books, (int)key, address))
            {
                addresses.address(address);
            }
            else
            {
                return new PcapIncidentFilter(new int[0], new long[0], protocol);
            }
        }
        return addresses.build(protocol);
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
