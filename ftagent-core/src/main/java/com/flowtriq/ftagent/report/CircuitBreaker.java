package com.flowtriq.ftagent.report;

/**
 * Stops hammering a dead server: after {@code failureThreshold} consecutive failures the breaker opens for
 * {@code openMillis}; then it lets exactly one probe through (half-open). The probe's success closes it, its
 * failure opens it again. Single-threaded: owned by its channel's delivery thread, read by others only through the
 * volatile {@link #state()} for metrics.
 */
public final class CircuitBreaker
{
    /**
     * Breaker states, exported as a gauge (ordinal).
     */
    public enum State
    {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int failureThreshold;
    private final long openMillis;
    private int consecutiveFailures;
    private long openedAtMillis;
    private volatile State state = State.CLOSED;
    private long opens;

    /**
     * @param failureThreshold consecutive failures that open the breaker, at least 1.
     * @param openMillis       how long it stays open before the half-open probe.
     */
    public CircuitBreaker(final int failureThreshold, final long openMillis)
    {
        if (failureThreshold < 1 || openMillis < 0)
        {
            throw new IllegalArgumentException("failureThreshold=" + failureThreshold + " openMillis=" + openMillis);
        }
        this.failureThreshold = failureThreshold;
        this.openMillis = openMillis;
    }

    /**
     * @param nowMillis current time.
     * @return true if a request may go now. In half-open state only the first caller gets true until the
     * outcome is recorded.
     */
    public boolean tryAcquire(final long nowMillis)
    {
        switch (state)
        {
            case CLOSED:
                return true;
            case OPEN:
                if (nowMillis - openedAtMillis >= openMillis)
                {
                    state = State.HALF_OPEN;
                    return true;
                }
                return false;
            default:
                // HALF_OPEN: the probe is out; nobody else goes until it reports.
                return false;
        }
    }

    public void onSuccess()
    {
        consecutiveFailures = 0;
        state = State.CLOSED;
    }

    /**
     * @param nowMillis current time.
     */
    public void onFailure(final long nowMillis)
    {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold)
        {
            if (state != State.OPEN)
            {
                opens++;
            }
            state = State.OPEN;
            openedAtMillis = nowMillis;
        }
    }

    /**
     * @return millis until the breaker allows a probe, 0 if it allows requests now.
     */
    public long millisUntilProbe(final long nowMillis)
    {
        return state == State.OPEN ? Math.max(0, openedAtMillis + openMillis - nowMillis) : 0;
    }

    public State state()
    {
        return state;
    }

    public int consecutiveFailures()
    {
        return consecutiveFailures;
    }

    /**
     * @return times the breaker went from closed or half-open to open.
     */
    public long opens()
    {
        return opens;
    }
}
