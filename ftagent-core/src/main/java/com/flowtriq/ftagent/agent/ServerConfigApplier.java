package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ConfigKey;
import com.flowtriq.ftagent.config.ConfigKeys;
import com.flowtriq.ftagent.config.ConfigProblem;
import com.flowtriq.ftagent.config.ConfigType;
import com.flowtriq.ftagent.config.ConfigValues;
import com.flowtriq.ftagent.config.ServerConfigOverrides;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.l7.L7SettingsHandOff;
import com.flowtriq.ftagent.report.FlowtriqReporter;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Puts the config the Flowtriq API returns ({@code GET /agent/config}) in force in the running agent, safely.
 * <p>
 * Each reply is laid over the local config file by {@link ServerConfigOverrides} (the file stays the base: a key
 * the server stops sending falls back to the file's value; a refused value keeps the value in force). Then:
 * <ul>
 *   <li>detection keys ({@code pps_threshold}, {@code bps_threshold}, {@code min_*_threshold},
 *       {@code threshold_multiplier}, {@code dynamic_threshold}, {@code attack_confirm/holddown/cooldown},
 *       {@code metrics_interval} as the update period) go to the {@link Detector} through
 *       {@link Detector#offerSettings}, which the detection thread picks up at its next tick;</li>
 *   <li>{@code heartbeat_interval}, {@code metrics_interval} and {@code config_poll_interval} go to the
 *       {@link FlowtriqReporter};</li>
 *   <li>{@code l7_enabled}, {@code l7_min_rps}, {@code l7_sensitivity}, {@code l7_threshold_multiplier} go to the
 *       L7 detectors through their {@link L7SettingsHandOff} (taken at each log's next evaluated second; baseline and
 *       open incident kept; {@code l7_enabled = false} pauses), when L7 was started;</li>
 *   <li>{@code pcap_enabled} goes to the {@link IncidentPcapSwitch} checked at each incident open, when the agent
 *       started with PCAP (the pre-attack tap exists);</li>
 *   <li>keys that cannot change while running ({@code l7_logs} from {@code l7.log_path}, and the two above when
 *       their part was not started) are logged as needing a restart and keep their start-up value.</li>
 * </ul>
 * One log line per changed key ({@code key: old -> new}) and one per refused value (key, value, expected). A value
 * refused again in the next reply is not logged again. Nothing here throws for server content.
 * <p>
 * Threads: {@link #apply} runs on the thread that polls the config (the Flowtriq delivery thread), never on the
 * detection thread; {@link #attach} runs on the starting thread. Both are synchronized; the detection thread never
 * takes this lock (it reads the detector's volatile hand-off).
 */
public final class ServerConfigApplier
{
    private static final System.Logger LOGGER = System.getLogger(ServerConfigApplier.class.getName());

    /** Keys the detector takes between ticks. */
    private static final Set<ConfigKey> DETECTION_KEYS = Set.of(
        ConfigKeys.DYNAMIC_THRESHOLD,
        ConfigKeys.THRESHOLD_MULTIPLIER,
        ConfigKeys.PPS_THRESHOLD,
        ConfigKeys.BPS_THRESHOLD,
        ConfigKeys.MIN_PPS_THRESHOLD,
        ConfigKeys.MIN_BPS_THRESHOLD,
        ConfigKeys.ATTACK_CONFIRM_SECONDS,
        ConfigKeys.ATTACK_HOLDDOWN_SECONDS,
        ConfigKeys.ATTACK_COOLDOWN_SECONDS,
        ConfigKeys.METRICS_INTERVAL);

    /** Keys the reporter takes at once. */
    private static final Set<ConfigKey> INTERVAL_KEYS = Set.of(
        ConfigKeys.HEARTBEAT_INTERVAL,
        ConfigKeys.METRICS_INTERVAL,
        ConfigKeys.CONFIG_POLL_INTERVAL);

    /** Keys the L7 detectors take between windows, when L7 was started. */
    private static final Set<ConfigKey> L7_KEYS = Set.of(
        ConfigKeys.L7_ENABLED,
        ConfigKeys.L7_MIN_RPS,
        ConfigKeys.L7_SENSITIVITY,
        ConfigKeys.L7_THRESHOLD_MULTIPLIER,
        ConfigKeys.L7_ERROR_RATE_THRESHOLD);

    private final AgentConfig fileConfig;
    private AgentConfig inForce;
    private boolean runtimeAttached;
    private L7SettingsHandOff l7;
    private IncidentPcapSwitch pcapSwitch;
    private Detector detector;
    private FlowtriqReporter reporter;
    private Set<String> lastRefused = Set.of();
    private Set<String> lastRestartNotes = Set.of();
    private long applied;
    private long refused;

    /**
     * @param fileConfig the validated local config file, the base every reply is laid over.
     */
    public ServerConfigApplier(final AgentConfig fileConfig)
    {
        this.fileConfig = Objects.requireNonNull(fileConfig, "fileConfig");
        this.inForce = fileConfig;
    }

    /**
     * Connects the parts that take live changes, once they exist; what a reply already changed is handed over
     * at once. Either may be null (no detector yet, local mode).
     *
     * @param detector the running detector.
     * @param reporter the Flowtriq reporter.
     */
    public synchronized void attach(final Detector detector, final FlowtriqReporter reporter)
    {
        this.detector = detector;
        this.reporter = reporter;
        if (inForce != fileConfig)
        {
            handOver(inForce, true, true);
        }
    }

    /**
     * Connects the running agent: its detector, and the L7 and PCAP switches when they were started. Until this is
     * called, pushed {@code l7} and {@code pcap_enabled} values are accepted and handed over here; if the part they
     * need was not started, they go back to the start value and are logged as needing a restart.
     *
     * @param runtime  the running agent.
     * @param reporter the Flowtriq reporter, or null.
     */
    public void attach(final AgentRuntime runtime, final FlowtriqReporter reporter)
    {
        final L7Runtime l7Runtime = runtime.l7();
        attachLive(l7Runtime == null ? null : l7Runtime.settingsHandOff(), runtime.pcapSwitch());
        attach(runtime.detector(), reporter);
    }

    /**
     * @param l7         the L7 detectors' hand-off, or null when L7 did not start (off, or no log).
     * @param pcapSwitch {@code pcap_enabled} for new incidents, or null when the agent started without PCAP.
     */
    synchronized void attachLive(final L7SettingsHandOff l7, final IncidentPcapSwitch pcapSwitch)
    {
        this.l7 = l7;
        this.pcapSwitch = pcapSwitch;
        this.runtimeAttached = true;
        final AgentConfig wanted = inForce;
        final ConfigValues.Builder builder = wanted.values().toBuilder();
        final Set<String> notes = new HashSet<>();
        for (final ConfigKey key : ConfigKeys.all())
        {
            if ((L7_KEYS.contains(key) && l7 == null) || (key == ConfigKeys.PCAP_ENABLED && pcapSwitch == null))
            {
                final Object pushed = wanted.values().value(key);
                final Object start = fileConfig.values().value(key);
                if (!Objects.equals(pushed, start))
                {
                    notes.add(key.path() + " = " + pushed);
                    revert(builder, key, start);
                }
            }
        }
        if (!notes.isEmpty())
        {
            inForce = AgentConfig.of(builder.build());
            logRestartNotes(notes);
        }
        handOverLive(fileConfig, inForce);
    }

    /**
     * Applies one config reply.
     *
     * @param body the reply body, as received.
     * @return the keys that changed, as {@code key: old -> new}.
     */
    public synchronized List<String> apply(final byte[] body)
    {
        try
        {
            return applyReply(body);
        }
        catch (final RuntimeException ex)
        {
            // A bug or an unforeseen combination must not stop the poller: the settings in force stay.
            LOGGER.log(System.Logger.Level.ERROR, "server config not applied, keeping the settings in force: " + ex);
            return List.of();
        }
    }

    private List<String> applyReply(final byte[] body)
    {
        final ServerConfigOverrides.Result result = ServerConfigOverrides.apply(fileConfig, inForce, body);
        logRefused(result.ignored());
        if (result.applied().isEmpty())
        {
            lastRestartNotes = Set.of();
            return List.of();
        }

        // Keys that cannot change while running keep the value they started with.
        AgentConfig next = result.config();
        final Set<String> restartNotes = new HashSet<>();
        final ConfigValues.Builder builder = next.values().toBuilder();
        for (final ConfigKey key : ConfigKeys.all())
        {
            if (key.type() == ConfigType.SECTION || DETECTION_KEYS.contains(key) ||
                INTERVAL_KEYS.contains(key) || live(key))
            {
                continue;
            }
            final Object wanted = next.values().value(key);
            final Object running = inForce.values().value(key);
            if (!Objects.equals(wanted, running))
            {
                restartNotes.add(key.path() + " = " + wanted);
                revert(builder, key, running);
            }
        }
        if (!restartNotes.isEmpty())
        {
            next = AgentConfig.of(builder.build());
        }
        logRestartNotes(restartNotes);

        final List<String> changes = ServerConfigOverrides.changes(inForce.values(), next.values());
        if (changes.isEmpty())
        {
            return List.of();
        }
        for (final String change : changes)
        {
            applied++;
            LOGGER.log(System.Logger.Level.INFO, "server config applied: " + change);
        }
        final boolean detection = changed(inForce, next, DETECTION_KEYS);
        final boolean intervals = changed(inForce, next, INTERVAL_KEYS);
        final AgentConfig before = inForce;
        inForce = next;
        handOver(next, detection, intervals);
        handOverLive(before, next);
        return changes;
    }

    /** True for a key put in force while running by a part that was started (or not known yet). */
    private boolean live(final ConfigKey key)
    {
        if (L7_KEYS.contains(key))
        {
            return !runtimeAttached || l7 != null;
        }
        return key == ConfigKeys.PCAP_ENABLED && (!runtimeAttached || pcapSwitch != null);
    }

    /** Hands changed L7 and PCAP values to the running parts; the change lines were logged by the caller. */
    private void handOverLive(final AgentConfig before, final AgentConfig after)
    {
        if (l7 != null && changed(before, after, L7_KEYS))
        {
            l7.offer(new L7SettingsHandOff.Offer(L7Runtime.detectorSettings(after.l7()), after.l7().enabled()));
        }
        if (pcapSwitch != null && before.pcap().enabled() != after.pcap().enabled())
        {
            pcapSwitch.enabled(after.pcap().enabled());
            LOGGER.log(System.Logger.Level.INFO, after.pcap().enabled() ?
                "PCAP: incidents opening from now on are captured again" :
                "PCAP: incidents opening from now on start no capture; a capture already running finishes");
        }
    }

    private void logRestartNotes(final Set<String> restartNotes)
    {
        for (final String note : restartNotes)
        {
            if (!lastRestartNotes.contains(note))
            {
                LOGGER.log(System.Logger.Level.WARNING, "server config " + note + " is not applied while running; " +
                    "it would take a restart (and a matching config file) to change it");
            }
        }
        lastRestartNotes = Set.copyOf(restartNotes);
    }

    private static void revert(final ConfigValues.Builder builder, final ConfigKey key, final Object value)
    {
        if (value == null)
        {
            builder.unset(key);
        }
        else
        {
            builder.set(key, value);
        }
    }

    /** The file's config with the server's accepted values laid over it: what is in force. */
    public synchronized AgentConfig inForce()
    {
        return inForce;
    }

    /** Key changes applied since start. */
    public synchronized long appliedChanges()
    {
        return applied;
    }

    /** Server values refused since start (each distinct refusal counted once while it repeats). */
    public synchronized long refusedValues()
    {
        return refused;
    }

    private void handOver(final AgentConfig config, final boolean detection, final boolean intervals)
    {
        if (detection && detector != null)
        {
            detector.offerSettings(ConfiguredDetection.settings(config));
        }
        if (intervals && reporter != null)
        {
            reporter.intervals(
                config.api().heartbeatIntervalSeconds() * 1000L,
                config.api().metricsIntervalSeconds() * 1000L,
                config.api().configPollIntervalSeconds() * 1000L);
        }
    }

    private void logRefused(final List<ConfigProblem> problems)
    {
        final Set<String> now = new HashSet<>();
        for (final ConfigProblem problem : problems)
        {
            final String key = problem.path() + "=" + problem.value() + ":" + problem.expected();
            now.add(key);
            if (!lastRefused.contains(key))
            {
                refused++;
                LOGGER.log(System.Logger.Level.WARNING, "server config value refused, keeping the value in force: " +
                    problem.message());
            }
        }
        lastRefused = Set.copyOf(now);
    }

    private static boolean changed(final AgentConfig before, final AgentConfig after, final Set<ConfigKey> keys)
    {
        for (final ConfigKey key : keys)
        {
            if (!Objects.equals(before.values().value(key), after.values().value(key)))
            {
                return true;
            }
        }
        return false;
    }
}
