package com.flowtriq.ftagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableOutboxTest
{
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000_000);

    private OutboxSettings settings()
    {
        return OutboxSettings.defaults(dir.resolve("outbox")).withBackoff(100, 1000, 5000);
    }

    private DurableOutbox outbox(final OutboxSettings settings, final Destination... destinations) throws IOException
    {
        return new DurableOutbox(settings, List.of(destinations), clock::get, new Random(42));
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void runFor(final DurableOutbox outbox, final long millis, final long step)
    {
        final long end = clock.get() + millis;
        while (clock.get() < end)
        {
            outbox.doWork(clock.get());
            clock.addAndGet(step);
        }
        outbox.doWork(clock.get());
    }

    private long entryFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir.resolve("outbox")))
        {
            return files.filter((p) -> p.toString().endsWith(".ent")).count();
        }
    }

    @Test
    void shouldPersistEntryBeforeFirstDeliveryAttempt() throws IOException
    {
        final List<Long> filesSeenAtAttempt = new ArrayList<>();
        final Destination probe = new Destination()
        {
            public String channel()
            {
                return "api";
            }

            public DeliveryResult deliver(final OutboxEntry entry)
            {
                try
                {
                    filesSeenAtAttempt.add(entryFiles());
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(ex);
                }
                return DeliveryResult.delivered();
            }
        };
        final DurableOutbox outbox = outbox(settings(), probe);
        outbox.submit(OutboxEntryKind.INCIDENT_OPEN, "api", "i1", bytes("open"));
        outbox.doWork(clock.get());

        assertEquals(List.of(1L), filesSeenAtAttempt);
        assertEquals(0, entryFiles());
        assertEquals(1, outbox.counters().delivered.get());
    }

    @Test
    void shouldDeliverEveryEntryOnceInOrderAcrossTransientFailures() throws IOException
    {
        final ScriptedDestination api = new ScriptedDestination("api", clock::get)
            .then(DeliveryResult.retry(0, 0, "refused"), 3)
            .then(DeliveryResult.delivered(), 1)
            .then(DeliveryResult.retry(503, 0, "busy"), 2);
        final DurableOutbox outbox = outbox(settings(), api);
        final List<String> expected = List.of("open-a", "open-b", "update-a", "resolve-a", "update-b");
        for (final String body : expected)
        {
            outbox.submit(OutboxEntryKind.INCIDENT_UPDATE, "api", body.substring(body.indexOf('-') + 1), bytes(body));
        }
        runFor(outbox, 20_000, 10);

        assertEquals(expected, api.delivered);
        assertEquals(5, outbox.counters().deliveryFailures.get());
        assertEquals(0, outbox.counters().depth.get());
        assertEquals(0, entryFiles());
    }

    @Test
    void shouldWaitAtLeastRetryAfterBeforeNextAttempt() throws IOException
    {
        final ScriptedDestination api = new ScriptedDestination("api", clock::get)
            .then(DeliveryResult.retry(503, 4_000, "Retry-After: 4"), 1);
        final DurableOutbox outbox = outbox(settings(), api);
        outbox.submit(OutboxEntryKind.INCIDENT_OPEN, "api", "i1", bytes("open"));
        runFor(outbox, 10_000, 10);

        assertEquals(2, api.attemptTimes.size());
        assertTrue(api.attemptTimes.get(1) - api.attemptTimes.get(0) >= 4_000, api.attemptTimes.toString());
    }

    @Test
    void shouldBackOffExponentiallyWithinJitterBounds() throws IOException
    {
        final ScriptedDestination api = new ScriptedDestination("api", clock::get)
            .then(DeliveryResult.retry(0, 0, "refused"), 4);
        final OutboxSettings settings = settings().withBackoff(100, 10_000, 60_000);
        final DurableOutbox outbox = outbox(settings, api);
        outbox.submit(OutboxEntryKind.INCIDENT_OPEN, "api", "i1", bytes("open"));
        runFor(outbox, 20_000, 1);

        final List<Long> t = api.attemptTimes;
        assertEquals(5, t.size());
        for (int i = 1; i < t.size(); i++)
        {
            final long ceiling = 100L << (i - 1);
            final long gap = t.get(i) - t.get(i - 1);
            assertTrue(gap >= ceiling / 2 && gap <= ceiling + 1, "gap " + i + " = " + gap + " ceiling " + ceiling);
        }
    }

    @Test
    void shouldOpenBreakerAfterFiveFailuresThenLetOneProbeThrough() throws IOException
    {
        final ScriptedDestination api = new ScriptedDestination("api", clock::get)
            .then(DeliveryResult.retry(0, 0, "refused"), 6);
        final DurableOutbox outbox = outbox(settings().withBackoff(10, 20, 5_000), api);
        outbox.submit(OutboxEntryKind.INCIDENT_OPEN, "api", "i1", bytes("open"));
        runFor(outbox, 1_000, 1);

        assertEquals(5, api.attempts.size());
        assertEquals(CircuitBreaker.State.OPEN, outbox.breakerState("api"));

        runFor(outbox, 4_500, 1);
        assertEquals(6, api.attempts.size(), "one half-open probe after the open period");
        assertEquals(CircuitBreaker.State.OPEN, outbox.breakerState("api"), "failed probe re-opens");
        assertTrue(api.attemptTimes.get(5) - api.attemptTimes.get(4) >= 5_000);

        runFor(outbox, 5_100, 1);
        assertEquals(List.of("open"), api.delivered);
        assertEquals(CircuitBreaker.State.CLOSED, outbox.breakerState("api"));
    }

    @Test
    void shouldReplayStoredEntriesAfterRestart() throws IOException
    {
        final ScriptedDestination down = new ScriptedDestination("api", clock::get)
            .then(DeliveryResult.retry(0, 0, "refused"), 100);
        final DurableOutbox first = outbox(settings(), down);
        for (int i = 0; i < 10; i++)
        {
            first.submit(OutboxEntryKind.INCIDENT_UPDATE, "api", "i1", bytes("u" + i));
        }
        first.doWork(clock.get());
        assertEquals(10, entryFiles());

        final ScriptedDestination up = new ScriptedDestination("api", clock::get);
        final DurableOutbox second = outbox(settings(), up);
        assertEquals(10, second.counters().replayed.get());
        second.doWork(clock.get());
        second.submit(OutboxEntryKind.INCIDENT_RESOLVE, "api", "i1", bytes("r"));
        second.doWork(clock.get());

        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            expected.add("u" + i);
        }
        expected.add("r");
        assertEquals(expected, up.delivered);
        assertEquals(0, entryFiles());
    }

    @Test
    void shouldDropOldestSamplesButKeepIncidentEventsWhenFull() throws IOException
    {
        final ScriptedDestination down = new ScriptedDestination("api", clock::get)
            .then(DeliveryResult.retry(0, 0, "refused"), 1_000);
        final byte[] payload = new byte[1000];
        final long entryLength = OutboxStore.storedLength(new OutboxEntry(0, OutboxEntryKind.METRICS_SAMPLE, "api",
            "", 0, payload));
        final DurableOutbox outbox = outbox(settings().withMaxBytes(entryLength * 10), down);
        for (int i = 0; i < 8; i++)
        {
            outbox.submit(OutboxEntryKind.METRICS_SAMPLE, "api", "", payload);
        }
        outbox.persistSubmissions();
        for (int i = 0; i < 12; i++)
        {
            // Same stored length as a sample (no incident id) so the arithmetic stays plain: 10 fit, 2 do not.
            outbox.submit(OutboxEntryKind.INCIDENT_UPDATE, "api", "", payload);
        }
        outbox.persistSubmissions();
        outbox.submit(OutboxEntryKind.METRICS_SAMPLE, "api", "", payload);
        outbox.persistSubmissions();

        assertEquals(9, outbox.counters().samplesDroppedTotal(), "8 stored samples evicted, the new one refused");
        assertEquals(12, outbox.pendingCount("api"));
        for (final OutboxEntry entry : outbox.pendingSnapshot("api"))
        {
            assertEquals(OutboxEntryKind.INCIDENT_UPDATE, entry.kind());
        }
        assertEquals(2, outbox.counters().keptOverLimit.get());
        assertEquals(12, entryFiles());
    }

    @Test
    void shouldNotDropSampleWhileItsDeliveryIsInFlightOnItsChannelThread() throws Exception
    {
        final CountDownLatch inFlight = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Destination blocking = new Destination()
        {
            @Override
            public String channel()
            {
                return "api";
            }

            @Override
            public DeliveryResult deliver(final OutboxEntry entry)
            {
                final String body = new String(entry.body(), StandardCharsets.UTF_8);
                if (body.startsWith("s0"))
                {
                    inFlight.countDown();
                    try
                    {
                        if (!release.await(20, TimeUnit.SECONDS))
                        {
                            return DeliveryResult.retry(0, 0, "test never released the delivery");
                        }
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                        return DeliveryResult.retry(0, 0, "interrupted");
                    }
                }
                delivered.add(body);
                return DeliveryResult.delivered();
            }
        };
        final byte[] padding = new byte[1000];
        final long entryLength = OutboxStore.storedLength(new OutboxEntry(0, OutboxEntryKind.METRICS_SAMPLE, "api",
            "", 0, sample("s0", padding)));
        final DurableOutbox outbox = outbox(settings().withMaxBytes(entryLength * 10), blocking);
        outbox.submit(OutboxEntryKind.METRICS_SAMPLE, "api", "", sample("s0", padding));
        outbox.persistSubmissions();
        final Thread channelThread = Thread.ofPlatform().name("test-deliver-api")
            .start(() -> outbox.pumpChannel("api", clock.get()));
        assertTrue(inFlight.await(20, TimeUnit.SECONDS), "s0 delivery never started");

        for (int i = 1; i <= 9; i++)
        {
            outbox.submit(OutboxEntryKind.METRICS_SAMPLE, "api", "", sample("s" + i, padding));
        }
        outbox.persistSubmissions();
        outbox.submit(OutboxEntryKind.METRICS_SAMPLE, "api", "", sample("s10", padding));
        outbox.persistSubmissions();

        assertEquals(1, outbox.counters().samplesDropped.get(), "the 11th entry needs room for one");
        assertEquals(10, outbox.pendingCount("api"));
        release.countDown();
        channelThread.join();
        outbox.pumpChannel("api", clock.get());

        assertEquals(List.of("s0", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10"),
            delivered.stream().map((b) -> b.substring(0, b.indexOf('|'))).toList(),
            "the in-flight s0 is delivered once, the oldest pending sample s1 was dropped");
        assertEquals(0, outbox.pendingCount("api"));
        assertEquals(0, outbox.counters().depth.get());
        assertEquals(0, outbox.counters().storedBytes.get());
        assertEquals(0, entryFiles());
    }

    private static byte[] sample(final String name, final byte[] padding)
    {
        final byte[] head = bytes(name + "|");
        final byte[] body = java.util.Arrays.copyOf(head, 1000);
        System.arraycopy(padding, 0, body, head.length, body.length - head.length);
        return body;
    }

    @Test
    void shouldRefuseSamplesAtHandoffWhenItIsFullButNeverIncidentEvents() throws IOException
    {
        final OutboxSettings small = new OutboxSettings(dir.resolve("outbox"), 1 << 20, 2, 10, 20, 5, 100, 64, 60_000);
        final DurableOutbox outbox = outbox(small, new ScriptedDestination("api", clock::get));
        assertTrue(outbox.submit(OutboxEntryKind.METRICS_SAMPLE, "api", "", bytes("s1")));
        assertTrue(outbox.submit(OutboxEntryKind.METRICS_SAMPLE, "api", "", bytes("s2")));
        assertFalse(outbox.submit(OutboxEntryKind.METRICS_SAMPLE, "api", "", bytes("s3")));
        for (int i = 0; i < 100; i++)
        {
            assertTrue(outbox.submit(OutboxEntryKind.INCIDENT_UPDATE, "api", "i", bytes("u")));
        }
        assertEquals(1, outbox.counters().handoffSamplesDropped.get());
    }

    @Test
    void shouldSetRejectedEntryAsideWithServerMessageAndGoOn() throws IOException
    {
        final ScriptedDestination api = new ScriptedDestination("api", clock::get)
            .then(DeliveryResult.dead(422, "peak_pps must be a number"), 1);
        final DurableOutbox outbox = outbox(settings(), api);
        outbox.submit(OutboxEntryKind.INCIDENT_OPEN, "api", "i1", bytes("bad"));
        outbox.submit(OutboxEntryKind.INCIDENT_OPEN, "api", "i2", bytes("good"));
        outbox.doWork(clock.get());

        assertEquals(List.of("good"), api.delivered);
        assertEquals(1, outbox.counters().deadLettered.get());
        final Path dead = dir.resolve("outbox").resolve("dead");
        final String reason = Files.readString(dead.resolve(OutboxStore.fileName(0) + ".reason"));
        assertTrue(reason.contains("status=422") && reason.contains("peak_pps must be a number"), reason);
        final OutboxEntry kept = OutboxEntryCodec.decode(Files.readAllBytes(dead.resolve(OutboxStore.fileName(0) +
            ".ent")));
        assertNotNull(kept);
        assertEquals("bad", new String(kept.body(), StandardCharsets.UTF_8));
        assertEquals(CircuitBreaker.State.CLOSED, outbox.breakerState("api"));
    }

    @Test
    void shouldSetCorruptFileAsideOnReplayAndDeliverTheRest() throws IOException
    {
        final ScriptedDestination down = new ScriptedDestination("api", clock::get)
            .then(DeliveryResult.retry(0, 0, "refused"), 100);
        final DurableOutbox first = outbox(settings(), down);
        first.submit(OutboxEntryKind.INCIDENT_OPEN, "api", "i1", bytes("a"));
        first.submit(OutboxEntryKind.INCIDENT_OPEN, "api", "i2", bytes("b"));
        first.persistSubmissions();
        final Path torn = dir.resolve("outbox").resolve(OutboxStore.fileName(0) + ".ent");
        final byte[] content = Files.readAllBytes(torn);
        Files.write(torn, java.util.Arrays.copyOf(content, content.length - 3));

        final ScriptedDestination up = new ScriptedDestination("api", clock::get);
        final DurableOutbox second = outbox(settings(), up);
        second.doWork(clock.get());

        assertEquals(1, second.counters().corruptEntries.get());
        assertEquals(List.of("b"), up.delivered);
    }

    @Test
    void shouldKeepChannelsIndependentWhenOneIsDown() throws IOException
    {
        final ScriptedDestination api = new ScriptedDestination("api", clock::get)
            .then(DeliveryResult.retry(0, 0, "refused"), 100);
        final ScriptedDestination slack = new ScriptedDestination("slack", clock::get);
        final DurableOutbox outbox = outbox(settings(), api, slack);
        outbox.submit(OutboxEntryKind.INCIDENT_OPEN, "api", "i1", bytes("a"));
        outbox.submit(OutboxEntryKind.NOTIFICATION, "slack", "i1", bytes("s"));
        outbox.doWork(clock.get());

        assertEquals(List.of("s"), slack.delivered);
        assertEquals(1, outbox.pendingCount("api"));
    }

    @Test
    void shouldDropSamplesTooOldWhenTheirTurnComesButSendIncidentEvents() throws IOException
    {
        final ScriptedDestination api = new ScriptedDestination("api", clock::get)
            .then(DeliveryResult.retry(0, 60_000, "down"), 1);
        final DurableOutbox outbox = outbox(settings().withBackoff(10, 20, 1_000).withSampleMaxAge(30_000), api);
        outbox.submit(OutboxEntryKind.INCIDENT_OPEN, "api", "i1", bytes("open"));
        outbox.submit(OutboxEntryKind.METRICS_SAMPLE, "api", "", bytes("old-sample"));
        outbox.doWork(clock.get());
        clock.addAndGet(60_000);
        outbox.submit(OutboxEntryKind.METRICS_SAMPLE, "api", "", bytes("fresh-sample"));
        outbox.doWork(clock.get());

        assertEquals(List.of("open", "fresh-sample"), api.delivered);
        assertEquals(1, outbox.counters().samplesExpired.get());
        assertEquals(0, entryFiles());
    }

    @Test
    void shouldRoundTripEntryThroughCodecAndRejectFlippedByte()
    {
        final OutboxEntry entry = new OutboxEntry(7, OutboxEntryKind.PCAP_UPLOAD, "api", "inc-\u00e9", 123,
            bytes("{\"x\":1}"));
        final byte[] encoded = OutboxEntryCodec.encode(entry);
        final OutboxEntry decoded = OutboxEntryCodec.decode(encoded);
        assertNotNull(decoded);
        assertEquals(7, decoded.sequence());
        assertEquals(OutboxEntryKind.PCAP_UPLOAD, decoded.kind());
        assertEquals("inc-\u00e9", decoded.incidentId());
        assertEquals(123, decoded.createdAtMillis());
        assertEquals("{\"x\":1}", new String(decoded.body(), StandardCharsets.UTF_8));

        encoded[encoded.length / 2] ^= 1;
        assertNull(OutboxEntryCodec.decode(encoded));
        assertNull(OutboxEntryCodec.decode(new byte[3]));
    }
}
