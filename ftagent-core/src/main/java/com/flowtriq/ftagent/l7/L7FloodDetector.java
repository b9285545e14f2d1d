package com.flowtriq.ftagent.l7;

import java.util.List;

/**
 * Decides, once per closed second, whether the web server is under an HTTP flood, and drives the incident lifecycle
 * (open, update, resolve) of the {@code http_flood} family.
 * <p>
 * Threshold = max({@code l7_min_rps}, baseline percentile × {@code l7_threshold_multiplier} × sensitivity factor).
 * A second is an attack second when its requests reach the threshold (a surge), or reach half of it together with
 * one of the signals: one client dominates, one path dominates, mostly errors, mostly never-seen query strings, or
 * mostly slow requests. An incident opens after {@code sensitivity.sustainSeconds()} consecutive attack seconds and
 * resolves after {@code l7_holddown_seconds} seconds without one. Seconds that are not attack seconds feed the
 * baseline; attack seconds never do. Nothing opens during the first {@link L7DetectorSettings#WARMUP_SECONDS}
 * seconds, which all feed the baseline.
 * <p>
 * Threading: single thread (the L7 ingest/detector thread); the listener is called on it.
 */
public final class L7FloodDetector
{
    private final L7IncidentListener listener;
    private final L7SettingsHandOff handOff;
    private L7SettingsHandOff.Offer inForce;
    private L7DetectorSettings settings;
    private boolean enabled = true;
    private final RpsBaseline baseline;
    private final L7Incident incident = new L7Incident();
    private final int[] topEntries = new int[L7Incident.TOP_ENTRIES];

    private boolean open;
    private int consecutiveAttackSeconds;
    private long firstAttackSecond;
    private int quietSeconds;
    private long lastAttackSecond;
    private long lastEventSecond;
    private final long sequenceStep;
    private long sequence;
    private long incidentsOpened;
    private long lastThreshold;

    public L7FloodDetector(final L7DetectorSettings settings, final L7IncidentListener listener)
    {
        this(settings, listener, 1, 1);
    }

    /**
     * @param firstSequence sequence number of the first incident (its id is {@code l7-<start second>-<sequence>}),
     *                      at least 1.
     * @param sequenceStep  added for each later incident, at least 1. The detectors of one agent, one per log, use
     *                      first sequences 1..n and step n, so two logs flooded in the same second never give two
     *                      incidents the same id (mitigation and reporting key everything on it).
     */
    public L7FloodDetector(
        final L7DetectorSettings settings,
        final L7IncidentListener listener,
        final long firstSequence,
        final int sequenceStep)
    {
        this(settings, listener, firstSequence, sequenceStep, null);
    }

    /**
     * @param handOff where settings pushed while running come from, read once per evaluated second, or null for
     *                fixed settings. Its current offer replaces {@code settings} at the first second.
     */
    public L7FloodDetector(
        final L7DetectorSettings settings,
        final L7IncidentListener listener,
        final long firstSequence,
        final int sequenceStep,
        final L7SettingsHandOff handOff)
    {
        if (firstSequence < 1 || sequenceStep < 1)
        {
            throw new IllegalArgumentException("firstSequence=" + firstSequence + " sequenceStep=" + sequenceStep);
        }
        this.settings = settings;
        this.listener = listener;
        this.baseline = new RpsBaseline(settings.baselineWindowSeconds(), settings.baselinePercentile());
        this.sequenceStep = sequenceStep;
        this.sequence = firstSequence - sequenceStep;
        this.handOff = handOff;
    }

    /**
     * Takes the hand-off's offer if it changed: one volatile read. The baseline, its window and any open incident
     * are kept; a new threshold or sensitivity counts from this second on.
     */
    private void takeOffer()
    {
        if (handOff == null)
        {
            return;
        }
        final L7SettingsHandOff.Offer offer = handOff.offered();
        if (offer != inForce)
        {
            inForce = offer;
            settings = offer.settings();
            if (enabled && !offer.enabled())
            {
                consecutiveAttackSeconds = 0;
            }
            enabled = offer.enabled();
        }
    }

    /** The settings in force (the last offer taken); L7 thread, or a test after it. */
    public L7DetectorSettings settings()
    {
        return settings;
    }

    /** False while paused by {@code l7.enabled = false} pushed by the server. */
    public boolean enabled()
    {
        return enabled;
    }

    /** Current threshold in requests per second. */
    public long thresholdRps()
    {
        final double learned = baseline.percentileRps() * settings.thresholdMultiplier() *
            settings.sensitivity().thresholdFactor();
        return Math.max(settings.minRps(), (long)Math.ceil(learned));
    }

    /** Evaluates one closed second. */
    public void onWindow(final L7Window window)
    {
        takeOffer();
        if (!enabled)
        {
            // Paused: nothing opens and the baseline is not fed (it stays as learned for when detection resumes);
            // an open incident sees quiet seconds and resolves normally after its holddown.
            lastThreshold = thresholdRps();
            if (open)
            {
                onQuietSecond(window.second());
            }
            return;
        }
        final long threshold = thresholdRps();
        lastThreshold = threshold;
        final long rps = window.requests();
        final int signals = signalCount(window, settings.errorRateThreshold());
        final boolean surge = rps >= threshold;
        final boolean moderate = rps >= (long)Math.ceil(threshold * L7DetectorSettings.MODERATE_SURGE_FRACTION) &&
            rps >= settings.minRps() && signals > 0;
        final boolean attack = surge || moderate;
        final long second = window.second();

        if (!open && baseline.count() < L7DetectorSettings.WARMUP_SECONDS)
        {
            baseline.add(rps);
            return;
        }
        if (!open)
        {
            if (attack)
            {
                if (consecutiveAttackSeconds == 0)
                {
                    firstAttackSecond = second;
                }
                consecutiveAttackSeconds++;
                if (consecutiveAttackSeconds >= settings.sensitivity().sustainSeconds())
                {
                    openIncident(window, threshold, signals, surge);
                }
            }
            else
            {
                consecutiveAttackSeconds = 0;
                baseline.add(rps);
            }
            return;
        }

        if (attack)
        {
            quietSeconds = 0;
            lastAttackSecond = second;
            incident.peakRps = Math.max(incident.peakRps, rps);
            final L7Subtype subtype = classify(window, settings.errorRateThreshold());
            if (subtype != incident.subtype || second - lastEventSecond >= L7DetectorSettings.UPDATE_INTERVAL_SECONDS)
            {
                incident.subtype = subtype;
                fill(window, threshold, signals, surge);
                emit(L7Incident.Event.UPDATE, second);
            }
        }
        else
        {
            onQuietSecond(second);
        }
    }

    /** Evaluates seconds in which nothing was logged (a gap in the log, or an idle server). */
    public void onIdleSeconds(final long firstSecond, final long count)
    {
        takeOffer();
        long i = 0;
        while (open && i < count)
        {
            onQuietSecond(firstSecond + i);
            i++;
        }
        if (i < count && enabled)
        {
            consecutiveAttackSeconds = 0;
            // More zeros than the baseline holds change nothing, so a gap of days costs no more than the window.
            final long zeros = Math.min(count - i, settings.baselineWindowSeconds());
            for (long k = 0; k < zeros; k++)
            {
                baseline.add(0);
            }
        }
    }

    private void onQuietSecond(final long second)
    {
        if (++quietSeconds >= settings.holddownSeconds())
        {
            incident.endedAtMillis = (lastAttackSecond + 1) * 1000L;
            emit(L7Incident.Event.RESOLVE, second);
            open = false;
            consecutiveAttackSeconds = 0;
            quietSeconds = 0;
        }
    }

    private void openIncident(final L7Window window, final long threshold, final int signals, final boolean surge)
    {
        open = true;
        incidentsOpened++;
        quietSeconds = 0;
        lastAttackSecond = window.second();
        sequence += sequenceStep;
        incident.sequence = sequence;
        incident.startedAtMillis = firstAttackSecond * 1000L;
        incident.endedAtMillis = 0;
        incident.peakRps = window.requests();
        incident.baselineRps = baseline.percentileRps();
        incident.subtype = classify(window, settings.errorRateThreshold());
        fill(window, threshold, signals, surge);
        emit(L7Incident.Event.OPEN, window.second());
    }

    private void emit(final L7Incident.Event event, final long second)
    {
        incident.event = event;
        incident.tsMillis = second * 1000L;
        lastEventSecond = second;
        incident.mitigation = List.of(); // never the previous event's; List.of() allocates nothing
        incident.pcapFile = null;
        incident.pcapPackets = 0;
        incident.pcapDropped = 0;
        listener.onIncident(incident);
    }

    private void fill(final L7Window window, final long threshold, final int signals, final boolean surge)
    {
        incident.thresholdRps = threshold;
        incident.evidenceRps = window.requests();
        incident.evidenceDistinctClients = window.distinctClients();
        incident.evidenceTopClientShare = window.topClientShare();
        incident.evidenceTopPathShare = window.topPathShare();
        incident.evidenceErrorShare = window.errorShare();
        incident.evidenceUniqueQueryShare = window.uniqueQueryShare();
        incident.evidenceSlowShare = window.slowShare();
        incident.evidenceRequestsPerClient = window.requestsPerClient();
        final double ratio = threshold == 0 ? 1 : window.requests() / (double)threshold;
        incident.confidence = (int)Math.min(100, (surge ? 60 : 40) + 10 * signals + Math.min(20, 20 * (ratio - 1)));

        incident.topClientCount = window.clients().top(topEntries);
        for (int i = 0; i < incident.topClientCount; i++)
        {
            incident.topClientIps[i] = window.clients().label(topEntries[i]);
            incident.topClientCounts[i] = window.clients().count(topEntries[i]);
        }
        incident.topPathCount = window.paths().top(topEntries);
        for (int i = 0; i < incident.topPathCount; i++)
        {
            incident.topPaths[i] = window.paths().label(topEntries[i]);
            incident.topPathCounts[i] = window.paths().count(topEntries[i]);
        }
        incident.topUserAgentCount = window.userAgents().top(topEntries);
        for (int i = 0; i < incident.topUserAgentCount; i++)
        {
            incident.topUserAgents[i] = window.userAgents().label(topEntries[i]);
            incident.topUserAgentCounts[i] = window.userAgents().count(topEntries[i]);
        }
    }

    /** Subtype from the strongest signal, in order of specificity. */
    static L7Subtype classify(final L7Window window, final double errorRateThreshold)
    {
        if (window.topClientShare() >= L7DetectorSettings.SINGLE_SOURCE_SHARE)
        {
            return L7Subtype.SINGLE_SOURCE;
        }
        if (window.uniqueQueryShare() >= L7DetectorSettings.CACHE_BYPASS_SHARE)
        {
            return L7Subtype.CACHE_BYPASS;
        }
        if (window.topPathShare() >= L7DetectorSettings.ENDPOINT_SHARE)
        {
            return L7Subtype.ENDPOINT_TARGETED;
        }
        if (window.errorShare() >= errorRateThreshold)
        {
            return L7Subtype.ERROR_FLOOD;
        }
        if (window.slowShare() >= L7DetectorSettings.SLOW_SHARE)
        {
            return L7Subtype.SLOW_RATE;
        }
        return L7Subtype.DISTRIBUTED;
    }

    private static int signalCount(final L7Window window, final double errorRateThreshold)
    {
        int signals = 0;
        if (window.topClientShare() >= L7DetectorSettings.SINGLE_SOURCE_SHARE)
        {
            signals++;
        }
        if (window.uniqueQueryShare() >= L7DetectorSettings.CACHE_BYPASS_SHARE)
        {
            signals++;
        }
        if (window.topPathShare() >= L7DetectorSettings.ENDPOINT_SHARE)
        {
            signals++;
        }
        if (window.errorShare() >= errorRateThreshold)
        {
            signals++;
        }
        if (window.slowShare() >= L7DetectorSettings.SLOW_SHARE)
        {
            signals++;
        }
        return signals;
    }

    /** True while an incident is open. */
    public boolean isOpen()
    {
        return open;
    }

    /** Incidents opened since start. */
    public long incidentsOpened()
    {
        return incidentsOpened;
    }

    /** Threshold used for the last evaluated second. */
    public long lastThreshold()
    {
        return lastThreshold;
    }

    /** The learned baseline: the configured percentile of the non-attack seconds held, requests per second. */
    public long baselineRps()
    {
        return baseline.percentileRps();
    }

    /** Baseline samples held. */
    public int baselineSamples()
    {
        return baseline.count();
    }
}
