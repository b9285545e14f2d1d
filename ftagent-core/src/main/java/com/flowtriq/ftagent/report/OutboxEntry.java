package com.flowtriq.ftagent.report;

import java.util.Objects;

/**
 * One durable message waiting for delivery to one channel (the Flowtriq API or a notifier).
 * <p>
 * Immutable apart from the {@link #isSettled()} flag, which only the outbox thread writes and reads.
 * The body is owned by the entry; nobody mutates it after construction.
 */
public final class OutboxEntry
{
    private final long sequence;
    private final OutboxEntryKind kind;
    private final String channel;
    private final String incidentId;
    private final long createdAtMillis;
    private final byte[] body;
    private boolean settled;

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
        return settled;
    }

    void settle()
    {
        settled = true;
    }

    @Override
    public String toString()
    {
        return "OutboxEntry{seq=" + sequence + " kind=" + kind + " channel=" + channel + " incident=" + incidentId +
            " bodyLength=" + body.length + "}";
    }
}
