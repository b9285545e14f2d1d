package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Every message that must arrive goes through here: appended to disk before it is sent, removed only after a
 * 2xx, retried with backoff and a circuit breaker per channel, replayed after a restart.
 * <p>
 * <b>Threads.</b> {@link #submit} may be called from any thread (the detection thread, mitigation, the pcap
 * writer): it only offers to a lock-free in-memory hand-off and never touches the disk or the network. Everything
 * else, {@link #doWork} included, runs on the single reporting thread. Counters are readable from any thread.
 * <p>
 * <b>Order.</b> Each channel delivers strictly in submission order, one entry at a time: the head must succeed
 * (or be rejected for good) before the next goes. So an incident's update never overtakes its open, and a
 * resolve is not sent before the open's reply gave the server's uuid. This is stricter than per-incident order
 * and costs nothing in practice: when the server fails, it fails for every incident alike.
 * <p>
 * <b>Bound.</b> Stored bytes are kept under {@link OutboxSettings#maxBytes()} by dropping the oldest droppable
 * entries (samples) first. Incident events, uploads, acks and notifications are never dropped; when only they
 * remain, they are kept over the bound and counted.
 * <p>
 * <b>Rejections.</b> A 4xx other than 408/429 is not retried: the entry goes to {@code dead/} with the status
 * and server message beside it.
 */
public final class DurableOutbox implements ReportTask
{
    private static final System.Logger LOG = System.getLogger(DurableOutbox.class.getName());
    /** A Retry-After beyond this is treated as this: a broken server must not silence us for days. */
    public static final long MAX_RETRY_AFTER_MILLIS = 3_600_000;

    private record Submission(OutboxEntryKind kind, String channel, String incidentId, long createdAt, byte[] body)
    {
    }

    private final OutboxSettings settings;
    private final OutboxStore store;
    private final LongSupplier clockMillis;
    private final Backoff backoff;
    private final OutboxCounters counters = new OutboxCounters();
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Submission> handoff = new ConcurrentLinkedQueue<>();
    private final AtomicInteger handoffDroppable = new AtomicInteger();
    private final ArrayDeque<OutboxEntry> droppableOrder = new ArrayDeque<>();
    private final List<OutboxEntry> batch = new ArrayList<>();
    private long nextSequence;

    /**
     * Opens the outbox directory and loads what a previous run left, ready to be replayed by {@link #doWork}.
     *
     * @param settings     tuning.
     * @param destinations one per channel.
     * @param clockMillis  wall clock.
     * @param random       jitter source.
     * @throws IOException if the directory cannot be created or listed.
     */
    public DurableOutbox(
        final OutboxSettings settings,
        final List<? extends Destination> destinations,
        final LongSupplier clockMillis,
        final RandomGenerator random) throws IOException
    {
        this.settings = settings;
        this.clockMillis = clockMillis;
        this.store = new OutboxStore(settings.directory());
        this.backoff = new Backoff(settings.backoffBaseMillis(), settings.backoffMaxMillis(), random);
        for (final Destination destination : destinations)
        {
            if (lanes.put(destination.channel(), new Lane(destination)) != null)
            {
                throw new IllegalArgumentException("two destinations for channel " + destination.channel());
            }
        }
        replay();
    }

    /**
     * Hands an entry to the outbox. Never blocks and never does I/O. A droppable entry (a sample) is refused and
     * counted when the hand-off already holds {@link OutboxSettings#handoffCapacity()} samples; any other entry
     * is always accepted.
     *
     * @param kind       what it carries.
     * @param channel    destination channel; must be one this outbox was built with.
     * @param incidentId local incident id or "".
     * @param body       payload, owned by the outbox from now on.
     * @return true if accepted, false if a sample was dropped.
     * @throws IllegalArgumentException if the channel is unknown (a wiring error).
     */
    public boolean submit(
        final OutboxEntryKind kind, final String channel, final String incidentId, final byte[] body)
    {
        if (!lanes.containsKey(channel))
        {
            throw new IllegalArgumentException("unknown channel: " + channel);
        }
        if (kind.isDroppable())
        {
            if (handoffDroppable.incrementAndGet() > settings.handoffCapacity())
            {
                handoffDroppable.decrementAndGet();
                counters.handoffSamplesDropped.incrementAndGet();
                return false;
            }
        }
        handoff.offer(new Submission(kind, channel, incidentId, clockMillis.getAsLong(), body));
        counters.submitted.incrementAndGet();
        return true;
    }

    /**
     * Lets a best-effort request that bypasses the outbox (heartbeat, config poll) share the channel's breaker:
     * it is refused while the breaker is open, and may be the half-open probe, so the breaker recovers even
     * when no entry is queued. A true return must be followed by {@link #recordChannelOutcome}. Outbox thread.
     *
     * @param channel   the channel.
     * @param nowMillis current time.
     * @return true if the request may go now.
     */
    public boolean tryAcquireChannel(final String channel, final long nowMillis)
    {
        final Lane lane = lanes.get(channel);
        return lane != null && lane.breaker.tryAcquire(nowMillis);
    }

    /**
     * @param channel   the channel a request acquired through {@link #tryAcquireChannel} went to.
     * @param reachable true if the server answered (any status below 500 other than 408/429).
     * @param nowMillis current time.
     */
    public void recordChannelOutcome(final String channel, final boolean reachable, final long nowMillis)
    {
        final Lane lane = lanes.get(channel);
        if (lane != null)
        {
            if (reachable)
            {
                lane.breaker.onSuccess();
            }
            else
            {
                lane.breaker.onFailure(nowMillis);
            }
        }
    }

    /**
     * @param channel a channel.
     * @return its breaker state, or null if unknown.
     */
    public CircuitBreaker.State breakerState(final String channel)
    {
        final Lane lane = lanes.get(channel);
        return lane == null ? null : lane.breaker.state();
    }

    /**
     * @return channel names in construction order.
     */
    public List<String> channels()
    {
        return List.copyOf(lanes.keySet());
    }

    /**
     * @param channel a channel.
     * @return entries stored for it and not yet settled; read on the outbox thread for exact values.
     */
    public int pendingCount(final String channel)
    {
        final Lane lane = lanes.get(channel);
        return lane == null ? 0 : lane.depth;
    }

    public OutboxCounters counters()
    {
        return counters;
    }

    public OutboxStore store()
    {
        return store;
    }

    /**
     * One pass: persist what was submitted (one fsync'd batch), then let each channel deliver what is due.
     */
    @Override
    public int doWork(final long nowMillis)
    {
        int work = persistSubmissions();
        for (final Lane lane : lanes.values())
        {
            work += lane.pump(nowMillis);
        }
        return work;
    }

    /**
     * Writes what is in the hand-off to disk, on the calling (outbox) thread. Used by {@link #doWork} and by
     * tests that need entries on disk without delivering them.
     *
     * @return entries persisted.
     */
    public int persistSubmissions()
    {
        batch.clear();
        Submission submission;
        while (batch.size() < settings.maxBatch() && (submission = handoff.poll()) != null)
        {
            if (submission.kind().isDroppable())
            {
                handoffDroppable.decrementAndGet();
            }
            final OutboxEntry entry = new OutboxEntry(
                nextSequence++, submission.kind(), submission.channel(), submission.incidentId(),
                submission.createdAt(), submission.body());
            if (makeRoom(entry))
            {
                // Reserve the bytes now, so later entries of the same batch see them.
                counters.storedBytes.addAndGet(OutboxStore.storedLength(entry));
                batch.add(entry);
            }
        }
        if (batch.isEmpty())
        {
            return 0;
        }
        try
        {
            store.appendBatch(batch);
            counters.persisted.addAndGet(batch.size());
            counters.diskFailing.set(0);
        }
        catch (final IOException ex)
        {
            // Still deliver from memory: losing durability beats losing the event.
            counters.storeErrors.incrementAndGet();
            counters.diskFailing.set(1);
            LOG.log(System.Logger.Level.ERROR, "outbox write failed, entries held in memory only: " + ex);
        }
        for (int i = 0, size = batch.size(); i < size; i++)
        {
            accept(batch.get(i));
        }
        return batch.size();
    }

    private void replay() throws IOException
    {
        final List<OutboxEntry> entries = store.loadAll((path) ->
        {
            counters.corruptEntries.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "corrupt outbox entry set aside: " + path);
        });
        long maxSequence = -1;
        for (final OutboxEntry entry : entries)
        {
            maxSequence = Math.max(maxSequence, entry.sequence());
            if (!lanes.containsKey(entry.channel()))
            {
                store.moveToDead(entry.sequence(), "no destination configured for channel " + entry.channel());
                counters.deadLettered.incrementAndGet();
                continue;
            }
            counters.storedBytes.addAndGet(OutboxStore.storedLength(entry));
            accept(entry);
            counters.replayed.incrementAndGet();
        }
        nextSequence = maxSequence + 1;
        if (!entries.isEmpty())
        {
            LOG.log(System.Logger.Level.INFO, "outbox replays " + counters.replayed.get() + " entries");
        }
    }

    private void accept(final OutboxEntry entry)
    {
        lanes.get(entry.channel()).add(entry);
        if (entry.kind().isDroppable())
        {
            droppableOrder.addLast(entry);
        }
        counters.depth.incrementAndGet();
    }

    /**
     * @return false if the new entry itself must be dropped.
     */
    private boolean makeRoom(final OutboxEntry entry)
    {
        final long length = OutboxStore.storedLength(entry);
        while (counters.storedBytes.get() + length > settings.maxBytes())
        {
            final OutboxEntry victim = pollOldestDroppable();
            if (victim == null)
            {
                break;
            }
            lanes.get(victim.channel()).remove(victim);
            settle(victim);
            deleteQuietly(victim);
            counters.samplesDropped.incrementAndGet();
        }
        if (counters.storedBytes.get() + length <= settings.maxBytes())
        {
            return true;
        }
        if (entry.kind().isDroppable())
        {
            counters.samplesDropped.incrementAndGet();
            return false;
        }
        counters.keptOverLimit.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "outbox over its bound, keeping " + entry);
        return true;
    }

    private OutboxEntry pollOldestDroppable()
    {
        OutboxEntry entry;
        while ((entry = droppableOrder.pollFirst()) != null)
        {
            if (!entry.isSettled())
            {
                return entry;
            }
        }
        return null;
    }

    private void settle(final OutboxEntry entry)
    {
        entry.settle();
        counters.depth.decrementAndGet();
        counters.storedBytes.addAndGet(-OutboxStore.storedLength(entry));
    }

    private void deleteQuietly(final OutboxEntry entry)
    {
        try
        {
            store.delete(entry.sequence());
        }
        catch (final IOException ex)
        {
            counters.storeErrors.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "outbox delete failed for " + entry + ": " + ex);
        }
    }

    /**
     * One channel: its FIFO of pending entries, breaker and backoff state.
     */
    private final class Lane
    {
        private final Destination destination;
        private final ArrayDeque<OutboxEntry> pending = new ArrayDeque<>();
        private final CircuitBreaker breaker;
        private int consecutiveFailures;
        private long nextAttemptAtMillis;
        private int depth;

        Lane(final Destination destination)
        {
            this.destination = destination;
            this.breaker = new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenMillis());
        }

        void add(final OutboxEntry entry)
        {
            pending.addLast(entry);
            depth++;
        }

        void remove(final OutboxEntry entry)
        {
            if (pending.remove(entry))
            {
                depth--;
            }
        }

        int pump(final long startMillis)
        {
            long now = startMillis;
            int sent = 0;
            while (sent < settings.maxBatch())
            {
                final OutboxEntry head = pending.peekFirst();
                if (head == null || now < nextAttemptAtMillis)
                {
                    break;
                }
                if (head.kind().isDroppable() && now - head.createdAtMillis() > settings.sampleMaxAgeMillis())
                {
                    pending.pollFirst();
                    depth--;
                    settle(head);
                    deleteQuietly(head);
                    counters.samplesExpired.incrementAndGet();
                    continue;
                }
                if (!breaker.tryAcquire(now))
                {
                    break;
                }
                final DeliveryResult result = attempt(head);
                now = clockMillis.getAsLong();
                sent++;
                switch (result.outcome())
                {
                    case DELIVERED:
                        breaker.onSuccess();
                        consecutiveFailures = 0;
                        pending.pollFirst();
                        depth--;
                        settle(head);
                        deleteQuietly(head);
                        counters.delivered.incrementAndGet();
                        break;

                    case DEAD:
                        // The server answered, so it is reachable: this is about the entry, not the channel.
                        breaker.onSuccess();
                        consecutiveFailures = 0;
                        pending.pollFirst();
                        depth--;
                        settle(head);
                        deadLetter(head, result);
                        break;

                    default:
                        breaker.onFailure(now);
                        consecutiveFailures++;
                        counters.deliveryFailures.incrementAndGet();
                        final long retryAfter = Math.min(result.retryAfterMillis(), MAX_RETRY_AFTER_MILLIS);
                        nextAttemptAtMillis = now + Math.max(retryAfter, backoff.delayMillis(consecutiveFailures));
                        final long waitMillis = nextAttemptAtMillis - now;
                        LOG.log(System.Logger.Level.DEBUG, () -> destination.channel() + " delivery failed (" +
                            result.statusCode() + " " + result.message() + "), retry in " + waitMillis + " ms");
                        return sent;
                }
            }
            return sent;
        }

        private DeliveryResult attempt(final OutboxEntry head)
        {
            try
            {
                return destination.deliver(head);
            }
            catch (final RuntimeException ex)
            {
                return DeliveryResult.retry(0, 0, ex.toString());
            }
        }

        private void deadLetter(final OutboxEntry entry, final DeliveryResult result)
        {
            counters.deadLettered.incrementAndGet();
            final String reason = "status=" + result.statusCode() + " channel=" + entry.channel() + " kind=" +
                entry.kind() + " incident=" + entry.incidentId() + " message=" + result.message();
            LOG.log(System.Logger.Level.WARNING, "rejected, set aside in outbox/dead: " + reason);
            try
            {
                store.moveToDead(entry.sequence(), reason);
            }
            catch (final IOException ex)
            {
                counters.storeErrors.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "could not move " + entry + " to dead/: " + ex);
            }
        }
    }

    /**
     * @return an unmodifiable view of pending entries of a channel, oldest first (outbox thread only; tests).
     */
    List<OutboxEntry> pendingSnapshot(final String channel)
    {
        final Lane lane = lanes.get(channel);
        return lane == null ? Collections.emptyList() : List.copyOf(lane.pending);
    }
}
