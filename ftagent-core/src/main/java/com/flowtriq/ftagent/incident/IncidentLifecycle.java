package com.flowtriq.ftagent.incident;

/**
 * The state machine of one stream of L3/L4 incidents, driven once per detector tick with that second's PPS and BPS
 * and the thresholds in force. It decides when an incident opens, updates and resolves; it knows nothing about
 * what the traffic is (the detector classifies it).
 * <pre>
 *              above for confirm ticks, or above 5x once          holddown ticks all below 0.8x
 *   IDLE ──────────────────────────────────────────────► OPEN ─────────────────────────────────► IDLE
 *    ▲  (first above tick = started_at; a tick not above             │ every metrics_interval: UPDATE    (cooldown:
 *    │   threshold cancels the pending run)                          ▼                                  no OPEN for
 *    └────────────────────────────────────────────────────────────────────────────────────────────── cooldown ticks)
 * </pre>
 * Rules, per tick {@code s}:
 * <ul>
 *   <li><b>Above</b>: PPS or BPS strictly above its threshold. <b>Severe</b>: PPS or BPS above 5 x its
 *       threshold. <b>Quiet</b>: PPS and BPS both below 0.8 x their thresholds (hysteresis).</li>
 *   <li>Not open: a run of consecutive above ticks is <em>pending</em>; its first tick is the incident's
 *       {@code started_at}. The incident opens on the tick where the run reaches {@code confirmSeconds}, or at
 *       once on a severe tick, unless the cooldown still runs: then it opens on the first tick after the cooldown
 *       if the run is still going (and keeps its {@code started_at}).</li>
 *   <li>Open: an UPDATE every {@code updateIntervalSeconds} ticks after the previous event; RESOLVE on the
 *       {@code holddownSeconds}-th consecutive quiet tick. {@code ended_at} is the start of the first of those
 *       quiet seconds. A tick between 0.8 x and 1 x threshold is not quiet and restarts the holddown.</li>
 *   <li>After a resolve on tick {@code s}, ticks {@code s+1 .. s+cooldownSeconds} cannot open an incident.</li>
 * </ul>
 * Single-threaded (the detection thread); no allocation.
 */
public final class IncidentLifecycle
{
    /** {@link #onSecond} result: nothing to report. */
    public static final int NONE = 0;
    /** An incident opened this tick. */
    public static final int OPEN = 1;
    /** Periodic update of the open incident. */
    public static final int UPDATE = 2;
    /** The open incident resolved this tick. */
    public static final int RESOLVE = 3;

    /** An incident opens at once when PPS or BPS exceeds this multiple of its threshold. */
    public static final long SEVERE_FACTOR = 5;
    /** Quiet means below this fraction of the threshold. */
    public static final double HYSTERESIS = 0.8;

    private int confirmSeconds;
    private int holddownSeconds;
    private int cooldownSeconds;
    private int updateIntervalSeconds;

    private boolean open;
    private long consecutiveAbove;
    private long firstAboveSecond;
    private long quietSeconds;
    private long firstQuietSecond;
    private long cooldownEndSecond = Long.MIN_VALUE;
    private long lastEventSecond;
    private long startedAtSecond;
    private long openedAtSecond;
    private long endedAtSecond;
    private boolean above;
    private boolean trackingStarted;
    private long incidentCount;

    /**
     * @param confirmSeconds        consecutive above ticks that open an incident; at least 1.
     * @param holddownSeconds       consecutive quiet ticks that resolve it; at least 1.
     * @param cooldownSeconds       ticks after a resolve during which none opens; at least 0.
     * @param updateIntervalSeconds ticks between updates of an open incident; at least 1.
     */
    public IncidentLifecycle(
        final int confirmSeconds, final int holddownSeconds, final int cooldownSeconds, final int updateIntervalSeconds)
    {
        retune(confirmSeconds, holddownSeconds, cooldownSeconds, updateIntervalSeconds);
    }

    /**
     * Changes the timing between ticks, keeping the state: an open incident stays open with its start, its
     * quiet seconds and its last event. A pending run opens once it reaches the new confirm count; an open
     * incident resolves once its quiet run reaches the new holddown (on the next quiet tick if it already has);
     * the new cooldown counts from the next resolve, a cooldown already running keeps its end.
     *
     * @param confirmSeconds        consecutive above ticks that open an incident; at least 1.
     * @param holddownSeconds       consecutive quiet ticks that resolve it; at least 1.
     * @param cooldownSeconds       ticks after a resolve during which none opens; at least 0.
     * @param updateIntervalSeconds ticks between updates of an open incident; at least 1.
     */
    public void retune(
        final int confirmSeconds, final int holddownSeconds, final int cooldownSeconds, final int updateIntervalSeconds)
    {
        if (confirmSeconds < 1 || holddownSeconds < 1 || cooldownSeconds < 0 || updateIntervalSeconds < 1)
        {
            throw new IllegalArgumentException("confirmSeconds=" + confirmSeconds + ", holddownSeconds=" +
                holddownSeconds + ", cooldownSeconds=" + cooldownSeconds + ", updateIntervalSeconds=" +
                updateIntervalSeconds + ": expected >= 1, >= 1, >= 0, >= 1");
        }
        this.confirmSeconds = confirmSeconds;
        this.holddownSeconds = holddownSeconds;
        this.cooldownSeconds = cooldownSeconds;
        this.updateIntervalSeconds = updateIntervalSeconds;
    }

    /** Consecutive above ticks that open an incident, as now in force. */
    public int confirmSeconds()
    {
        return confirmSeconds;
    }

    /** Consecutive quiet ticks that resolve an incident, as now in force. */
    public int holddownSeconds()
    {
        return holddownSeconds;
    }

    /** Ticks after a resolve during which none opens, as now in force. */
    public int cooldownSeconds()
    {
        return cooldownSeconds;
    }

    /**
     * Advances by one tick.
     *
     * @param second       the epoch second of the tick; ticks come in increasing order.
     * @param pps          packets in that second.
     * @param bps          bits in that second.
     * @param ppsThreshold the PPS threshold in force.
     * @param bpsThreshold the BPS threshold in force.
     * @return {@link #NONE}, {@link #OPEN}, {@link #UPDATE} or {@link #RESOLVE}.
     */
    public int onSecond(
        final long second, final long pps, final long bps, final long ppsThreshold, final long bpsThreshold)
    {
        return onSecond(
            second,
            isAbove(pps, bps, ppsThreshold, bpsThreshold),
            isSevere(pps, bps, ppsThreshold, bpsThreshold),
            isQuiet(pps, bps, ppsThreshold, bpsThreshold));
    }

    /** PPS or BPS strictly above its threshold. */
    public static boolean isAbove(final long pps, final long bps, final long ppsThreshold, final long bpsThreshold)
    {
        return pps > ppsThreshold || bps > bpsThreshold;
    }

    /** PPS or BPS above {@link #SEVERE_FACTOR} times its threshold. */
    public static boolean isSevere(final long pps, final long bps, final long ppsThreshold, final long bpsThreshold)
    {
        return exceeds(pps, ppsThreshold) || exceeds(bps, bpsThreshold);
    }

    /** PPS and BPS both below {@link #HYSTERESIS} times their thresholds. */
    public static boolean isQuiet(final long pps, final long bps, final long ppsThreshold, final long bpsThreshold)
    {
        return pps < ppsThreshold * HYSTERESIS && bps < bpsThreshold * HYSTERESIS;
    }

    /**
     * Advances by one tick whose state the caller has judged, for example over the total and over each protected
     * destination: above if any is above, severe if any is severe, quiet only if all are quiet.
     *
     * @param second      the epoch second of the tick; ticks come in increasing order.
     * @param aboveNow    above threshold this tick.
     * @param severeNow   above 5 x threshold this tick.
     * @param quietNow    below the hysteresis level this tick.
     * @return {@link #NONE}, {@link #OPEN}, {@link #UPDATE} or {@link #RESOLVE}.
     */
    public int onSecond(final long second, final boolean aboveNow, final boolean severeNow, final boolean quietNow)
    {
        above = aboveNow;
        trackingStarted = false;

        if (open)
        {
            if (quietNow)
            {
                if (quietSeconds == 0)
                {
                    firstQuietSecond = second;
                }
                quietSeconds++;
                if (quietSeconds >= holddownSeconds)
                {
                    resolve(second, firstQuietSecond);
                    return RESOLVE;
                }
            }
            else
            {
                quietSeconds = 0;
            }

            if (second - lastEventSecond >= updateIntervalSeconds)
            {
                lastEventSecond = second;
                return UPDATE;
            }

            return NONE;
        }

        if (!above)
        {
            consecutiveAbove = 0;
            return NONE;
        }

        if (consecutiveAbove == 0)
        {
            firstAboveSecond = second;
            trackingStarted = true;
        }
        consecutiveAbove++;

        if (second >= cooldownEndSecond && (consecutiveAbove >= confirmSeconds || severeNow))
        {
            open = true;
            incidentCount++;
            startedAtSecond = firstAboveSecond;
            openedAtSecond = second;
            lastEventSecond = second;
            quietSeconds = 0;
            return OPEN;
        }

        return NONE;
    }

    private static boolean exceeds(final long value, final long threshold)
    {
        // threshold * 5 without overflow.
        return threshold <= Long.MAX_VALUE / SEVERE_FACTOR && value > threshold * SEVERE_FACTOR;
    }

    /**
     * Resolves the open incident now, whatever the traffic: the baseline adopted the level (see
     * {@code detect.Baseline}) or the input ended.
     *
     * @param second        the current tick.
     * @param endedAtSecond the incident's end to report.
     * @return {@link #RESOLVE} if an incident was open, else {@link #NONE}.
     */
    public int forceResolve(final long second, final long endedAtSecond)
    {
        if (!open)
        {
            return NONE;
        }

        resolve(second, endedAtSecond);
        return RESOLVE;
    }

    private void resolve(final long second, final long endedAt)
    {
        open = false;
        endedAtSecond = endedAt;
        lastEventSecond = second;
        consecutiveAbove = 0;
        quietSeconds = 0;
        cooldownEndSecond = second + cooldownSeconds + 1;
    }

    /** True while an incident is open. */
    public boolean isOpen()
    {
        return open;
    }

    /** True while an incident is open or a run of above ticks is pending: the traffic belongs to an incident. */
    public boolean isTracking()
    {
        return open || consecutiveAbove > 0;
    }

    /** True if the last tick began a pending run: its counters should start afresh with this tick. */
    public boolean trackingStarted()
    {
        return trackingStarted;
    }

    /** True if the last tick was above threshold. */
    public boolean above()
    {
        return above;
    }

    /** True if the cooldown after the last resolve still runs at {@code second}: no incident may open then. */
    public boolean coolingDown(final long second)
    {
        return second < cooldownEndSecond;
    }

    /** First above tick of the current (or last) incident. */
    public long startedAtSecond()
    {
        return startedAtSecond;
    }

    /** Tick on which the current (or last) incident opened. */
    public long openedAtSecond()
    {
        return openedAtSecond;
    }

    /** {@code ended_at} of the last resolved incident, in epoch seconds. */
    public long endedAtSecond()
    {
        return endedAtSecond;
    }

    /** Consecutive quiet ticks so far in the open incident. */
    public long quietSeconds()
    {
        return quietSeconds;
    }

    /** Incidents opened since construction. */
    public long incidentCount()
    {
        return incidentCount;
    }
}
