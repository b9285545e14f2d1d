package com.flowtriq.ftagent.report;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Reporting's own metrics and health: outbox depth, bytes, deliveries, failures, drops, dead letters, breaker
 * state per channel, journal writes, heartbeats. Reads atomics only; safe on the metrics thread.
 */
public final class ReportMetrics implements MetricsSource, HealthSource
{
    private final DurableOutbox outbox;
    private final IncidentJournal journal;
    private final FlowtriqReporter reporter;
    private final long startedAtMillis;

    /**
     * @param outbox   the outbox.
     * @param journal  the journal, or null.
     * @param reporter the Flowtriq reporter, or null in local mode.
     */
    public ReportMetrics(final DurableOutbox outbox, final IncidentJournal journal, final FlowtriqReporter reporter)
    {
        this.outbox = outbox;
        this.journal = journal;
        this.reporter = reporter;
        this.startedAtMillis = System.currentTimeMillis();
    }

    @Override
    public void collect(final MetricsWriter w)
    {
        final OutboxCounters c = outbox.counters();
        w.gauge("ftagent_outbox_depth", "Entries waiting in the durable outbox.", c.depth.get());
        w.gauge("ftagent_outbox_bytes", "Bytes of entries stored in the outbox.", c.storedBytes.get());
        w.counter("ftagent_outbox_submitted_total", "Entries submitted to the outbox.", c.submitted.get());
        w.counter("ftagent_outbox_delivered_total", "Entries delivered with a 2xx.", c.delivered.get());
        w.counter("ftagent_outbox_delivery_failures_total", "Delivery attempts that failed and will be retried.",
            c.deliveryFailures.get());
        w.counter("ftagent_outbox_dead_letters_total", "Entries rejected by the receiver and set aside in dead/.",
            c.deadLettered.get());
        w.counter("ftagent_outbox_samples_dropped_total", "Metrics samples dropped (outbox full or sample too old).",
            c.samplesDroppedTotal());
        w.counter("ftagent_outbox_kept_over_limit_total", "Incident entries kept although the outbox was full.",
            c.keptOverLimit.get());
        w.counter("ftagent_outbox_store_errors_total", "Outbox disk write or delete failures.", c.storeErrors.get());
        w.counter("ftagent_outbox_corrupt_entries_total", "Corrupt outbox files set aside at start.",
            c.corruptEntries.get());
        for (final String channel : outbox.channels())
        {
            final CircuitBreaker.State state = outbox.breakerState(channel);
            w.gauge("ftagent_delivery_breaker_open", "1 while a channel's circuit breaker is open or half-open.",
                "channel", channel, state == CircuitBreaker.State.CLOSED ? 0 : 1);
        }
        if (journal != null)
        {
            w.counter("ftagent_journal_events_total", "Incident events written to incidents.jsonl.",
                journal.written.get());
            w.counter("ftagent_journal_write_errors_total", "Incident events the journal failed to write.",
                journal.writeErrors.get());
        }
        if (reporter != null)
        {
            w.counter("ftagent_heartbeats_total", "Heartbeats the API accepted.", reporter.heartbeatsSent.get());
            w.counter("ftagent_heartbeat_failures_total", "Heartbeats that failed.", reporter.heartbeatFailures.get());
            w.counter("ftagent_server_config_rejected_values_total", "Server config values ignored as invalid.",
                reporter.configRejectedValues.get());
        }
    }

    @Override
    public boolean healthy()
    {
        // Degraded while the disk refuses the outbox: new events are then held in memory only.
        return outbox.counters().diskFailing.get() == 0;
    }

    @Override
    public void writeDetails(final JsonGenerator json) throws IOException
    {
        final OutboxCounters c = outbox.counters();
        json.writeNumberField("uptime_seconds", (System.currentTimeMillis() - startedAtMillis) / 1000);
        json.writeNumberField("outbox_depth", c.depth.get());
        json.writeNumberField("outbox_dead_letters", c.deadLettered.get());
        json.writeNumberField("outbox_store_errors", c.storeErrors.get());
        json.writeBooleanField("outbox_disk_ok", c.diskFailing.get() == 0);
        json.writeObjectFieldStart("channels");
        for (final String channel : outbox.channels())
        {
            final String state = String.valueOf(outbox.breakerState(channel));
            json.writeStringField(channel, state.toLowerCase(java.util.Locale.ROOT));
        }
        json.writeEndObject();
    }
}
