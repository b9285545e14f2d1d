package com.flowtriq.ftagent.report;

/**
 * The outcome of one delivery attempt, returned by a {@link Destination}. Values, not exceptions.
 *
 * @param outcome          what the outbox should do with the entry.
 * @param statusCode       HTTP status, or 0 if no reply arrived (refused, timeout, DNS).
 * @param retryAfterMillis server-requested wait before the next attempt, or 0 if none.
 * @param message          the server's message or the local reason, for logs and the dead-letter note.
 */
public record DeliveryResult(Outcome outcome, int statusCode, long retryAfterMillis, String message)
{
    /**
     * What happens to an entry after an attempt.
     */
    public enum Outcome
    {
        /** 2xx and complete: remove the entry. */
        DELIVERED,
        /** Transient failure: keep the entry, back off, try again. */
        RETRY,
        /** Permanent rejection (4xx other than 408/429): move the entry to {@code outbox/dead/}. */
        DEAD
    }

    private static final DeliveryResult DELIVERED = new DeliveryResult(Outcome.DELIVERED, 200, 0, "");

    public static DeliveryResult delivered()
    {
        return DELIVERED;
    }

    public static DeliveryResult retry(final int statusCode, final long retryAfterMillis, final String message)
    {
        return new DeliveryResult(Outcome.RETRY, statusCode, Math.max(0, retryAfterMillis), message);
    }

    public static DeliveryResult dead(final int statusCode, final String message)
    {
        return new DeliveryResult(Outcome.DEAD, statusCode, 0, message);
    }
}
