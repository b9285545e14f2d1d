package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's side of the Flowtriq protocol. On the reporting thread it turns incident events into outbox
 * entries, sends the heartbeat, queues metrics samples and polls the config (every 300 s, at once after an
 * incident opens, every 10 s while one is open), and queues each L7 sample the status source hands out. From any
 * thread it accepts command acks, PCAP uploads and L7 samples, which it only submits to the outbox.
 * <p>
 * Heartbeats are best-effort: sent directly (not queued), skipped while the channel's breaker is open; the next
 * one carries the latest state anyway.
 * <p>
 * Threads: {@link #onIncidentEvent} runs on the reporting thread (incident fan-out); {@link #doWork} runs on the
 * Flowtriq channel's delivery thread (it shares that channel's circuit breaker); {@link #intervals} may be called
 * from any thread. The state they share is concurrent or volatile.
 */
public final class FlowtriqReporter implements IncidentListener, ReportTask
{
    private static final System.Logger LOG = System.getLogger(FlowtriqReporter.class.getName());
    private static final int SEEN_COMMANDS_MAX = 4096;

    private final FlowtriqApiClient client;
    private final FlowtriqJson json;
    private final DurableOutbox outbox;
    private final AgentStatusSource status;
    private final ServerConfigListener configListener;
    private final ServerConfigParser configParser;
    /** "Never": far enough in the past that any interval is due, without overflowing {@code now - last}. */
    private static final long NEVER = Long.MIN_VALUE / 4;

    private final Set<String> openIncidents = ConcurrentHashMap.newKeySet();
    private final LinkedHashSet<String> seenCommands = new LinkedHashSet<>();
    private volatile long heartbeatIntervalMillis;
    private volatile long metricsIntervalMillis;
    private volatile long configPollMillis;
    private volatile boolean configPollNow = true;
    private long lastHeartbeatMillis = NEVER;
    private long lastMetricsMillis = NEVER;
    private long lastConfigMillis = NEVER;
    private long configPeriodMillis;
    private volatile ServerConfig lastConfig;
    /** Written by the reporting thread, read by anyone (metrics). */
    public final AtomicLong heartbeatsSent = new AtomicLong();
    public final AtomicLong heartbeatFailures = new AtomicLong();
    public final AtomicLong configPolls = new AtomicLong();
    public final AtomicLong configRejectedValues = new AtomicLong();

    /**
     * @param client         API client.
     * @param json           bodies.
     * @param outbox         durable delivery; must have a {@link FlowtriqDestination}.
     * @param status         agent state for the heartbeat and metrics.
     * @param configListener receives server config and new pending commands.
     */
    public FlowtriqReporter(
        final FlowtriqApiClient client,
        final FlowtriqJson json,
        final DurableOutbox outbox,
        final AgentStatusSource status,
        final ServerConfigListener configListener)
    {
        this.client = client;
        this.json = json;
        this.outbox = outbox;
        this.status = status;
        this.configListener = configListener;
        this.configParser = new ServerConfigParser(json.factory());
        final ApiSettings settings = client.settings();
        this.heartbeatIntervalMillis = settings.heartbeatIntervalMillis();
        this.metricsIntervalMillis = settings.metricsIntervalMillis();
        this.configPollMillis = settings.configPollMillis();
    }

    /**
     * Any thread. Changes the periods of the heartbeat, the metrics samples and the calm config poll (the poll
     * during an incident keeps its own, shorter period); each takes effect at once, counted from its last send.
     *
     * @param heartbeatMillis  {@code heartbeat_interval}.
     * @param metricsMillis    {@code metrics_interval}.
     * @param configPollMillis {@code config_poll_interval}.
     */
    public void intervals(final long heartbeatMillis, final long metricsMillis, final long configPollMillis)
    {
        if (heartbeatMillis < 1 || metricsMillis < 1 || configPollMillis < 1)
        {
            throw new IllegalArgumentException("intervals must be positive: " + heartbeatMillis + ", " +
                metricsMillis + ", " + configPollMillis);
        }
        this.heartbeatIntervalMillis = heartbeatMillis;
        this.metricsIntervalMillis = metricsMillis;
        this.configPollMillis = configPollMillis;
    }

    /** @return {@code heartbeat_interval} in force, in milliseconds. */
    public long heartbeatIntervalMillis()
    {
        return heartbeatIntervalMillis;
    }

    /** @return {@code metrics_interval} in force, in milliseconds. */
    public long metricsIntervalMillis()
    {
        return metricsIntervalMillis;
    }

    /** @return the calm config poll period in force, in milliseconds. */
    public long configPollMillis()
    {
        return configPollMillis;
    }

    @Override
    public void onIncidentEvent(final IncidentEvent event)
    {
        final String id = event.incidentId();
        switch (event.state())
        {
            case OPEN ->
            {
                outbox.submit(OutboxEntryKind.INCIDENT_OPEN, FlowtriqDestination.CHANNEL, id, json.incidentOpen(event));
                openIncidents.add(id);
                configPollNow = true;
            }
            case UPDATE -> outbox.submit(
                OutboxEntryKind.INCIDENT_UPDATE, FlowtriqDestination.CHANNEL, id, json.incidentUpdate(event));
            case RESOLVE ->
            {
                outbox.submit(
                    OutboxEntryKind.INCIDENT_RESOLVE, FlowtriqDestination.CHANNEL, id, json.incidentResolve(event));
                openIncidents.remove(id);
            }
        }
    }

    @Override
    public int doWork(final long nowMillis)
    {
        int work = 0;
        final ApiSettings settings = client.settings();
        if (nowMillis - lastMetricsMillis >= metricsIntervalMillis)
        {
            lastMetricsMillis = nowMillis;
            final TrafficSample sample = status.trafficSample();
            if (sample != null)
            {
                outbox.submit(OutboxEntryKind.METRICS_SAMPLE, FlowtriqDestination.CHANNEL, "", json.metrics(sample));
                work++;
            }
        }
        // The L7 stage makes one sample per metrics_interval; post each as soon as it is there.
        final L7Sample l7Sample = status.takeL7Sample();
        if (l7Sample != null)
        {
            submitL7(l7Sample);
            work++;
        }
        if (nowMillis - lastHeartbeatMillis >= heartbeatIntervalMillis)
        {
            lastHeartbeatMillis = nowMillis;
            if (outbox.tryAcquireChannel(FlowtriqDestination.CHANNEL, nowMillis))
            {
                final HttpOutcome outcome = sendHeartbeat();
                outbox.recordChannelOutcome(FlowtriqDestination.CHANNEL, outcome.isServerReachable(), nowMillis);
                work++;
            }
        }
        // The period is chosen when polling (10 s while an incident is open); a shorter calm period set since
        // takes effect at once.
        if (configPollNow || nowMillis - lastConfigMillis >= Math.min(configPeriodMillis, configPollMillis))
        {
            configPollNow = false;
            lastConfigMillis = nowMillis;
            configPeriodMillis = openIncidents.isEmpty() ?
                configPollMillis : Math.min(configPollMillis, settings.configPollDuringIncidentMillis());
            if (outbox.tryAcquireChannel(FlowtriqDestination.CHANNEL, nowMillis))
            {
                final HttpOutcome outcome = fetchAndApplyConfig();
                outbox.recordChannelOutcome(FlowtriqDestination.CHANNEL, outcome.isServerReachable(), nowMillis);
                work++;
            }
        }
        return work;
    }

    /**
     * Sends one heartbeat now and returns the outcome; used by the periodic task and by {@code ftagent test}.
     * Blocks up to the request timeout.
     */
    public HttpOutcome sendHeartbeat()
    {
        final HttpOutcome outcome = client.post("/agent/heartbeat", FlowtriqApiClient.JSON,
            json.heartbeat(status.heartbeatStatus(), outbox.counters().depth.get()), java.util.Map.of());
        if (outcome.isSuccess())
        {
            heartbeatsSent.incrementAndGet();
        }
        else
        {
            heartbeatFailures.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, () -> "heartbeat failed: " + outcome.diagnosis());
        }
        return outcome;
    }

    /**
     * Polls {@code GET /agent/config} once and applies the validated result.
     *
     * @return the parsed config, or null if the poll failed.
     */
    public ServerConfig pollConfig()
    {
        final HttpOutcome outcome = fetchAndApplyConfig();
        return outcome.isSuccess() ? lastConfig : null;
    }

    private HttpOutcome fetchAndApplyConfig()
    {
        final HttpOutcome outcome = client.get("/agent/config");
        configPolls.incrementAndGet();
        if (!outcome.isSuccess())
        {
            LOG.log(System.Logger.Level.DEBUG, () -> "config poll failed: " + outcome.diagnosis());
            return outcome;
        }
        final ServerConfig config = configParser.parse(outcome.body());
        lastConfig = config;
        for (final String rejected : config.rejected())
        {
            // Counted here; the listener that applies the config logs each refused value once, with what it expects.
            configRejectedValues.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, () -> "server config value ignored: " + rejected);
        }
        configListener.onServerConfig(config, outcome.body());
        final List<PendingCommand> fresh = new ArrayList<>();
        for (final PendingCommand command : config.pendingCommands())
        {
            if (seenCommands.add(command.id()))
            {
                fresh.add(command);
                if (seenCommands.size() > SEEN_COMMANDS_MAX)
                {
                    seenCommands.remove(seenCommands.iterator().next());
                }
            }
        }
        if (!fresh.isEmpty())
        {
            configListener.onPendingCommands(fresh);
        }
        return outcome;
    }

    /**
     * Any thread. Queues {@code POST /agent/commands/ack}.
     *
     * @param commandId the command's id.
     * @param applied   true if applied, false if refused or failed.
     * @param error     reason when not applied, else null.
     */
    public void ackCommand(final String commandId, final boolean applied, final String error)
    {
        outbox.submit(OutboxEntryKind.COMMAND_ACK, FlowtriqDestination.CHANNEL, "",
            json.commandAck(commandId, applied, error));
    }

    /**
     * Any thread except detection (it stats the file). Queues the upload of a finished capture: one multipart
     * request up to 2 MiB, else 2 MiB chunks sharing one upload id.
     *
     * @param incidentId local incident id (its open must be queued first).
     * @param pcapFile   the finished capture; must stay in place until uploaded.
     * @return chunks queued.
     * @throws IOException if the file cannot be stat'ed.
     */
    public int uploadPcap(final String incidentId, final Path pcapFile) throws IOException
    {
        final long size = Files.size(pcapFile);
        final String uploadId = String.format("%016x", ThreadLocalRandom.current().nextLong());
        final List<PcapUploadJob> jobs = PcapUploadJob.plan(pcapFile.toAbsolutePath().toString(), size, uploadId);
        for (final PcapUploadJob job : jobs)
        {
            outbox.submit(OutboxEntryKind.PCAP_UPLOAD, FlowtriqDestination.CHANNEL, incidentId, job.toJson(json));
        }
        return jobs.size();
    }

    /**
     * Any thread. Queues an L7 window (droppable).
     */
    public boolean submitL7(final L7Sample sample)
    {
        return outbox.submit(OutboxEntryKind.L7_SAMPLE, FlowtriqDestination.CHANNEL, "", json.l7Metrics(sample));
    }

    /**
     * @return incidents opened and not yet resolved, as seen by the reporter (reporting thread).
     */
    public int openIncidentCount()
    {
        return openIncidents.size();
    }
}
