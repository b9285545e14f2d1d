package com.flowtriq.ftagent.incident;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Makes incident ids: {@code <kind>-<started_at as yyyyMMdd'T'HHmmss'Z'>-<sequence>}, for example
 * {@code l3l4-20261124T130501Z-3}. The start second makes ids unique across restarts (two incidents of one kind
 * cannot start in the same second: the cooldown separates them) and the sequence keeps them unique within a run
 * even so. Deterministic, so a replay gives the same ids every time.
 * <p>
 * Called once per incident, at open (allocates the string). Single-threaded.
 */
public final class IncidentIds
{
    private static final DateTimeFormatter STAMP =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String kind;
    private long sequence;

    /**
     * @param kind the prefix, {@code l3l4} or {@code l7}.
     */
    public IncidentIds(final String kind)
    {
        this.kind = kind;
    }

    /** The id of the next incident, which started at {@code startedAtEpochSecond}. */
    public String next(final long startedAtEpochSecond)
    {
        sequence++;
        return kind + "-" + STAMP.format(Instant.ofEpochSecond(startedAtEpochSecond)) + "-" + sequence;
    }

    /** Ids handed out so far. */
    public long sequence()
    {
        return sequence;
    }
}
