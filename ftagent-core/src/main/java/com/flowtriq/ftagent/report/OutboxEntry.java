package com.flowtriq.ftagent.report;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One durable message waiting for delivery to one channel (the Flowtriq API or a notifier).
 * <p>
 * Immutable apart from its delivery state, {@code PENDING -> IN_FLIGHT -> PENDING} (a failed attempt) or
 * {@code -> SETTLED} (delivered or dead), or {@code PENDING -> SETTLED} (dropped to keep the bound, or expired).
 * The state changes by compare-and-set, because the channel's delivery thread (which sends it) and the outbox
 * writer (which may drop a sample) can race for it: an entry in flight is never dropped, and an entry is settled
 * exactly once. The body is owned by the entry; nobody mutates it after construction.
 */
public final class OutboxEntry
{
    private final long sequence;
    private final OutboxEntryKind kind;
    private final String channel;
    private final String incidentId;
    private final long createdAtMillis;
    private static final int PENDING = 0;
    private static final int IN_FLIGHT = 1;
    private static final int SETTLED = 2;

    private final byte[] body;
    private final AtomicInteger state = new AtomicInteger(PENDING);

    /**
     * @param sequence        outbox-wide sequence, increasing in submission order.
     * @param kind            what the entry carries.
     * @param channel         name of the {@link Destination} that delivers it.
     * @param incidentId      local incident id, or "" if the entry belongs to no incident.
     * @param createdAtMillis wall-clock time the entry was submitted.
     * @param body            payload as the destination understands it.
     */
    public OutboxEntry(
        final long sequence,
        final OutboxEntryKind kind,
        final String channel,
        final String incidentId,
        final long createdAtMillis,
        final byte[] body)
    {
        this.sequence = sequence;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.incidentId = incidentId == null ? "" : incidentId;
        this.createdAtMillis = createdAtMillis;
        this.body = Objects.requireNonNull(body, "body");
    }

    public long sequence()
    {
        return sequence;
    }

    public OutboxEntryKind kind()
    {
        return kind;
    }

    public String channel()
    {
        return channel;
    }

    public String incidentId()
    {
        return incidentId;
    }

    public long createdAtMillis()
    {
        return createdAtMillis;
    }

    /**
     * @return the payload; callers must not modify it.
     */
    public byte[] body()
    {
        return body;
    }

    boolean isSettled()
    {
        return state.get() == SETTLED;
    }

    boolean isInFlight()
    {
        return state.get() == IN_FLIGHT;
    }

    /** Delivery thread: claims the entry for an attempt; false if it was dropped meanwhile. */
    boolean tryBeginDelivery()
    {
        return state.compareAndSet(PENDING, IN_FLIGHT);
    }

    /** Delivery thread: the attempt failed, the entry waits for the next one. */
    void endFailedDelivery()
    {
        state.set(PENDING);
    }

    /** Delivery thread: the attempt settled the entry (delivered or dead). */
    void settleDelivered()
    {
        state.set(SETTLED);
    }

    /** Any thread: settles a pending entry that is not being sent (drop, expiry); false if it was not pending. */
    boolean trySettlePending()
    {
        return state.compareAndSet(PENDING, SETTLED);
    }

    @Override
    public String toString()
    {
        return "OutboxEntry{seq=" + sequence + " kind=" + kind + " channel=" + channel + " incident=" + incidentId +
            " bodyLength=" + body.length + "}";
    }
}
