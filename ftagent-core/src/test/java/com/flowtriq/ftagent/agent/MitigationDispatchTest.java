package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.decode.Ipv6AddressBook;
import com.flowtriq.ftagent.decode.Ipv6Digest;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.mitigate.IncidentView;
import com.flowtriq.ftagent.mitigate.IpAddress;
import com.flowtriq.ftagent.mitigate.MitigationEngine;
import com.flowtriq.ftagent.mitigate.MitigationPolicy;
import com.flowtriq.ftagent.mitigate.MitigationStateFile;
import com.flowtriq.ftagent.mitigate.NftDropSources;
import com.flowtriq.ftagent.mitigate.RuleSpec;
import com.flowtriq.ftagent.mitigate.RuleTarget;
import com.flowtriq.ftagent.mitigate.Safelist;
import com.flowtriq.ftagent.report.PrometheusTextParser;
import com.flowtriq.ftagent.report.PrometheusTextWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IPv6 sources of L3/L4 incidents: blocked by the address the capture's address book holds behind the digest. */
class MitigationDispatchTest
{
    private static final String KNOWN = "2001:db8:66::1";
    private static final String FORGOTTEN = "2001:db8:66::2";

    @TempDir
    Path dir;

    RecordingNft nft;
    MitigationEngine engine;
    final Ipv6AddressBook book = new Ipv6AddressBook(64);

    @BeforeEach
    void setUp() throws Exception
    {
        nft = new RecordingNft(dir);
    }

    @AfterEach
    void tearDown()
    {
        if (null != engine)
        {
            engine.close();
        }
    }

    @Test
    void shouldBlockIpv6SourceOfL3L4IncidentThroughTheAddressBookAndRevertOnResolve() throws Exception
    {
        record(KNOWN);
        final MitigationDispatch dispatch = startDispatch();
        dispatch.resolveIpv6With(List.of(new Ipv6AddressBook(64), book));

        final IncidentEvent event = udpFlood(IncidentEvent.Type.OPEN);
        dispatch.onIncidentEvent(event);
        engine.awaitIdle();

        final String blocked = nft.recorded();
        assertTrue(blocked.contains(RecordingNft.element("add", KNOWN)), blocked);
        assertTrue(blocked.contains(RecordingNft.element("add", "198.18.7.8")), blocked);
        assertFalse(blocked.contains(IpAddress.of(FORGOTTEN).text()), blocked);
        assertFalse(blocked.contains("v6digest"), blocked);
        assertEquals(1, dispatch.unknownIpv6Sources());
        assertEquals(0, engine.counters().invalidInputs(), "unknown digests never reach the engine");

        dispatch.onIncidentEvent(udpFlood(IncidentEvent.Type.RESOLVE));
        engine.awaitIdle();
        final String reverted = nft.recorded();
        assertTrue(reverted.contains(RecordingNft.element("delete", KNOWN)), reverted);
        assertTrue(engine.activeBlocks().isEmpty());
    }

    @Test
    void shouldOfferKnownIpv6SourcesAndVictimAndCountUnknownSources()
    {
        record(KNOWN);
        final byte[] victim = bytes("2001:db8:ffff::80");
        book.recordDestination(Ipv6Digest.destination(high(victim), low(victim)), high(victim), low(victim));
        final AtomicLong unknown = new AtomicLong();

        final IncidentEvent event = udpFlood(IncidentEvent.Type.OPEN);
        event.topDestinations().add((2L << 32) |
            Integer.toUnsignedLong(Ipv6Digest.destination(high(victim), low(victim))), 9_000, 540_000);
        final IncidentView view = MitigationDispatch.view(event, new Ipv6AddressBook[] {book}, unknown::addAndGet);

        assertEquals(List.of(KNOWN, "198.18.7.8"), view.topSources());
        assertEquals("2001:db8:ffff::80", view.victimIp());
        assertEquals(1, unknown.get());

        final IncidentView withoutBooks = MitigationDispatch.view(event, new Ipv6AddressBook[0], unknown::addAndGet);
        assertEquals(List.of("198.18.7.8"), withoutBooks.topSources());
        assertNull(withoutBooks.victimIp(), "an unknown IPv6 victim is no victim, not a digest");
        assertEquals(3, unknown.get());
    }

    @Test
    void shouldExportIpv6SourcesThatCouldNotBeBlockedOnMetrics() throws Exception
    {
        record(KNOWN);
        final MitigationDispatch dispatch = startDispatch();
        dispatch.resolveIpv6With(List.of(book));
        final MitigationMetrics metrics = new MitigationMetrics(engine);
        assertEquals(0.0, scrape(metrics).get(MitigationMetrics.UNKNOWN_IPV6_SOURCES));

        dispatch.onIncidentEvent(udpFlood(IncidentEvent.Type.OPEN));
        engine.awaitIdle();

        final PrometheusTextWriter writer = new PrometheusTextWriter();
        metrics.collect(writer);
        final Map<String, Double> series = PrometheusTextParser.parse(writer.text());
        assertEquals(1.0, series.get(MitigationMetrics.UNKNOWN_IPV6_SOURCES), writer.text());
        assertEquals(0.0, series.get(MitigationMetrics.REVERT_FAILURES), writer.text());
        assertEquals(1.0, series.get("ftagent_mitigation_applied_total"), writer.text());
        assertTrue(writer.text().contains("# HELP " + MitigationMetrics.UNKNOWN_IPV6_SOURCES + " "), writer.text());
        assertTrue(writer.text().contains("# TYPE " + MitigationMetrics.UNKNOWN_IPV6_SOURCES + " counter"),
            writer.text());
        assertTrue(scrape(new MitigationMetrics(null)).isEmpty(), "mitigation off: nothing exported");
    }

    /** Starts {@link #engine} with one nft drop rule on the top sources of UDP floods and dispatches to it. */
    private MitigationDispatch startDispatch()
    {
        engine = new MitigationEngine(
            new MitigationPolicy(true, false, 1000, List.of(new RuleSpec(List.of("udp_flood"), List.of(), 0, 0,
                NftDropSources.ACTION, RuleTarget.TOP_SOURCES, 10, 0))),
            new Safelist(List.of()),
            List.of(nft.backend()),
            new MitigationStateFile(dir.resolve("state")),
            System::currentTimeMillis);
        engine.start();
        return new MitigationDispatch(engine);
    }

    private static Map<String, Double> scrape(final MitigationMetrics metrics)
    {
        final PrometheusTextWriter writer = new PrometheusTextWriter();
        metrics.collect(writer);
        return PrometheusTextParser.parse(writer.text());
    }

    /** A UDP flood from KNOWN (IPv6), FORGOTTEN (IPv6, not in the book) and 198.18.7.8. */
    private static IncidentEvent udpFlood(final IncidentEvent.Type type)
    {
        final IncidentEvent event = new IncidentEvent();
        event.clearLists();
        event.incidentId("l3l4-v6-1").type(type).family("udp_flood").subtype("udp_generic");
        event.topSources().add(sourceDigest(KNOWN), 5_000, 300_000);
        event.topSources().add(sourceDigest(FORGOTTEN), 4_000, 240_000);
        event.topSources().add(0xC6120708L, 3_000, 180_000);
        return event;
    }

    private void record(final String literal)
    {
        final byte[] address = bytes(literal);
        book.recordSource(Ipv6Digest.source(high(address), low(address)), high(address), low(address));
    }

    private static long sourceDigest(final String literal)
    {
        final byte[] address = bytes(literal);
        return Ipv6Digest.source(high(address), low(address));
    }

    private static byte[] bytes(final String literal)
    {
        return InetAddress.ofLiteral(literal).getAddress();
    }

    private static long high(final byte[] address)
    {
        return ByteBuffer.wrap(address).getLong(0);
    }

    private static long low(final byte[] address)
    {
        return ByteBuffer.wrap(address).getLong(8);
    }
}
