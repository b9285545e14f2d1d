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
 * writer): it only offers to a lock-free in-memory hand-off and never touches the disk or the network.
 * {@link #persistSubmissions} (the writer: hand-off to disk, then to each channel's lane) runs on one thread, the
 * reporting thread. Each channel is pumped by {@link #pumpChannel} on one thread of its own (see
 * {@link ChannelDeliveryThreads}), so a slow or dead webhook never delays the API or another notifier: each channel
 * has its own FIFO, backoff and circuit breaker. {@link #doWork} does both on the calling thread, for a single
 * reporting thread and for tests; use either {@code doWork} or the split, not both. Lanes are handed entries
 * through lock-free queues; an entry's delivery state is compare-and-set (see {@link OutboxEntry}), so the writer
 * can drop a sample that a lane holds without a lock. Counters are readable from any thread.
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
     * when no entry is queued. A true return must be followed by {@link #recordChannelOutcome}. Call on the thread
     * that pumps this channel.
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
     * @return entries stored for it and not yet settled; any thread.
     */
    public int pendingCount(final String channel)
    {
        final Lane lane = lanes.get(channel);
        return lane == null ? 0 : lane.depth.get();
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
     * One pass on the calling thread: persist what was submitted (one fsync'd batch), then let each channel deliver
     * what is due.
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
     * Lets one channel deliver what is due: its oldest entries in order, until one fails (then the channel backs
     * off) or {@link OutboxSettings#maxBatch()} went. Call for a given channel on one thread only, its delivery
     * thread; different channels may be pumped on different threads at the same time.
     *
     * @param channel   the channel.
     * @param nowMillis current time.
     * @return entries attempted or discarded.
     * @throws IllegalArgumentException if the channel is unknown.
     */
    public int pumpChannel(final String channel, final long nowMillis)
    {
        final Lane lane = lanes.get(channel);
        if (lane == null)
        {
            throw new IllegalArgumentException("unknown channel: " + channel);
        }
        return lane.pump(nowMillis);
    }

    /**
     * Writes what is in the hand-off to disk, on the calling (outbox) thread. Used by {@link #doWork} and by
     * tests that need entries on disk without delivering them.
     *
     * @return entries persisted.
     */
    public int persistSubmissions()
    {
        OutboxEntry oldest;
        while ((oldest = droppableOrder.peekFirst()) != null && oldest.isSettled())
        {
            droppableOrder.pollFirst(); // delivered by its lane: no longer a candidate to drop
        }
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
        lanes.get(entry.channel()).offer(entry);
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
            final OutboxEntry victim = dropOldestDroppable();
            if (victim == null)
            {
                break;
            }
            // The lane still holds it and discards it when it comes to it.
            lanes.get(victim.channel()).depth.decrementAndGet();
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

    /**
     * Settles the oldest droppable entry that is not being sent right now and returns it, or null if none. An entry
     * in flight keeps its place in the drop order (its attempt may fail and leave it pending).
     */
    private OutboxEntry dropOldestDroppable()
    {
        OutboxEntry inFlight = null;
        OutboxEntry victim = null;
        OutboxEntry entry;
        while ((entry = droppableOrder.pollFirst()) != null)
        {
            if (entry.trySettlePending())
            {
                victim = entry;
                break;
            }
            if (entry.isInFlight() && inFlight == null)
            {
                inFlight = entry; // at most one per lane is in flight; keep the oldest for later
            }
        }
        if (inFlight != null)
        {
            droppableOrder.addFirst(inFlight);
        }
        return victim;
    }

    /** Accounts for an entry that has just been settled by whoever won it. */
    private void settle(final OutboxEntry entry)
    {
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
     * One channel: its FIFO of pending entries, breaker and backoff state. The writer offers entries to
     * {@link #inbox}; everything else belongs to the thread that pumps the lane.
     */
    private final class Lane
    {
        private final Destination destination;
        private final ConcurrentLinkedQueue<OutboxEntry> inbox = new ConcurrentLinkedQueue<>();
        private final ArrayDeque<OutboxEntry> pending = new ArrayDeque<>();
        private final CircuitBreaker breaker;
        /** Entries of this lane not yet settled: incremented by the writer, decremented by whoever settles. */
        private final AtomicInteger depth = new AtomicInteger();
        private int consecutiveFailures;
        private long nextAttemptAtMillis;

        Lane(final Destination destination)
        {
            this.destination = destination;
            this.breaker = new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenMillis());
        }

        /** Writer thread. */
        void offer(final OutboxEntry entry)
        {
            depth.incrementAndGet();
            inbox.offer(entry);
        }

        int pump(final long startMillis)
        {
            OutboxEntry arrived;
            while ((arrived = inbox.poll()) != null)
            {
                pending.addLast(arrived);
            }
            long now = startMillis;
            int sent = 0;
            while (sent < settings.maxBatch())
            {
                final OutboxEntry head = pending.peekFirst();
                if (head == null)
                {
                    break;
                }
                if (head.isSettled())
                {
                    pending.pollFirst(); // dropped by the writer to keep the bound; already accounted for
                    continue;
                }
                if (now < nextAttemptAtMillis)
                {
                    break;
                }
                if (head.kind().isDroppable() && now - head.createdAtMillis() > settings.sampleMaxAgeMillis())
                {
                    pending.pollFirst();
                    if (head.trySettlePending())
                    {
                        depth.decrementAndGet();
                        settle(head);
                        deleteQuietly(head);
                        counters.samplesExpired.incrementAndGet();
                    }
                    continue;
                }
                if (!head.tryBeginDelivery())
                {
                    pending.pollFirst(); // the writer dropped it between the check above and now
                    continue;
                }
                if (!breaker.tryAcquire(now))
                {
                    head.endFailedDelivery();
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
                        head.settleDelivered();
                        depth.decrementAndGet();
                        settle(head);
                        deleteQuietly(head);
                        counters.delivered.incrementAndGet();
                        break;

                    case DEAD:
                        // The server answered, so it is reachable: this is about the entry, not the channel.
                        breaker.onSuccess();
                        consecutiveFailures = 0;
                        pending.pollFirst();
                        head.settleDelivered();
                        depth.decrementAndGet();
                        settle(head);
                        deadLetter(head, result);
                        break;

                    default:
                        head.endFailedDelivery();
                        breaker.onFailure(now);
                        consecutiveFailures++;
                        counters.deliveryFailures.incrementAndGet();
                        final long retryAfter = Math.min(result.retryAfterMillis(), MAX_RETRY_AFTER_MILLIS);
                        final long delay;
                        synchronized (backoff)
                        {
                            // Shared by the channels' threads; a failure path, never the detection thread.
                            delay = backoff.delayMillis(consecutiveFailures);
                        }
                        nextAttemptAtMillis = now + Math.max(retryAfter, delay);
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
     * @return a copy of the unsettled entries of a channel, oldest first (the channel's pumping thread, or while it
     * is idle; tests).
     */
    List<OutboxEntry> pendingSnapshot(final String channel)
    {
        final Lane lane = lanes.get(channel);
        if (lane == null)
        {
            return Collections.emptyList();
        }
        final List<OutboxEntry> entries = new ArrayList<>(lane.pending);
        entries.addAll(lane.inbox);
        entries.removeIf(OutboxEntry::isSettled);
        return List.copyOf(entries);
    }
}
