package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.config.L7Config;
import com.flowtriq.ftagent.config.L7LogSource;
import com.flowtriq.ftagent.l7.AccessLogDiscovery;
import com.flowtriq.ftagent.l7.AccessLogFormat;
import com.flowtriq.ftagent.l7.AccessLogReplay;
import com.flowtriq.ftagent.l7.AccessLogTailer;
import com.flowtriq.ftagent.l7.L7Agent;
import com.flowtriq.ftagent.l7.L7DetectorSettings;
import com.flowtriq.ftagent.l7.L7FloodDetector;
import com.flowtriq.ftagent.l7.L7Incident;
import com.flowtriq.ftagent.l7.L7IncidentListener;
import com.flowtriq.ftagent.l7.L7LogIngest;
import com.flowtriq.ftagent.l7.L7Sensitivity;
import com.flowtriq.ftagent.l7.L7SettingsHandOff;
import com.flowtriq.ftagent.l7.L7Window;
import com.flowtriq.ftagent.l7.TrustedProxies;
import com.fasterxml.jackson.core.JsonFactory;
import com.flowtriq.ftagent.l7.L7LogStatistics;
import com.flowtriq.ftagent.l7.L7StatisticsPublisher;
import com.flowtriq.ftagent.l7.TailerCheckpoint;
import com.flowtriq.ftagent.l7.TailerCheckpointAgent;
import com.flowtriq.ftagent.l7.TailerCheckpointFile;
import com.flowtriq.ftagent.report.L7Sample;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * L7 in {@code run}: one tailer, parser, per-second window and flood detector per access log (configured in
 * {@code l7_logs}, or the web servers' default paths found on this host), polled by one thread every 100 ms.
 * Each L7 incident event is one log line with its id.
 * <p>
 * On the same thread, after each poll: each log's counters are published to its {@link L7LogStatistics} (for
 * {@code /metrics}, {@code /health}, {@code status}); closed seconds are folded into one {@link L7Sample} per
 * {@code metrics_interval} for the Flowtriq API; and, with a state directory, each tailer's position is saved to
 * {@code <state_dir>/l7-offsets.json} every few seconds and on close, and restored at start.
 */
public final class L7Runtime implements AutoCloseable
{
    private static final System.Logger LOGGER = System.getLogger(L7Runtime.class.getName());
    /** How often the tailers look for new lines; a rotation is noticed within this too. */
    private static final long POLL_MILLIS = 100;

    private final AgentRunner runner;
    private final List<String> sources;
    private final List<L7LogStatistics> statistics;
    private final L7SampleAccumulator samples;
    private final L7SettingsHandOff handOff;

    private L7Runtime(
        final AgentRunner runner,
        final List<String> sources,
        final List<L7LogStatistics> statistics,
        final L7SampleAccumulator samples,
        final L7SettingsHandOff handOff)
    {
        this.handOff = handOff;
        this.runner = runner;
        this.sources = List.copyOf(sources);
        this.statistics = List.copyOf(statistics);
        this.samples = samples;
    }

    /** @return per watched log its published counters, in {@link #sources()} order; any thread. */
    List<L7LogStatistics> statistics()
    {
        return statistics;
    }

    /** @return the L7 sample of the latest complete {@code metrics_interval} not taken yet, or null; any thread. */
    L7Sample takeSample()
    {
        return samples.take();
    }

    /**
     * Where settings pushed by the server go: every log's detector takes the latest offer at its next evaluated
     * second (issue #7); any thread.
     */
    L7SettingsHandOff settingsHandOff()
    {
        return handOff;
    }

    /** @return each watched log as {@code path (format)}. */
    List<String> sources()
    {
        return sources;
    }

    /**
     * @param config        the l7_* keys.
     * @param stateDir      where {@code l7-offsets.json} is kept, or null for no checkpoints (each log starts at its
     *                      end).
     * @param sampleSeconds {@code metrics_interval}: seconds per L7 sample for the API.
     * @param listener      receives every L7 incident event, on the L7 thread.
     * @return the running L7 stage, or null when L7 is off or there is no log to watch (said in the log).
     */
    static L7Runtime start(
        final L7Config config, final Path stateDir, final int sampleSeconds, final L7IncidentListener listener)
    {
        if (!config.enabled())
        {
            LOGGER.log(System.Logger.Level.INFO, "L7: off (l7_enabled=false)");
            return null;
        }
        final List<Path> paths = new ArrayList<>();
        final List<AccessLogFormat> formats = new ArrayList<>();
        if (config.logs().isEmpty())
        {
            for (final AccessLogDiscovery.DiscoveredLog found : AccessLogDiscovery.discover(Path.of("/")))
            {
                paths.add(found.path());
                formats.add(found.format());
            }
        }
        else
        {
            for (final L7LogSource source : config.logs())
            {
                final AccessLogFormat format = format(source);
                if (format != null)
                {
                    paths.add(source.path());
                    formats.add(format);
                }
            }
        }
        if (paths.isEmpty())
        {
            LOGGER.log(System.Logger.Level.INFO, "L7: no access log to watch (none configured in l7_logs, none " +
                "found in the default web-server locations)");
            return null;
        }

        final TrustedProxies proxies = TrustedProxies.parse(config.trustedProxies());
        final L7DetectorSettings settings = detectorSettings(config);
        final List<String> described = new ArrayList<>();
        final AccessLogTailer[] tailers = new AccessLogTailer[paths.size()];
        final L7LogIngest[] ingests = new L7LogIngest[paths.size()];
        final L7LogStatistics[] statistics = new L7LogStatistics[paths.size()];
        final L7SampleAccumulator samples = new L7SampleAccumulator(sampleSeconds);
        final L7SettingsHandOff handOff = new L7SettingsHandOff(new L7SettingsHandOff.Offer(settings, true));
        for (int i = 0; i < paths.size(); i++)
        {
            // Sequences i+1, i+1+n, ...: incident ids stay unique across logs flooded in the same second.
            ingests[i] = new L7LogIngest(formats.get(i).newParser(proxies),
                new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY),
                new L7FloodDetector(settings, listener, i + 1, paths.size(), handOff), samples);
            // A first start reads from the end (old lines would be learned as one enormous second); a restart
            // resumes where the last run's checkpoint says, below.
            tailers[i] = new AccessLogTailer(paths.get(i), config.maxLineBytes(), true, ingests[i]);
            statistics[i] = new L7LogStatistics(paths.get(i).toString(), formats.get(i).configName());
            described.add(paths.get(i) + " (" + formats.get(i).configName() + ")");
            LOGGER.log(System.Logger.Level.INFO, "L7: watching " + paths.get(i) + " as " + formats.get(i).configName());
        }
        final SystemEpochClock clock = new SystemEpochClock();
        final List<Agent> agents = new ArrayList<>();
        agents.add(new L7Agent(tailers, ingests, clock, L7Agent.DEFAULT_LATE_SECONDS));
        agents.add(new L7StatisticsPublisher(tailers, ingests, statistics));
        if (stateDir != null)
        {
            final TailerCheckpointFile checkpoints = new TailerCheckpointFile(stateDir, new JsonFactory());
            final TailerCheckpoint[] restored = TailerCheckpointAgent.restore(tailers, checkpoints);
            agents.add(new TailerCheckpointAgent(tailers, restored, checkpoints, clock,
                TailerCheckpointAgent.DEFAULT_INTERVAL_MILLIS));
        }
        final AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(POLL_MILLIS),
            ex -> LOGGER.log(System.Logger.Level.ERROR, "L7: " + ex, ex), null, new CompositeAgent(agents));
        AgentRunner.startOnThread(runner);
        return new L7Runtime(runner, described, List.of(statistics), samples, handOff);
    }

    private static AccessLogFormat format(final L7LogSource source)
    {
        if (!"auto".equalsIgnoreCase(source.format()))
        {
            return AccessLogFormat.byConfigName(source.format());
        }
        if (!Files.isRegularFile(source.path()))
        {
            LOGGER.log(System.Logger.Level.WARNING, "L7: " + source.path() + " does not exist yet and its format " +
                "is \"auto\"; set its format in l7_logs to watch it before it appears");
            return null;
        }
        try
        {
            return AccessLogReplay.detect(source.path());
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "L7: " + source.path() + ": " + ex.getMessage() + "; not watched");
            return null;
        }
    }

    /**
     * @param config the l7_* keys.
     * @return the detector settings they configure (run and replay use the same).
     */
    public static L7DetectorSettings detectorSettings(final L7Config config)
    {
        return new L7DetectorSettings(
            config.thresholdMultiplier(), config.minRps(), L7Sensitivity.byConfigName(config.sensitivity()),
            L7DetectorSettings.HOLDDOWN_SECONDS_DEFAULT, L7DetectorSettings.BASELINE_WINDOW_MINUTES_DEFAULT,
            L7DetectorSettings.BASELINE_PERCENTILE_DEFAULT, config.errorRateThreshold());
    }

    /**
     * @param first  called first (the operator log).
     * @param others called in order after it; a listener that throws is logged and does not stop the others.
     * @return one listener calling all of them, on the detector thread.
     */
    static L7IncidentListener fanOut(final L7IncidentListener first, final List<L7IncidentListener> others)
    {
        final L7IncidentListener[] all = new L7IncidentListener[others.size() + 1];
        all[0] = first;
        for (int i = 0; i < others.size(); i++)
        {
            all[i + 1] = others.get(i);
        }
        return incident ->
        {
            for (final L7IncidentListener listener : all)
            {
                try
                {
                    listener.onIncident(incident);
                }
                catch (final RuntimeException ex)
                {
                    LOGGER.log(System.Logger.Level.ERROR, "L7 incident listener failed: " + ex);
                }
            }
        };
    }

    /** One line per L7 incident event, at WARNING for open and resolve. */
    static L7IncidentListener logging()
    {
        return incident -> LOGGER.log(System.Logger.Level.WARNING, String.format(Locale.ROOT,
            "incident %s %s: http_flood/%s, peak %,d rps (threshold %,d, baseline %,d), confidence %d",
            incident.incidentId(), incident.event().schemaName(), incident.subtype().schemaName(), incident.peakRps(),
            incident.thresholdRps(), incident.baselineRps(), incident.confidence()));
    }

    @Override
    public void close()
    {
        runner.close();
    }
}
