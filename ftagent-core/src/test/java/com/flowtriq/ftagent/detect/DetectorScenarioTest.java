package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.decode.Ipv6AddressBook;
import com.flowtriq.ftagent.decode.Ipv6Digest;
import com.flowtriq.ftagent.incident.IncidentEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static com.flowtriq.ftagent.detect.Traffic.*;
import static com.flowtriq.ftagent.detect.TrafficSample.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole-detector scenarios on synthetic seconds: a few minutes of benign server traffic, an attack, benign traffic
 * again. Each attack class must open exactly one incident of the right family and subtype, starting within 2 s of
 * the attack and resolving within holddown + 3 s of its end.
 */
class DetectorScenarioTest
{
    static final long BENIGN_PPS = 2_000;
    static final int WARM_SECONDS = 240;
    static final int ATTACK_SECONDS = 60;
    static final int AFTER_SECONDS = 90;

    static DetectionSettings settings()
    {
        return DetectionSettings.builder()
            .baselineWindowMinutes(5)
            .stateDir("/nonexistent-ftagent-test")
            .build();
    }

    /** Runs benign traffic throughout and {@code attack} during the attack seconds. */
    static RecordingListener run(
        final DetectionSettings settings, final BiConsumer<SyntheticTrafficSample, Long> attack)
    {
        return run(settings, attack, List.of());
    }

    /** As {@link #run(DetectionSettings, BiConsumer)}, with the decoders' IPv6 address books. */
    static RecordingListener run(
        final DetectionSettings settings,
        final BiConsumer<SyntheticTrafficSample, Long> attack,
        final List<Ipv6AddressBook> books)
    {
        final RecordingListener listener = new RecordingListener();
        final Detector detector = new Detector(settings, listener).resolveIpv6With(books);
        final SyntheticTrafficSample sample = new SyntheticTrafficSample();
        final int total = WARM_SECONDS + ATTACK_SECONDS + AFTER_SECONDS;
        for (int t = 0; t < total; t++)
        {
            final long second = T0 + t;
            sample.clear(second);
            benign(sample, second, BENIGN_PPS);
            if (t >= WARM_SECONDS && t < WARM_SECONDS + ATTACK_SECONDS)
            {
                attack.accept(sample, second);
            }
            detector.onTick(second, sample);
        }
        return listener;
    }

    static Stream<Arguments> attackClasses()
    {
        return Stream.of(
            Arguments.of("syn", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> tcpFlood(s, FLAGS_SYN, 30_000),
                "tcp_flood", "syn"),
            Arguments.of("ack", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> tcpFlood(s, FLAGS_ACK, 30_000),
                "tcp_flood", "ack"),
            Arguments.of("rst", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> tcpFlood(s, FLAGS_RST, 30_000),
                "tcp_flood", "rst"),
            Arguments.of("xmas", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> tcpFlood(s, FLAGS_XMAS, 30_000),
                "tcp_flood", "xmas"),
            Arguments.of("udp", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> udpFlood(s, 30_000),
                "udp_flood", "udp_generic"),
            Arguments.of("dns", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> amplification(s, 53, 20_000, 1400),
                "udp_flood", "dns_amplification"),
            Arguments.of("ntp", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> amplification(s, 123, 20_000, 468),
                "udp_flood", "ntp_amplification"),
            Arguments.of("ssdp", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> amplification(s, 1900, 20_000, 300),
                "udp_flood", "ssdp_amplification"),
            Arguments.of("memcached fragmented",
                (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> fragmentedAmplification(s, 11211, 30_000),
                "udp_flood", "memcached_amplification"),
            Arguments.of("cldap", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> amplification(s, 389, 20_000, 1400),
                "udp_flood", "cldap_amplification"),
            Arguments.of("icmp", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> icmpEchoFlood(s, 30_000),
                "icmp_flood", "icmp_echo"),
            Arguments.of("fragments", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> fragmentFlood(s, 20_000),
                "fragment_flood", "ip_fragment"),
            Arguments.of("gre", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> greFlood(s, 20_000),
                "protocol_flood", "gre"),
            Arguments.of("ipv6 syn", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> ipv6SynFlood(s, 30_000),
                "tcp_flood", "syn"),
            Arguments.of("carpet syn over a /24",
                (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> carpetSynFlood(s, 30_000), "tcp_flood", "syn"),
            // The other subtypes of issue #4, so that each is shown to come out of the classifier.
            Arguments.of("syn-ack", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) ->
                tcpFlood(s, FLAGS_SYN_ACK, 30_000), "tcp_flood", "syn_ack"),
            Arguments.of("fin", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> tcpFlood(s, FLAGS_FIN, 30_000),
                "tcp_flood", "fin"),
            Arguments.of("psh-ack", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) ->
                tcpFlood(s, FLAGS_PSH_ACK, 30_000), "tcp_flood", "psh_ack"),
            Arguments.of("null", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> tcpFlood(s, FLAGS_NULL, 30_000),
                "tcp_flood", "null"),
            Arguments.of("urg", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> tcpFlood(s, FLAGS_URG, 30_000),
                "tcp_flood", "tcp_mixed"),
            Arguments.of("chargen", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) ->
                amplification(s, 19, 20_000, 1000), "udp_flood", "chargen_amplification"),
            Arguments.of("snmp", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) ->
                amplification(s, 161, 20_000, 1200), "udp_flood", "snmp_amplification"),
            Arguments.of("wsd", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) ->
                amplification(s, 3702, 20_000, 1000), "udp_flood", "wsd_amplification"),
            Arguments.of("mdns", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) ->
                amplification(s, 5353, 20_000, 400), "udp_flood", "mdns_amplification"),
            Arguments.of("dns queries", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) ->
                udpToServicePort(s, 53, 30_000), "udp_flood", "dns_query_flood"),
            Arguments.of("quic", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) ->
                udpToServicePort(s, 443, 30_000), "udp_flood", "quic_flood"),
            Arguments.of("icmpv6 echo", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) ->
                icmpv6EchoFlood(s, 30_000), "icmp_flood", "icmpv6_echo"),
            Arguments.of("icmp unreachable", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) ->
                icmpUnreachableFlood(s, 30_000), "icmp_flood", "icmp_other"),
            Arguments.of("sctp", (BiConsumer<SyntheticTrafficSample, Long>)(s, t) -> otherProtocolFlood(s, 20_000),
                "protocol_flood", "other"));
    }

    /** Every family/subtype pair the classifier can name has a scenario above that must produce it. */
    @Test
    void shouldHaveAScenarioForEveryVectorTheClassifierNames()
    {
        final Set<String> covered = attackClasses()
            .map(arguments -> arguments.get()[2] + "/" + arguments.get()[3])
            .collect(Collectors.toSet());
        for (final AttackVector vector : AttackVector.values())
        {
            assertTrue(covered.contains(vector.family() + "/" + vector.subtype()), vector + " has no scenario");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attackClasses")
    void shouldOpenOneIncidentOfTheAttackClassAndResolveAfterIt(
        final String name,
        final BiConsumer<SyntheticTrafficSample, Long> attack,
        final String family,
        final String subtype)
    {
        final RecordingListener listener = run(settings(), attack);

        final List<RecordingListener.Seen> opens = listener.ofType(IncidentEvent.Type.OPEN);
        final List<RecordingListener.Seen> resolves = listener.ofType(IncidentEvent.Type.RESOLVE);
        assertEquals(1, opens.size(), () -> "opens: " + listener.events);
        assertEquals(1, resolves.size(), () -> "resolves: " + listener.events);

        final RecordingListener.Seen open = opens.get(0);
        assertEquals(family, open.family(), open::json);
        assertEquals(subtype, open.subtype(), open::json);
        final long attackStartMillis = (T0 + WARM_SECONDS) * 1000;
        assertTrue(Math.abs(open.startedAtMillis() - attackStartMillis) <= 2000, open::json);
        assertTrue(open.tsMillis() - attackStartMillis <= 3000, open::json);

        final RecordingListener.Seen resolve = resolves.get(0);
        assertEquals(Detector.REASON_BELOW_THRESHOLD, resolve.reason());
        assertEquals(family, resolve.family(), resolve::json);
        assertEquals(subtype, resolve.subtype(), resolve::json);
        final long attackEndMillis = (T0 + WARM_SECONDS + ATTACK_SECONDS) * 1000;
        assertTrue(Math.abs(resolve.endedAtMillis() - attackEndMillis) <= 1000, resolve::json);
        final long holddownMillis = settings().attackHolddownSeconds() * 1000L;
        assertTrue(resolve.tsMillis() - attackEndMillis <= holddownMillis + 3000, resolve::json);
        assertTrue(open.confidence() >= 50, open::json);
    }

    /** Issue #4: the log says when the baseline is warming up (only the floors apply) and when it is ready. */
    @Test
    void shouldLogThatTheBaselineIsWarmingUpAndThenThatItIsReady()
    {
        final List<String> lines = new ArrayList<>();
        final Handler handler = new Handler()
        {
            @Override
            public void publish(final LogRecord record)
            {
                lines.add(record.getMessage());
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        final Logger logger = Logger.getLogger(Detector.class.getName());
        final Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addHandler(handler);
        try
        {
            final Detector detector = new Detector(settings(), new RecordingListener());
            final SyntheticTrafficSample sample = new SyntheticTrafficSample();
            // A 5-minute window is warm once 30 seconds are learned: after the tick of second 29.
            for (int t = 0; t < 29; t++)
            {
                benign(sample.clear(T0 + t), T0 + t, BENIGN_PPS);
                detector.onTick(T0 + t, sample);
                assertTrue(detector.status().contains("baseline warming up"), detector.status());
            }
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("baseline warming up") && lines.get(0).contains("only the floors apply"),
                lines.get(0));

            benign(sample.clear(T0 + 29), T0 + 29, BENIGN_PPS);
            detector.onTick(T0 + 29, sample);
            assertTrue(detector.status().contains("baseline ready"), detector.status());
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(1).contains("baseline ready"), lines.get(1));
        }
        finally
        {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
    }

    @Test
    void shouldReportTwoVectorsWithTheirSharesForAMultiVectorAttack()
    {
        final RecordingListener listener = run(settings(), (s, t) ->
        {
            tcpFlood(s, FLAGS_SYN, 24_000);
            amplification(s, 53, 16_000, 1400);
        });

        final List<RecordingListener.Seen> opens = listener.ofType(IncidentEvent.Type.OPEN);
        assertEquals(1, opens.size(), () -> "" + listener.events);
        final RecordingListener.Seen open = opens.get(0);
        assertEquals("multi_vector", open.family(), open::json);
        assertEquals("syn", open.subtype(), open::json);
        assertEquals(List.of("syn", "dns_amplification"), open.vectors(), open::json);
    }

    @Test
    void shouldClassifyTheExcessNotTheBenignDnsAnswersAlreadyThere()
    {
        // Benign traffic is 10% DNS answers; a SYN flood must not make any DNS vector appear.
        final RecordingListener listener = run(settings(), (s, t) -> tcpFlood(s, FLAGS_SYN, 12_000));

        final RecordingListener.Seen open = listener.ofType(IncidentEvent.Type.OPEN).get(0);
        assertEquals("tcp_flood", open.family(), open::json);
        assertEquals(List.of("syn"), open.vectors(), open::json);
    }

    @Test
    void shouldNotOpenForASpikeShorterThanTheConfirmation()
    {
        final RecordingListener listener = run(settings(), (s, t) ->
        {
            if (t == T0 + WARM_SECONDS)
            {
                tcpFlood(s, FLAGS_SYN, 15_000);
            }
        });

        assertEquals(List.of(), listener.events);
    }

    @Test
    void shouldFollowASlowRiseWithoutAnyIncident()
    {
        final RecordingListener listener = new RecordingListener();
        final Detector detector = new Detector(settings(), listener);
        final SyntheticTrafficSample sample = new SyntheticTrafficSample();
        // 2,000 pps to 20,000 pps over 40 minutes (eight baseline windows): well above the first threshold.
        final int seconds = 2400;
        for (int t = 0; t < seconds; t++)
        {
            final long second = T0 + t;
            benign(sample.clear(second), second, 2_000 + 18_000L * t / seconds);
            detector.onTick(second, sample);
        }

        assertEquals(List.of(), listener.events);
        assertTrue(detector.ppsThreshold() > 3 * 18_000, detector.status());
    }

    @Test
    void shouldEndAnIncidentWhenAStepLastsLongerThanTheWindowAndNotReopen()
    {
        final DetectionSettings settings = settings();
        final int window = settings.baselineWindowSeconds();
        final RecordingListener listener = new RecordingListener();
        final Detector detector = new Detector(settings, listener);
        final SyntheticTrafficSample sample = new SyntheticTrafficSample();
        final int stepAt = 400;
        final int seconds = stepAt + 3 * window;
        for (int t = 0; t < seconds; t++)
        {
            final long second = T0 + t;
            benign(sample.clear(second), second, t < stepAt ? 2_000 : 20_000);
            detector.onTick(second, sample);
        }

        final List<RecordingListener.Seen> opens = listener.ofType(IncidentEvent.Type.OPEN);
        final List<RecordingListener.Seen> resolves = listener.ofType(IncidentEvent.Type.RESOLVE);
        assertEquals(1, opens.size(), () -> "" + listener.events);
        assertEquals(1, resolves.size(), () -> "" + listener.events);
        assertEquals(Detector.REASON_BASELINE_ADAPTED, resolves.get(0).reason());
        assertEquals((T0 + stepAt + window) * 1000, resolves.get(0).endedAtMillis());
        assertTrue(!detector.incidentOpen());
        assertTrue(detector.ppsThreshold() > 20_000, detector.status());
    }

    @Test
    void shouldResolveAnIncidentStillOpenAtTheEndAsTruncated()
    {
        final RecordingListener listener = new RecordingListener();
        final Detector detector = new Detector(settings(), listener);
        final SyntheticTrafficSample sample = new SyntheticTrafficSample();
        for (int t = 0; t < WARM_SECONDS + 5; t++)
        {
            final long second = T0 + t;
            benign(sample.clear(second), second, BENIGN_PPS);
            if (t >= WARM_SECONDS)
            {
                tcpFlood(sample, FLAGS_SYN, 30_000);
            }
            detector.onTick(second, sample);
        }
        final long lastPacketMillis = (T0 + WARM_SECONDS + 4) * 1000 + 730;
        detector.finish(lastPacketMillis);

        final RecordingListener.Seen last = listener.events.get(listener.events.size() - 1);
        assertEquals(IncidentEvent.Type.RESOLVE, last.type());
        assertTrue(last.truncated());
        assertEquals(Detector.REASON_END_OF_INPUT, last.reason());
        assertEquals(lastPacketMillis, last.endedAtMillis());
    }

    @Test
    void shouldUpdateEveryMetricsIntervalWhileOpen()
    {
        final RecordingListener listener = run(settings(), (s, t) -> tcpFlood(s, FLAGS_SYN, 30_000));

        final List<RecordingListener.Seen> updates = listener.ofType(IncidentEvent.Type.UPDATE);
        final RecordingListener.Seen open = listener.ofType(IncidentEvent.Type.OPEN).get(0);
        assertTrue(updates.size() >= ATTACK_SECONDS / settings().metricsInterval() - 1, () -> "" + updates);
        long previous = open.tsMillis();
        for (final RecordingListener.Seen update : updates)
        {
            assertEquals(settings().metricsInterval() * 1000L, update.tsMillis() - previous);
            assertEquals(open.id(), update.id());
            previous = update.tsMillis();
        }
    }

    @Test
    void shouldOpenOnAProtectedDestinationAboveItsOwnThresholdWhileTheTotalStaysBelow()
    {
        final long protectedHost = ipv4(198, 18, 5, 7);
        final BiConsumer<SyntheticTrafficSample, Long> attack = (s, t) ->
        {
            for (int i = 0; i < 8; i++)
            {
                s.flow(SyntheticTrafficSample.UDP, 0, 20000 + i, 9999, ipv4(203, 0, 113, i), protectedHost, 500, 200);
            }
        };
        final DetectionSettings unprotected = settings().toBuilder().minPpsThreshold(3_000).build();
        final DetectionSettings protectedSettings =
            unprotected.toBuilder().protectedPrefixes(List.of("198.18.5.0/24")).build();

        assertEquals(List.of(), run(unprotected, attack).events);

        final RecordingListener listener = run(protectedSettings, attack);
        final List<RecordingListener.Seen> opens = listener.ofType(IncidentEvent.Type.OPEN);
        assertEquals(1, opens.size(), () -> "" + listener.events);
        assertEquals("udp_generic", opens.get(0).subtype(), opens.get(0)::json);
        assertTrue(opens.get(0).json().contains("\"ip\":\"198.18.5.7\""), opens.get(0)::json);
        assertTrue(opens.get(0).json().contains("\"protected_victim_peak_pps\":4000"), opens.get(0)::json);
        assertEquals(1, listener.ofType(IncidentEvent.Type.RESOLVE).size());
    }

    @Test
    void shouldOpenOnAProtectedIpv6DestinationFoundBehindItsDigest()
    {
        // 2001:db8:5::7, as the decoder records it behind the record's 32-bit destination digest.
        final long high = 0x2001_0db8_0005_0000L;
        final long low = 7L;
        final int digest = Ipv6Digest.destination(high, low);
        final Ipv6AddressBook book = new Ipv6AddressBook();
        book.recordDestination(digest, high, low);
        final BiConsumer<SyntheticTrafficSample, Long> attack = (s, t) ->
        {
            for (int i = 0; i < 8; i++)
            {
                s.flow(SyntheticTrafficSample.UDP, 0, 20000 + i, 9999, Long.MIN_VALUE | (0xABCD00L + i),
                    Integer.toUnsignedLong(digest), 500, 200);
            }
        };
        final DetectionSettings protectedSettings = settings().toBuilder().minPpsThreshold(3_000)
            .protectedPrefixes(List.of("2001:db8:5::/48")).build();

        assertEquals(List.of(), run(protectedSettings, attack, List.of()).events, "no book: the digest cannot match");

        final RecordingListener listener = run(protectedSettings, attack, List.of(new Ipv6AddressBook(), book));
        final List<RecordingListener.Seen> opens = listener.ofType(IncidentEvent.Type.OPEN);
        assertEquals(1, opens.size(), () -> "" + listener.events);
        assertEquals("udp_generic", opens.get(0).subtype(), opens.get(0)::json);
        assertTrue(opens.get(0).json().contains("\"protected_victim_peak_pps\":4000"), opens.get(0)::json);
        assertEquals(1, listener.ofType(IncidentEvent.Type.RESOLVE).size());
    }

    @Test
    void shouldKeepDetectingWhenAListenerThrows()
    {
        final Detector detector = new Detector(settings(), e ->
        {
            throw new IllegalStateException("listener broke");
        });
        final SyntheticTrafficSample sample = new SyntheticTrafficSample();
        for (int t = 0; t < WARM_SECONDS + 10; t++)
        {
            final long second = T0 + t;
            benign(sample.clear(second), second, BENIGN_PPS);
            if (t >= WARM_SECONDS)
            {
                tcpFlood(sample, FLAGS_SYN, 30_000);
            }
            detector.onTick(second, sample);
        }

        assertTrue(detector.incidentOpen());
        assertTrue(detector.listenerErrors() >= 1);
    }
}
