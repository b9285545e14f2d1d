package com.flowtriq.ftagent.report;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the {@link DurableOutbox}, all atomics: written by the outbox writer (the reporting thread), by the
 * channels' delivery threads (delivered, failures, dead letters, expiries, depth, bytes) and, for
 * {@link #submitted} and {@link #handoffSamplesDropped}, by submitting threads. Readers (the /metrics listener,
 * heartbeat) may read any field from any thread.
 */
public final class OutboxCounters
{
    /** Entries accepted by submit. */
    public final AtomicLong submitted = new AtomicLong();
    /** Samples refused at submit because the in-memory hand-off was full. */
    public final AtomicLong handoffSamplesDropped = new AtomicLong();
    /** Entries written and fsync'd to disk. */
    public final AtomicLong persisted = new AtomicLong();
    /** Entries delivered with a 2xx and removed. */
    public final AtomicLong delivered = new AtomicLong();
    /** Attempts that failed transiently (refused, timeout, 408, 429, 5xx). */
    public final AtomicLong deliveryFailures = new AtomicLong();
    /** Entries rejected permanently and moved to dead/. */
    public final AtomicLong deadLettered = new AtomicLong();
    /** Stored samples dropped to keep the outbox under its bound. */
    public final AtomicLong samplesDropped = new AtomicLong();
    /** Samples dropped unsent because they were older than the sample max age when their turn came. */
    public final AtomicLong samplesExpired = new AtomicLong();
    /** Non-droppable entries kept although the outbox was over its bound. */
    public final AtomicLong keptOverLimit = new AtomicLong();
    /** Files found corrupt (torn write, bad CRC) on replay and set aside. */
    public final AtomicLong corruptEntries = new AtomicLong();
    /** Disk write or delete failures. */
    public final AtomicLong storeErrors = new AtomicLong();
    /** 1 while the last batch write failed, 0 once a batch was written again. */
    public final AtomicLong diskFailing = new AtomicLong();
    /** Entries replayed from disk at start. */
    public final AtomicLong replayed = new AtomicLong();
    /** Entries stored and not yet delivered or dropped. */
    public final AtomicLong depth = new AtomicLong();
    /** Bytes of the stored entries. */
    public final AtomicLong storedBytes = new AtomicLong();

    /**
     * @return all samples dropped: at the hand-off, to keep the bound, or expired.
     */
    public long samplesDroppedTotal()
    {
        return handoffSamplesDropped.get() + samplesDropped.get() + samplesExpired.get();
    }
}
