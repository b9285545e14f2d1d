package com.flowtriq.ftagent.report;

/**
 * What an outbox entry carries. The kind decides whether the entry may be dropped when the outbox is full
 * ({@link #isDroppable()}): samples may go, incident events, uploads, acks and notifications never do.
 */
public enum OutboxEntryKind
{
    /** A traffic metrics sample for {@code POST /agent/metrics}. Droppable. */
    METRICS_SAMPLE(true),
    /** An L7 window sample for {@code POST /agent/l7/metrics}. Droppable. */
    L7_SAMPLE(true),
    /** {@code POST /agent/incidents}: its 2xx reply carries the server's uuid. */
    INCIDENT_OPEN(false),
    /** {@code POST /agent/incidents/{uuid}}. */
    INCIDENT_UPDATE(false),
    /** {@code POST /agent/incidents/{uuid}/resolve}. */
    INCIDENT_RESOLVE(false),
    /** One multipart PCAP or one raw chunk of a larger one. */
    PCAP_UPLOAD(false),
    /** {@code POST /agent/commands/ack}. */
    COMMAND_ACK(false),
    /** A notifier message (Slack, Discord, Teams, PagerDuty, webhook). */
    NOTIFICATION(false),
    /** A mitigation request to a remote API that applies a block (Cloudflare rule create). Appended: ordinals are stored. */
    MITIGATION_APPLY(false),
    /** A mitigation request to a remote API that removes a block (Cloudflare rule delete). */
    MITIGATION_REVERT(false);

    private static final OutboxEntryKind[] VALUES = values();

    private final boolean droppable;

    OutboxEntryKind(final boolean droppable)
    {
        this.droppable = droppable;
    }

    /**
     * @return true if the outbox may drop this entry to make room (counted), false if it must be kept.
     */
    public boolean isDroppable()
    {
        return droppable;
    }

    /**
     * @param ordinal the stored ordinal.
     * @return the kind, or null if the ordinal is unknown (a corrupt or newer entry).
     */
    public static OutboxEntryKind fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}
