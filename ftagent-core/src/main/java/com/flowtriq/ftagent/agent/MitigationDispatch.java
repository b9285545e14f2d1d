package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.decode.Ipv6AddressBook;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.incident.IncidentListener;
import com.flowtriq.ftagent.incident.TopList;
import com.flowtriq.ftagent.mitigate.IncidentView;
import com.flowtriq.ftagent.mitigate.MitigationEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV6;

/**
 * Hands incidents to the mitigation engine: the rules' actions on open, their revert on resolve. Only queues work
 * (the engine runs commands on its own thread), so the detection thread never waits for a firewall.
 *
 * <p>Sources offered for blocking are those the counters saw at least {@link #MIN_SOURCE_PACKETS} times for
 * certain (the heavy-hitter lower bound): under a spoofed flood every source is new, and blocking addresses seen
 * once would fill the block list with noise while stopping nothing.
 *
 * <p>IPv6 sources reach the incident as 64-bit digests (the packet record has no room for 128 bits). They are
 * turned back into addresses through the capture decoders' {@link Ipv6AddressBook}s; a digest no book knows (never
 * recorded, or its slot since overwritten by another address) cannot be blocked: it is left out, counted in the
 * engine's {@link com.flowtriq.ftagent.mitigate.MitigationCounters#unknownIpv6Sources()} (exported on
 * {@code /metrics}), and said in one log line per incident.
 *
 * <p>Threading: {@link #resolveIpv6With} is called once before the detection thread starts (its start publishes
 * the books); {@link #onIncidentEvent} runs on the detection thread; the counter may be read from any thread.
 *
 * <p>It also hangs what mitigation did so far ({@link MitigationEngine#mitigationOf}, a snapshot the engine's
 * worker publishes; no lock, no copy) on every event as its {@code mitigation} section, so it must come before
 * the reporting listeners (the bridge to the journal, API and notifiers) in the dispatch order.
 */
final class MitigationDispatch implements IncidentListener
{
    /** Guaranteed packets a source needs in the incident before it is offered for blocking. */
    static final long MIN_SOURCE_PACKETS = 2;

    private static final System.Logger LOGGER = System.getLogger(MitigationDispatch.class.getName());
    private static final Ipv6AddressBook[] NO_BOOKS = new Ipv6AddressBook[0];

    private final MitigationEngine engine;
    private final LongConsumer unknownIpv6Sources;
    private Ipv6AddressBook[] addressBooks = NO_BOOKS;

    MitigationDispatch(final MitigationEngine engine)
    {
        this.engine = engine;
        this.unknownIpv6Sources = engine.counters()::addUnknownIpv6Sources;
    }

    /**
     * @param books the address books of every capture decoder; a source digest is looked up in each in turn.
     */
    void resolveIpv6With(final List<Ipv6AddressBook> books)
    {
        addressBooks = books.toArray(NO_BOOKS);
    }

    /** @return IPv6 sources left out of blocking because no address book knew their digest. Any thread. */
    long unknownIpv6Sources()
    {
        return engine.counters().unknownIpv6Sources();
    }

    @Override
    public void onIncidentEvent(final IncidentEvent event)
    {
        // on resolve, blocks whose revert is queued just below show as reverting: the resolve event is the last
        event.mitigation(IncidentEvent.Type.RESOLVE == event.type() ?
            engine.mitigationOnResolve(event.incidentId()) : engine.mitigationOf(event.incidentId()));
        switch (event.type())
        {
            case OPEN -> engine.onIncidentOpened(view(event, addressBooks, unknownIpv6Sources));
            case RESOLVE -> engine.onIncidentResolved(event.incidentId());
            case UPDATE ->
            {
            }
        }
    }

    static IncidentView view(final IncidentEvent event)
    {
        return view(event, NO_BOOKS, unknown -> {});
    }

    /**
     * @param books   where IPv6 source digests are looked up.
     * @param unknown counts IPv6 sources no book knows.
     * @return what the engine needs of {@code event}; cold path (once per incident).
     */
    static IncidentView view(final IncidentEvent event, final Ipv6AddressBook[] books, final LongConsumer unknown)
    {
        final TopList sources = event.topSources();
        final List<String> addresses = new ArrayList<>(sources.size());
        int unknownHere = 0;
        for (int i = 0; i < sources.size(); i++)
        {
            if (sources.packets(i) < MIN_SOURCE_PACKETS)
            {
                continue;
            }
            final long key = sources.key(i);
            if (key >= 0)
            {
                addresses.add(IncidentJson.sourceAddress(key));
                continue;
            }
            final String address = ipv6Source(books, key);
            if (null == address)
            {
                unknownHere++;
            }
            else
            {
                addresses.add(address);
            }
        }
        if (unknownHere > 0)
        {
            unknown.accept(unknownHere);
            LOGGER.log(System.Logger.Level.WARNING, "incident " + event.incidentId() + ": " + unknownHere +
                " IPv6 source(s) not offered for blocking: their address is no longer in the capture's address book");
        }
        final TopList victims = event.topDestinations();
        final String victim = victims.size() == 0 ? null : victim(books, victims.key(0));
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

    /**
     * @return the victim as text: dotted IPv4, the IPv6 address behind its digest, or null if no book knows it
     *         (the engine then has no victim for victim-targeted actions, and says so).
     */
    private static String victim(final Ipv6AddressBook[] books, final long key)
    {
        if (key >>> 32 != FAMILY_IPV6)
        {
            return IncidentJson.destinationAddress(key);
        }
        final byte[] address = new byte[16];
        return Ipv6AddressBook.destinationAddress(books, (int)key, address) ? Ipv6AddressBook.format(address) : null;
    }

    /**
     * @return the address behind an IPv6 source digest in RFC 5952 text, or null if no book knows it.
     */
    static String ipv6Source(final Ipv6AddressBook[] books, final long digest)
    {
        final byte[] address = new byte[16];
        return Ipv6AddressBook.sourceAddress(books, digest, address) ? Ipv6AddressBook.format(address) : null;
    }
}
