package com.flowtriq.ftagent.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Tuning of the {@link DurableOutbox}. Defaults follow the original agent's behaviour where it had one
 * (5 failures open the breaker for 60 s, backoff capped at 10 s) and {@code outbox_max_mb} = 256.
 *
 * @param directory                the outbox directory, {@code <state_dir>/outbox}.
 * @param maxBytes                 bound on the bytes of stored entries ({@code outbox_max_mb}).
 * @param handoffCapacity          droppable entries allowed to wait in memory between submit and the disk.
 * @param backoffBaseMillis        delay after the first failure.
 * @param backoffMaxMillis         cap on the delay.
 * @param breakerFailureThreshold  consecutive failures that open a channel's breaker.
 * @param breakerOpenMillis        how long an open breaker waits before its half-open probe.
 * @param maxBatch                 entries taken from the hand-off per fsync'd batch, and sent per channel per pass.
 * @param sampleMaxAgeMillis       a sample older than this when its turn comes is dropped (counted), not sent:
 *                                 after a long outage the server wants the present, not hours of backlog.
 */
public record OutboxSettings(
    Path directory,
    long maxBytes,
    int handoffCapacity,
    long backoffBaseMillis,
    long backoffMaxMillis,
    int breakerFailureThreshold,
    long breakerOpenMillis,
    int maxBatch,
    long sampleMaxAgeMillis)
{
    public static final long OUTBOX_MAX_MB_DEFAULT = 256;
    public static final int HANDOFF_CAPACITY_DEFAULT = 4096;
    public static final long BACKOFF_BASE_MILLIS_DEFAULT = 1000;
    public static final long BACKOFF_MAX_MILLIS_DEFAULT = 10_000;
    public static final int BREAKER_FAILURE_THRESHOLD_DEFAULT = 5;
    public static final long BREAKER_OPEN_MILLIS_DEFAULT = 60_000;
    public static final int MAX_BATCH_DEFAULT = 64;
    public static final long SAMPLE_MAX_AGE_MILLIS_DEFAULT = 15 * 60_000;

    public OutboxSettings
    {
        Objects.requireNonNull(directory, "directory");
        if (maxBytes < 1 || handoffCapacity < 1 || backoffBaseMillis < 1 || backoffMaxMillis < backoffBaseMillis ||
            breakerFailureThreshold < 1 || breakerOpenMillis < 0 || maxBatch < 1 || sampleMaxAgeMillis < 1)
        {
            throw new IllegalArgumentException("invalid outbox settings: " + this);
        }
    }

    /**
     * @param directory the outbox directory.
     * @return settings with every default.
     */
    public static OutboxSettings defaults(final Path directory)
    {
        return new OutboxSettings(
            directory,
            OUTBOX_MAX_MB_DEFAULT * 1024 * 1024,
            HANDOFF_CAPACITY_DEFAULT,
            BACKOFF_BASE_MILLIS_DEFAULT,
            BACKOFF_MAX_MILLIS_DEFAULT,
            BREAKER_FAILURE_THRESHOLD_DEFAULT,
            BREAKER_OPEN_MILLIS_DEFAULT,
            MAX_BATCH_DEFAULT,
            SAMPLE_MAX_AGE_MILLIS_DEFAULT);
    }

    public OutboxSettings withMaxBytes(final long bytes)
    {
        return new OutboxSettings(directory, bytes, handoffCapacity, backoffBaseMillis, backoffMaxMillis,
            breakerFailureThreshold, breakerOpenMillis, maxBatch, sampleMaxAgeMillis);
    }

    public OutboxSettings withSampleMaxAge(final long millis)
    {
        return new OutboxSettings(directory, maxBytes, handoffCapacity, backoffBaseMillis, backoffMaxMillis,
            breakerFailureThreshold, breakerOpenMillis, maxBatch, millis);
    }

    public OutboxSettings withBackoff(final long baseMillis, final long maxMillis, final long breakerOpen)
    {
        return new OutboxSettings(directory, maxBytes, handoffCapacity, baseMillis, maxMillis,
            breakerFailureThreshold, breakerOpen, maxBatch, sampleMaxAgeMillis);
    }
}
