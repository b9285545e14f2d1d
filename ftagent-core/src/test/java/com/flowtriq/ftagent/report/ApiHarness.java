package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.JsonFactory;

/**
 * Test wiring of the Flowtriq reporter against a {@link RecordingHttpServer}, with small backoffs.
 */
final class ApiHarness
{
    static final String KEY = "test-key-123";
    static final String NODE = "5b0c6a8e-0d7e-4c1e-9f51-3f1b2d4a0c11";
    static final String VERSION = "0.1.0-test";

    final DurableOutbox outbox;
    final FlowtriqReporter reporter;
    final IncidentFanout fanout;
    final ReportAgent agent;
    final List<ServerConfig> configs = new CopyOnWriteArrayList<>();
    final List<PendingCommand> commands = new CopyOnWriteArrayList<>();
    final List<Thread> deliveryThreads = new CopyOnWriteArrayList<>();
    volatile TrafficSample sample = new TrafficSample(1500, 9.6e6, 60, 35, 5, 42, 3600, 1200, 10);
    /** What the status source hands out as L7 samples (each call of takeL7Sample). */
    volatile java.util.function.Supplier<L7Sample> l7Samples = () -> null;

    ApiHarness(final RecordingHttpServer server, final Path stateDir, final long heartbeatMillis) throws IOException
    {
        this(server, stateDir, heartbeatMillis, 3_600_000, 3_600_000);
    }

    ApiHarness(
        final RecordingHttpServer server,
        final Path stateDir,
        final long heartbeatMillis,
        final long configCalmMillis,
        final long configIncidentMillis) throws IOException
    {
        final JsonFactory factory = new JsonFactory();
        final FlowtriqJson json = new FlowtriqJson(factory);
        final ApiSettings settings = ApiSettings.of(server.uri("/api/v1"), KEY, NODE, VERSION)
            .withRequestTimeout(Duration.ofSeconds(5))
            .withIntervals(heartbeatMillis, 3_600_000, configCalmMillis, configIncidentMillis);
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final FlowtriqApiClient client = new FlowtriqApiClient(settings, http);
        final ServerConfigListener listener = new ServerConfigListener()
        {
            public void onServerConfig(final ServerConfig config, final byte[] body)
            {
                configs.add(config);
            }

            public void onPendingCommands(final List<PendingCommand> pending)
            {
                commands.addAll(pending);
            }
        };
        final FlowtriqDestination destination =
            new FlowtriqDestination(client, json, new IncidentUuidMap(stateDir), listener);
        final Destination recording = new Destination()
        {
            public String channel()
            {
                return destination.channel();
            }

            public DeliveryResult deliver(final OutboxEntry entry)
            {
                deliveryThreads.add(Thread.currentThread());
                return destination.deliver(entry);
            }
        };
        final OutboxSettings outboxSettings = OutboxSettings.defaults(stateDir.resolve("outbox"))
            .withBackoff(5, 40, 150);
        outbox = new DurableOutbox(outboxSettings, List.of(recording), System::currentTimeMillis, new Random(7));
        final AgentStatusSource status = new AgentStatusSource()
        {
            public HeartbeatStatus heartbeatStatus()
            {
                return new HeartbeatStatus(VERSION, true, 1200.5, 2400.25, false);
            }

            public TrafficSample trafficSample()
            {
                return sample;
            }

            public L7Sample takeL7Sample()
            {
                return l7Samples.get();
            }
        };
        reporter = new FlowtriqReporter(client, json, outbox, status, listener);
        fanout = new IncidentFanout(List.of(reporter));
        agent = new ReportAgent(new ArrayList<>(List.of(fanout, reporter, outbox)), System::currentTimeMillis);
    }

    /**
     * Runs the agent on the calling thread until the condition holds (or fails after ~20 s).
     */
    void runUntil(final BooleanSupplier condition) throws InterruptedException
    {
        for (int i = 0; i < 4000 && !condition.getAsBoolean(); i++)
        {
            if (agent.doWork() == 0)
            {
                Thread.sleep(5);
            }
        }
        if (!condition.getAsBoolean())
        {
            throw new AssertionError("condition not reached; outbox depth " + outbox.counters().depth.get());
        }
    }
}
