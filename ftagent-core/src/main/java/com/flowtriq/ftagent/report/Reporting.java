package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonFactory;

/**
 * Wires the reporting stage: journal, Flowtriq reporter (when an API key is set), notifiers, the durable outbox,
 * the reporting thread (incident fan-out, journal, outbox writer), one delivery thread per channel
 * ({@link ChannelDeliveryThreads}: the API with its heartbeat and config poll, each notifier) and the metrics
 * listener. The detection side sees only {@link #incidentSink()}; mitigation
 * uses {@link #reporter()} for acks; the pcap writer uses it for uploads.
 * <p>
 * Lifecycle: construct (loads the outbox), {@link #start()} (thread and listener), {@link #close()}.
 */
public final class Reporting implements AutoCloseable
{
    /** {@link IncidentEvent#kind()} of the synthetic event {@code ftagent test --notify} sends. */
    public static final String TEST_KIND = "test";

    private final ReportSettings settings;
    private final JsonFactory jsonFactory = new JsonFactory();
    private final FlowtriqJson json = new FlowtriqJson(jsonFactory);
    private final HttpClient http;
    private final DurableOutbox outbox;
    private final IncidentFanout fanout;
    private final IncidentJournal journal;
    private final IncidentStatistics incidentStatistics = new IncidentStatistics();
    private final FlowtriqReporter reporter;
    private final NotifierSet notifiers;
    private final ReportMetrics reportMetrics;
    private final List<MetricsSource> metricsSources = new ArrayList<>();
    private final ReportAgent agent;
    private final Map<String, List<ReportTask>> channelTasks = new LinkedHashMap<>();
    private ReportThread thread;
    private ChannelDeliveryThreads deliveryThreads;
    private MetricsHttpServer metricsServer;
    private final List<HealthSource> extraHealth;

    /**
     * @param settings       configuration.
     * @param status         heartbeat and metrics state (used only with an API key).
     * @param configListener receives server config and commands (used only with an API key).
     * @param extraMetrics   other stages' metrics for {@code /metrics}.
     * @throws IOException if the state directory or outbox cannot be opened.
     */
    public Reporting(
        final ReportSettings settings,
        final AgentStatusSource status,
        final ServerConfigListener configListener,
        final List<MetricsSource> extraMetrics) throws IOException
    {
        this(settings, status, configListener, extraMetrics, List.of());
    }

    /**
     * @param extraHealth other stages' fields for {@code /health} (capture, detection, mitigation), after reporting's.
     * @see #Reporting(ReportSettings, AgentStatusSource, ServerConfigListener, List)
     */
    public Reporting(
        final ReportSettings settings,
        final AgentStatusSource status,
        final ServerConfigListener configListener,
        final List<MetricsSource> extraMetrics,
        final List<HealthSource> extraHealth) throws IOException
    {
        this.settings = settings;
        this.extraHealth = List.copyOf(extraHealth);
        final Duration timeout = settings.api() != null ?
            settings.api().requestTimeout() : ApiSettings.REQUEST_TIMEOUT_DEFAULT;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        final String version = settings.api() != null ? settings.api().version() : "local";
        this.notifiers = new NotifierSet(settings.notifiers(), http, timeout, "ftagent/" + version, json);

        final List<Destination> destinations = new ArrayList<>(notifiers.destinations());
        FlowtriqApiClient client = null;
        if (settings.api() != null)
        {
            client = new FlowtriqApiClient(settings.api(), http);
            destinations.add(0, new FlowtriqDestination(
                client, json, new IncidentUuidMap(settings.stateDir()), configListener));
        }
        this.outbox = new DurableOutbox(settings.outbox(), destinations, System::currentTimeMillis, new Random());
        this.journal = !settings.journalEnabled() ? null : new IncidentJournal(settings.stateDir(),
            settings.journalMaxBytes(), IncidentJournal.KEEP_DEFAULT, new IncidentJson(json));
        this.reporter = client == null ? null : new FlowtriqReporter(client, json, outbox, status, configListener);

        final List<IncidentListener> listeners = new ArrayList<>();
        if (journal != null)
        {
            listeners.add(journal);
        }
        listeners.add(incidentStatistics);
        if (reporter != null)
        {
            listeners.add(reporter);
        }
        listeners.addAll(notifiers.publishers(outbox));
        this.fanout = new IncidentFanout(listeners);

        final List<ReportTask> tasks = new ArrayList<>();
        tasks.add(fanout);
        tasks.add((nowMillis) -> outbox.persistSubmissions());
        this.agent = new ReportAgent(tasks, System::currentTimeMillis);
        if (reporter != null)
        {
            // Heartbeat, metrics and config poll share the API channel's breaker, so they run on its thread.
            channelTasks.put(FlowtriqDestination.CHANNEL, List.of(reporter));
        }
        this.reportMetrics = new ReportMetrics(outbox, journal, reporter);
        metricsSources.add(reportMetrics);
        metricsSources.add(incidentStatistics);
        metricsSources.addAll(extraMetrics);
    }

    /**
     * Starts the reporting thread and the metrics listener (unless disabled).
     *
     * @throws IOException if the metrics port cannot be bound.
     */
    public synchronized void start() throws IOException
    {
        if (thread == null)
        {
            final List<HealthSource> health = new ArrayList<>();
            health.add(reportMetrics);
            health.addAll(extraHealth);
            metricsServer = MetricsHttpServer.start(settings.metricsListen(), metricsSources, health, jsonFactory);
            deliveryThreads = new ChannelDeliveryThreads(outbox, channelTasks, System::currentTimeMillis);
            thread = new ReportThread(agent);
        }
    }

    /**
     * @return what the incident lifecycle calls; never blocks.
     */
    public IncidentSink incidentSink()
    {
        return fanout;
    }

    /**
     * @return the Flowtriq reporter, or null in local mode.
     */
    public FlowtriqReporter reporter()
    {
        return reporter;
    }

    public DurableOutbox outbox()
    {
        return outbox;
    }

    /**
     * @return the journal, or null when {@code journal_enabled} is false.
     */
    public IncidentJournal journal()
    {
        return journal;
    }

    /**
     * @return the metrics listener, or null if disabled or not started.
     */
    public MetricsHttpServer metricsServer()
    {
        return metricsServer;
    }

    /**
     * {@code ftagent test}: one heartbeat, synchronously. Call before {@link #start()} or from a non-detection
     * thread.
     *
     * @return "OK (N ms)" or the diagnosis (DNS, TLS, timeout, HTTP status with the server's message).
     */
    public ConnectivityResult testApi()
    {
        if (reporter == null)
        {
            return new ConnectivityResult(false, "no api_key configured (local mode)");
        }
        final HttpOutcome outcome = reporter.sendHeartbeat();
        final long millis = outcome.rttNanos() / 1_000_000;
        if (outcome.isSuccess())
        {
            return new ConnectivityResult(true, "OK (" + millis + " ms)");
        }
        final String detail = outcome.failure() != null ? outcome.diagnosis() :
            "HTTP " + outcome.statusCode() + ": " + json.messageOf(outcome.body());
        return new ConnectivityResult(false, detail);
    }

    /**
     * {@code ftagent test --notify}: sends one clearly marked test message to each configured notifier,
     * directly (not through the outbox). PagerDuty gets a trigger and its resolve, so no alert stays open.
     *
     * @return per channel, the outcome.
     */
    public Map<String, ConnectivityResult> testNotifiers()
    {
        final Map<String, ConnectivityResult> results = new LinkedHashMap<>();
        final Instant now = Instant.now();
        final String id = "ftagent-test-" + now.toEpochMilli();
        final IncidentEvent open = testEvent(id, IncidentState.OPEN, now);
        final IncidentEvent resolve = testEvent(id, IncidentState.RESOLVE, now);
        final List<Destination> destinations = notifiers.destinations();
        final NotifierSet.Renderers renderers = notifiers.renderers();
        for (final Destination destination : destinations)
        {
            final NotificationRenderer renderer = renderers.of(destination.channel());
            DeliveryResult result = send(destination, renderer.render(open), id);
            if (result.outcome() == DeliveryResult.Outcome.DELIVERED && NotifierSet.PAGERDUTY.equals(
                destination.channel()))
            {
                result = send(destination, renderer.render(resolve), id);
            }
            results.put(destination.channel(), result.outcome() == DeliveryResult.Outcome.DELIVERED ?
                new ConnectivityResult(true, "OK") :
                new ConnectivityResult(false, "status " + result.statusCode() + ": " + result.message()));
        }
        return results;
    }

    private static DeliveryResult send(final Destination destination, final byte[] body, final String id)
    {
        return destination.deliver(new OutboxEntry(-1, OutboxEntryKind.NOTIFICATION, destination.channel(), id,
            System.currentTimeMillis(), body));
    }

    private static IncidentEvent testEvent(final String id, final IncidentState state, final Instant now)
    {
        return new IncidentEvent(id, TEST_KIND, state, "test", "", now, now,
            state == IncidentState.RESOLVE ? now : null, 0, 0, 0, 0, List.of(), List.of(), List.of(), Map.of(),
            Map.of(), Map.of(), Map.of(), 0, 0, 0, 0, 0);
    }

    /**
     * @param channel a channel ({@link FlowtriqDestination#CHANNEL}, {@link NotifierSet#SLACK} ...).
     * @return the thread delivering it, or null before {@link #start()} or if the channel is not configured.
     */
    public synchronized Thread deliveryThread(final String channel)
    {
        return deliveryThreads == null ? null : deliveryThreads.thread(channel);
    }

    /**
     * Stops the reporting thread, writes what was handed over and not yet written to the outbox (incident events
     * queued just before, e.g. the resolve of an incident open at shutdown), then stops the delivery threads and
     * the listener. Undelivered entries stay on disk for the next start.
     */
    @Override
    public synchronized void close()
    {
        if (thread != null)
        {
            thread.close();
            thread = null;
            // The reporting thread has ended, so this thread may do its last pass.
            final long now = System.currentTimeMillis();
            try
            {
                fanout.doWork(now);
                outbox.persistSubmissions();
            }
            catch (final RuntimeException ex)
            {
                System.getLogger(Reporting.class.getName()).log(System.Logger.Level.WARNING,
                    "last outbox write at shutdown failed: " + ex);
            }
        }
        if (deliveryThreads != null)
        {
            deliveryThreads.close();
            deliveryThreads = null;
        }
        if (metricsServer != null)
        {
            metricsServer.close();
            metricsServer = null;
        }
        http.close();
    }

    /**
     * Outcome of a connectivity test.
     *
     * @param ok      true if it worked.
     * @param message "OK ..." or the diagnosis.
     */
    public record ConnectivityResult(boolean ok, String message)
    {
    }
}
