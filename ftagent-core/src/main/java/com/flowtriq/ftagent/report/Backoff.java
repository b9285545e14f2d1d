package com.flowtriq.ftagent.report;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th consecutive failure waits between half and all of
 * {@code min(max, base * 2^(n-1))}. The jitter spreads many agents that lost the same server so they do not
 * come back in step. Not thread-safe: the outbox calls it under a lock from its channels' delivery threads.
 */
public final class Backoff
{
    private final long baseMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    /**
     * @param baseMillis delay after the first failure (before jitter), at least 1.
     * @param maxMillis  cap on the delay, at least baseMillis.
     * @param random     jitter source.
     */
    public Backoff(final long baseMillis, final long maxMillis, final RandomGenerator random)
    {
        if (baseMillis < 1 || maxMillis < baseMillis)
        {
            throw new IllegalArgumentException("baseMillis=" + baseMillis + " maxMillis=" + maxMillis);
        }
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /**
     * @param consecutiveFailures failures in a row so far, at least 1.
     * @return milliseconds to wait before the next attempt.
     */
    public long delayMillis(final int consecutiveFailures)
    {
        final int shift = Math.min(Math.max(consecutiveFailures - 1, 0), 40);
        final long ceiling = baseMillis > (maxMillis >> shift) ? maxMillis : Math.min(maxMillis, baseMillis << shift);
        final long half = ceiling / 2;
        return half + random.nextLong(ceiling - half + 1);
    }

    public long maxMillis()
    {
        return maxMillis;
    }
}
