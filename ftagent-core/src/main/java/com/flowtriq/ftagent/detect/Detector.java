package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.decode.Ipv6AddressBook;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentIds;
import com.flowtriq.ftagent.incident.IncidentLifecycle;
import com.flowtriq.ftagent.incident.IncidentListener;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV4;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV6;

/**
 * The L3/L4 detector: fed one {@link TrafficSample} per clock second, it keeps the baseline, applies the thresholds,
 * runs the incident lifecycle, classifies the attack and emits {@code open}/{@code update}/{@code resolve} events
 * to its {@link IncidentListener}. The same object serves {@code run} (ticks from the wall clock) and
 * {@code replay} (ticks from packet time): drive it with a {@link SecondTicker} and call {@link #onTick} for every
 * second it returns, empty seconds included.
 * <pre>{@code
 * Detector detector = new Detector(settings, event -> out.println(IncidentJson.toJson(event)));
 * detector.restoreBaseline(firstSecond);                     // optional: state_dir/baseline.bin
 * ... for each due second: detector.onTick(second, sample);
 * detector.finish(lastPacketMillis);                        // replay: resolve what is still open, "truncated"
 * detector.saveBaseline(lastSecond);                        // shutdown
 * }</pre>
 * Per tick: rates of the second; thresholds from the baseline <em>before</em> this second is learned; lifecycle;
 * counters of the incident (from its first second above threshold); events; then the second is learned by the
 * baseline and the baseline mix if it was not an attack second (not above threshold and not part of a pending or
 * open incident). When the baseline adopts a level that lasted a whole window (see {@link Baseline}), an open
 * incident resolves with reason {@code baseline_adapted}.
 * <p>
 * <b>Protected prefixes.</b> With {@code protected_prefixes} set, each destination inside them that appears
 * among the tick's heavy-hitter destinations is also judged on its own against per-destination thresholds: the
 * static thresholds {@code max(min_*_threshold, *_threshold)} (no per-destination baseline is learned). The tick is
 * above threshold if the total or any protected destination is, and quiet only if all are quiet. An IPv6
 * destination is a digest in the record: its address is looked up in the decoders' address books
 * ({@link #resolveIpv6With}); one no book knows any more cannot match. Choose prefixes whose addresses normally stay
 * below the floors.
 * <p>
 * Single-threaded: everything runs on the detection thread, including the listener. {@link #onTick} allocates
 * nothing while no incident opens (an open allocates its id; what the listener does is its own business).
 * <p>
 * <b>Live settings.</b> {@link #offerSettings} is the one method any thread may call: it publishes new settings
 * through a volatile reference, which {@link #onTick} reads once at the start of each tick and compares by identity
 * with the settings in force (no lock, no allocation while nothing changes). New settings take effect between two
 * ticks: thresholds, multiplier, dynamic on/off, confirm/holddown/cooldown and the update interval change; the
 * baseline, the baseline mix, the incident lifecycle's state (an open incident, its id and counters) and the
 * protected prefixes stay. The baseline window and {@code state_dir} cannot change while running (logged).
 */
public final class Detector
{
    /** {@code resolve_reason}: traffic stayed below the hysteresis level for the holddown. */
    public static final String REASON_BELOW_THRESHOLD = "below_threshold";
    /** {@code resolve_reason}: the level lasted a whole baseline window and became the baseline. */
    public static final String REASON_BASELINE_ADAPTED = "baseline_adapted";
    /** {@code resolve_reason}: the input ended with the incident open (replay). */
    public static final String REASON_END_OF_INPUT = "end_of_input";

    private static final System.Logger LOGGER = System.getLogger(Detector.class.getName());
    private static final Ipv6AddressBook[] NO_BOOKS = new Ipv6AddressBook[0];
    /** Reads 8 bytes of an address as a big-endian long, allocation-free. */
    private static final VarHandle BIG_ENDIAN_LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final DetectionSettings settings;
    private final IncidentListener listener;
    private final Baseline baseline;
    private final BaselineMix mix;
    private final IncidentLifecycle lifecycle;
    /** Written by any thread through {@link #offerSettings}; read once per tick by the detection thread. */
    private volatile DetectionSettings offeredSettings;
    private DetectionSettings settingsInForce;
    private ThresholdPolicy policy;
    private final AttackCounters counters = new AttackCounters();
    private final AttackClassifier classifier = new AttackClassifier();
    private final IncidentEvent event = new IncidentEvent();
    private final IncidentIds ids = new IncidentIds("l3l4");
    private final long[] features = new long[TrafficFeatures.COUNT];
    private final ProtectedPrefixes protectedPrefixes;
    private final byte[] ipv6Address = new byte[16];
    private Ipv6AddressBook[] addressBooks = NO_BOOKS;
    private long victimPpsThreshold;
    private long victimBpsThreshold;
    private long settingsChanges;
    private BaselineSaver saver;

    private String incidentId;
    private boolean warmingUp;
    private long lastSecond = Long.MIN_VALUE;
    private long lastPps;
    private long lastBps;
    private long ppsThreshold;
    private long bpsThreshold;
    private long ticks;
    private long listenerErrors;

    /** A detector with a fresh baseline of the configured window. */
    public Detector(final DetectionSettings settings, final IncidentListener listener)
    {
        this(settings, new Baseline(settings.baselineWindowSeconds()), listener);
    }

    /**
     * @param settings the detection keys.
     * @param baseline the baseline to use (for example one restored by {@link BaselineFile}).
     * @param listener receives every event on the detection thread.
     */
    public Detector(final DetectionSettings settings, final Baseline baseline, final IncidentListener listener)
    {
        this.settings = settings;
        this.settingsInForce = settings;
        this.offeredSettings = settings;
        this.listener = listener;
        this.baseline = baseline;
        this.mix = new BaselineMix(settings.baselineWindowSeconds());
        this.policy = new ThresholdPolicy(settings);
        this.lifecycle = new IncidentLifecycle(
            settings.attackConfirmSeconds(),
            settings.attackHolddownSeconds(),
            settings.attackCooldownSeconds(),
            settings.metricsInterval());
        this.ppsThreshold = policy.ppsThreshold(baseline);
        this.bpsThreshold = policy.bpsThreshold(baseline);
        this.warmingUp = baseline.isWarmingUp();
        this.protectedPrefixes = settings.protectedPrefixes();
        this.victimPpsThreshold = ThresholdPolicy.staticPps(settings);
        this.victimBpsThreshold = ThresholdPolicy.staticBps(settings);
    }

    /** Lets the detector offer baseline snapshots to a saver every {@link BaselineSaver#saveIntervalSeconds()}. */
    public Detector baselineSaver(final BaselineSaver saver)
    {
        this.saver = saver;
        return this;
    }

    /**
     * Lets IPv6 {@code protected_prefixes} match: the full address behind an IPv6 destination digest is looked up in
     * {@code books}. Call before the first tick (before the detection thread starts, which publishes them).
     *
     * @param books the address books of every capture decoder.
     */
    public Detector resolveIpv6With(final List<Ipv6AddressBook> books)
    {
        addressBooks = books.toArray(NO_BOOKS);
        return this;
    }

    /** The baseline file in the configured {@code state_dir}. */
    public Path baselinePath()
    {
        return settings.stateDir().resolve(BaselineFile.FILE_NAME);
    }

    /**
     * Restores the baseline from {@code state_dir} if it was saved within the last window; logs what happened (a
     * corrupt file is logged and ignored: the baseline warms up afresh). Call before the first tick.
     */
    public BaselineFile.RestoreResult restoreBaseline(final long nowEpochSecond)
    {
        final BaselineFile.RestoreResult result = BaselineFile.restore(
            baselinePath(), baseline, nowEpochSecond, settings.baselineWindowSeconds());
        warmingUp = baseline.isWarmingUp();
        ppsThreshold = policy.ppsThreshold(baseline);
        bpsThreshold = policy.bpsThreshold(baseline);
        LOGGER.log(System.Logger.Level.INFO, "baseline restore from " + baselinePath() + ": " + result + "; " +
            status());
        return result;
    }

    /** Writes the baseline to {@code state_dir} now (shutdown, after the saver has stopped). */
    public void saveBaseline(final long nowEpochSecond) throws IOException
    {
        BaselineFile.save(baselinePath(), baseline, nowEpochSecond);
    }

    /**
     * Processes one second of traffic. Seconds must come in increasing order, every second (empty ones with an
     * empty sample).
     *
     * @param second the epoch second the sample covers.
     * @param sample the traffic of that second.
     */
    public void onTick(final long second, final TrafficSample sample)
    {
        final DetectionSettings offered = offeredSettings;
        if (offered != settingsInForce)
        {
            applySettings(offered, second);
        }
        ticks++;
        lastSecond = second;
        TrafficFeatures.load(sample, features);
        final long seconds = Math.max(1, sample.seconds());
        final long pps = features[TrafficFeatures.PACKETS] / seconds;
        final long bps = features[TrafficFeatures.BYTES] * 8 / seconds;
        lastPps = pps;
        lastBps = bps;

        final long ppsLimit = policy.ppsThreshold(baseline);
        final long bpsLimit = policy.bpsThreshold(baseline);
        ppsThreshold = ppsLimit;
        bpsThreshold = bpsLimit;

        boolean above = IncidentLifecycle.isAbove(pps, bps, ppsLimit, bpsLimit);
        boolean severe = IncidentLifecycle.isSevere(pps, bps, ppsLimit, bpsLimit);
        boolean quiet = IncidentLifecycle.isQuiet(pps, bps, ppsLimit, bpsLimit);
        long victimPps = 0;
        if (!protectedPrefixes.isEmpty())
        {
            // Per-victim thresholds: each protected IPv4 destination among the heavy hitters is judged on its own.
            final RankedCounts destinations = sample.topDestinations();
            final int n = destinations.size();
            for (int i = 0; i < n; i++)
            {
                final long key = destinations.key(i);
                final long family = key >>> 32;
                if ((family == FAMILY_IPV4 && protectedPrefixes.containsIpv4(key & 0xFFFF_FFFFL)) ||
                    (family == FAMILY_IPV6 && isProtectedIpv6((int)key)))
                {
                    final long dPps = destinations.packets(i) / seconds;
                    final long dBps = destinations.bytes(i) * 8 / seconds;
                    above |= IncidentLifecycle.isAbove(dPps, dBps, victimPpsThreshold, victimBpsThreshold);
                    severe |= IncidentLifecycle.isSevere(dPps, dBps, victimPpsThreshold, victimBpsThreshold);
                    quiet &= IncidentLifecycle.isQuiet(dPps, dBps, victimPpsThreshold, victimBpsThreshold);
                    victimPps = Math.max(victimPps, dPps);
                }
            }
        }

        final int action = lifecycle.onSecond(second, above, severe, quiet);
        if (lifecycle.trackingStarted())
        {
            counters.reset();
        }
        final boolean partOfIncident = lifecycle.isTracking() || action == IncidentLifecycle.RESOLVE;
        // The incident's counters cover its active seconds only: quiet seconds of the holddown are not attack
        // traffic, and counting them would make the baseline subtraction eat the real excess.
        if (partOfIncident && !quiet)
        {
            counters.add(sample, features, pps, bps);
            counters.protectedVictimPps(victimPps);
        }

        switch (action)
        {
            case IncidentLifecycle.OPEN ->
            {
                incidentId = ids.next(lifecycle.startedAtSecond());
                emit(IncidentEvent.Type.OPEN, second, null, IncidentEvent.NOT_ENDED, false);
            }
            case IncidentLifecycle.UPDATE ->
                emit(IncidentEvent.Type.UPDATE, second, null, IncidentEvent.NOT_ENDED, false);
            case IncidentLifecycle.RESOLVE -> emit(
                IncidentEvent.Type.RESOLVE, second, REASON_BELOW_THRESHOLD, lifecycle.endedAtSecond() * 1000, false);
            default ->
            {
            }
        }

        final boolean attackSecond = lifecycle.above() || partOfIncident;
        final boolean adapted = baseline.record(pps, bps, attackSecond);
        if (!attackSecond)
        {
            mix.learn(features);
        }

        if (adapted && policy.followsBaseline() &&
            lifecycle.forceResolve(second, second + 1) == IncidentLifecycle.RESOLVE)
        {
            LOGGER.log(System.Logger.Level.INFO, "incident " + incidentId + ": the level lasted a whole baseline " +
                "window and is now the baseline; resolving");
            emit(IncidentEvent.Type.RESOLVE, second, REASON_BASELINE_ADAPTED, (second + 1) * 1000, false);
        }

        if (warmingUp != baseline.isWarmingUp() || ticks == 1)
        {
            warmingUp = baseline.isWarmingUp();
            LOGGER.log(System.Logger.Level.INFO, status());
        }

        if (saver != null)
        {
            saver.offerIfDue(baseline, second);
        }
    }

    /** Whether the IPv6 destination behind {@code digest} is in a protected prefix; allocation-free. */
    private boolean isProtectedIpv6(final int digest)
    {
        if (!protectedPrefixes.hasIpv6())
        {
            return false;
        }
        final byte[] address = ipv6Address;
        return Ipv6AddressBook.destinationAddress(addressBooks, digest, address) &&
            protectedPrefixes.containsIpv6((long)BIG_ENDIAN_LONG.get(address, 0), (long)BIG_ENDIAN_LONG.get(address, 8));
    }

    /**
     * Any thread; never blocks. Publishes new settings, which the detection thread puts in force at the start of
     * its next tick (see the class comment for what changes and what stays). The last offer before a tick wins.
     *
     * @param next validated settings, e.g. the local config with the server's values laid over it.
     */
    public void offerSettings(final DetectionSettings next)
    {
        offeredSettings = java.util.Objects.requireNonNull(next, "next");
    }

    /** The settings in force (detection thread; for tests and status). */
    public DetectionSettings settingsInForce()
    {
        return settingsInForce;
    }

    /** Times new settings were put in force since construction. */
    public long settingsChanges()
    {
        return settingsChanges;
    }

    private void applySettings(final DetectionSettings next, final long second)
    {
        settingsInForce = next;
        settingsChanges++;
        if (next.baselineWindowSeconds() != settings.baselineWindowSeconds() ||
            !next.stateDir().equals(settings.stateDir()) ||
            !next.protectedPrefixCidrs().equals(settings.protectedPrefixCidrs()))
        {
            LOGGER.log(System.Logger.Level.WARNING, "baseline_window_minutes, state_dir and protected_prefixes " +
                "cannot change while running; they keep their start-up values until a restart");
        }
        policy = new ThresholdPolicy(next);
        lifecycle.retune(next.attackConfirmSeconds(), next.attackHolddownSeconds(), next.attackCooldownSeconds(),
            next.metricsInterval());
        victimPpsThreshold = ThresholdPolicy.staticPps(next);
        victimBpsThreshold = ThresholdPolicy.staticBps(next);
        ppsThreshold = policy.ppsThreshold(baseline);
        bpsThreshold = policy.bpsThreshold(baseline);
        LOGGER.log(System.Logger.Level.INFO, "detection settings changed at second " + second + ": dynamic " +
            next.dynamicThreshold() + ", multiplier " + next.thresholdMultiplier() + ", confirm/holddown/cooldown " +
            next.attackConfirmSeconds() + "/" + next.attackHolddownSeconds() + "/" + next.attackCooldownSeconds() +
            " s; " + status());
    }

    /**
     * Ends the input (replay): an incident still open resolves with {@code ended_at} = {@code endEpochMillis},
     * {@code truncated} = true and reason {@code end_of_input}.
     *
     * @param endEpochMillis the time of the last packet.
     */
    public void finish(final long endEpochMillis)
    {
        finish(endEpochMillis, REASON_END_OF_INPUT);
    }

    /**
     * Ends the input with a given reason, e.g. {@code shutdown} when {@code run} stops: an incident still open
     * resolves as truncated with that reason.
     *
     * @param endEpochMillis the end of the input.
     * @param reason         the {@code resolve_reason}.
     */
    public void finish(final long endEpochMillis, final String reason)
    {
        if (lifecycle.forceResolve(lastSecond, Math.floorDiv(endEpochMillis, 1000)) == IncidentLifecycle.RESOLVE)
        {
            emitAt(IncidentEvent.Type.RESOLVE, endEpochMillis, reason, endEpochMillis, true);
        }
    }

    private void emit(
        final IncidentEvent.Type type,
        final long second,
        final String reason,
        final long endedAtMillis,
        final boolean truncated)
    {
        emitAt(type, (second + 1) * 1000, reason, endedAtMillis, truncated);
    }

    private void emitAt(
        final IncidentEvent.Type type,
        final long tsMillis,
        final String reason,
        final long endedAtMillis,
        final boolean truncated)
    {
        final IncidentEvent e = event;
        e.clearLists();
        e.incidentId(incidentId)
            .type(type)
            .resolveReason(reason)
            .truncated(truncated)
            .startedAtMillis(lifecycle.startedAtSecond() * 1000)
            .tsMillis(tsMillis)
            .endedAtMillis(endedAtMillis)
            .totals(counters.seconds(), counters.sum(TrafficFeatures.PACKETS), counters.sum(TrafficFeatures.BYTES))
            .rates(lastPps, lastBps, counters.peakPps(), counters.peakBps())
            .reference(baseline.averagePps(), baseline.averageBps(), ppsThreshold, bpsThreshold);

        classifier.classify(counters, mix, e);
        if (!protectedPrefixes.isEmpty())
        {
            e.addEvidence("protected_victim_peak_pps", counters.protectedVictimPeakPps());
            e.addEvidence("protected_victim_threshold_pps", victimPpsThreshold);
        }

        for (int p = 0; p < TrafficSample.PROTOCOL_COUNT; p++)
        {
            e.protocolPackets(p, counters.sum(TrafficFeatures.PROTOCOL + p));
        }
        for (int f = 0; f < TrafficSample.FLAGS_COUNT; f++)
        {
            e.tcpFlagPackets(f, counters.sum(TrafficFeatures.FLAGS + f));
        }
        counters.sources().copyTop(e.topSources());
        counters.destinations().copyTop(e.topDestinations());
        counters.dstPorts().copyTop(e.topDstPorts());
        counters.srcPorts().copyTop(e.topSrcPorts());

        try
        {
            listener.onIncidentEvent(e);
        }
        catch (final RuntimeException ex)
        {
            listenerErrors++;
            LOGGER.log(System.Logger.Level.WARNING, "incident listener failed on " + type.wireName() + " of " +
                incidentId + ": " + ex);
        }
    }

    /** One line for {@code status} and the log: warm-up state and thresholds in force. */
    public String status()
    {
        final String learning = baseline.isWarmingUp() ?
            "baseline warming up (" + Math.round(baseline.fillFraction() * 100) + "% of " + baseline.capacity() +
            " s learned, 10% needed; only the floors apply)" :
            "baseline ready (" + Math.round(baseline.fillFraction() * 100) + "% of " + baseline.capacity() +
            " s learned, avg " + baseline.averagePps() + " pps, p99 " + baseline.p99Pps() + " pps)";
        return learning + "; thresholds " + ppsThreshold + " pps / " + bpsThreshold + " bps" +
            (lifecycle.isOpen() ? "; incident " + incidentId + " open" : "");
    }

    public Baseline baseline()
    {
        return baseline;
    }

    public BaselineMix baselineMix()
    {
        return mix;
    }

    public IncidentLifecycle lifecycle()
    {
        return lifecycle;
    }

    /** True while the baseline is too young for dynamic thresholds. */
    public boolean warmingUp()
    {
        return baseline.isWarmingUp();
    }

    /** PPS threshold of the last tick. */
    public long ppsThreshold()
    {
        return ppsThreshold;
    }

    /** BPS threshold of the last tick. */
    public long bpsThreshold()
    {
        return bpsThreshold;
    }

    public boolean incidentOpen()
    {
        return lifecycle.isOpen();
    }

    /** Id of the open (or last) incident, null before the first. */
    public String incidentId()
    {
        return incidentId;
    }

    public long ticks()
    {
        return ticks;
    }

    /** Events whose listener threw (logged, detection carried on). */
    public long listenerErrors()
    {
        return listenerErrors;
    }
}
