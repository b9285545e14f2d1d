package com.flowtriq.ftagent.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ConfigKeys;
import com.flowtriq.ftagent.config.ConfigValues;
import com.flowtriq.ftagent.count.CountingStage;
import com.flowtriq.ftagent.count.RecordPublisher;
import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.decode.PacketRecord;
import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import com.flowtriq.ftagent.detect.DetectionSettings;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.detect.DetectorClock;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.report.PendingCommand;
import com.flowtriq.ftagent.report.RecordingHttpServer;
import com.flowtriq.ftagent.report.ReportSettings;
import com.flowtriq.ftagent.report.Reporting;
import com.flowtriq.ftagent.report.ServerConfig;
import com.flowtriq.ftagent.report.ServerConfigListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fake Flowtriq API pushes config while the detection loop runs: the detector's thresholds and timings change at a
 * tick, the refused value is logged and the others still apply, and the open incident carries on.
 */
class ServerConfigLiveTest
{
    private static final String NODE = "5b0c6a8e-0d7e-4c1e-9f51-3f1b2d4a0c11";
    private static final long T0_NANOS = 1_790_000_000L * 1_000_000_000L;
    /** The detection clock runs 20 times faster than real time: a detection second is 50 ms. */
    private static final long SPEED = 20;

    @TempDir
    Path dir;

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler()
    {
        @Override
        public void publish(final LogRecord record)
        {
            logLines.add(record.getMessage());
        }

        @Override
        public void flush()
        {
        }

        @Override
        public void close()
        {
        }
    };
    private final Logger applierLogger = Logger.getLogger(ServerConfigApplier.class.getName());

    @BeforeEach
    void captureLog()
    {
        applierLogger.addHandler(logCapture);
    }

    @AfterEach
    void releaseLog()
    {
        applierLogger.removeHandler(logCapture);
    }

    @Test
    void shouldApplyPushedDetectionSettingsDuringTheLoopRefuseBadHolddownAndKeepOpenIncident() throws Exception
    {
        final AgentConfig file;
        try (RecordingHttpServer server = new RecordingHttpServer())
        {
            file = AgentConfig.of(ConfigValues.builder()
                .set(ConfigKeys.API_KEY, "k")
                .set(ConfigKeys.NODE_UUID, NODE)
                .set(ConfigKeys.API_BASE, server.uri("/api/v1").toString())
                .set(ConfigKeys.STATE_DIR, dir.toString())
                .set(ConfigKeys.DYNAMIC_THRESHOLD, false)
                .set(ConfigKeys.MIN_PPS_THRESHOLD, 1000L)
                .set(ConfigKeys.MIN_BPS_THRESHOLD, 1_000_000_000L)
                .set(ConfigKeys.METRICS_LISTEN, "")
                .build());
            final AtomicReference<String> reply = new AtomicReference<>("{}");
            server.respond((request) -> request.path().endsWith("/agent/incidents") ?
                RecordingHttpServer.Reply.ok("{\"uuid\": \"u-1\"}") :
                request.path().endsWith("/agent/config") ? RecordingHttpServer.Reply.ok(reply.get()) :
                RecordingHttpServer.Reply.ok("{}")).start();

            final ServerConfigApplier applier = new ServerConfigApplier(file);
            final ReportSettings fromFile = ReportSettings.from(file, "test", "edge");
            final ReportSettings settings = new ReportSettings(fromFile.stateDir(), fromFile.outbox(),
                fromFile.api().withIntervals(3_600_000, 3_600_000, 20, 20), fromFile.notifiers(), "",
                fromFile.journalMaxBytes(), false);
            final AgentStatus status = new AgentStatus("test");
            final List<String> events = new CopyOnWriteArrayList<>();
            try (Reporting reporting = new Reporting(settings, status, listener(applier), List.of()))
            {
                reporting.start();
                final DetectionSettings detectionSettings = ConfiguredDetection.settings(file);
                final Detector detector = new Detector(detectionSettings,
                    (IncidentEvent e) -> events.add(e.type() + " " + e.incidentId()));
                final PublishingStage stage = new PublishingStage();
                final long start = System.nanoTime();
                final DetectorClock clock = () -> T0_NANOS + (System.nanoTime() - start) * SPEED;
                final DetectionLoop loop = new DetectionLoop(stage, detector, clock, status, () -> true);
                final Thread thread = Thread.ofPlatform().name("test-detect").start(loop);
                try
                {
                    applier.attach(detector, reporting.reporter());
                    stage.packetsPerTick = 3000;
                    waitFor(() -> !events.isEmpty());
                    assertEquals(1000, healthLong(status, "threshold_pps"));

                    reply.set("{\"min_pps_threshold\": 2000, \"threshold_multiplier\": 5, \"attack_holddown\": 1," +
                        " \"attack_cooldown\": 20, \"something_new\": [1, 2]}");
                    waitFor(() -> healthLong(status, "threshold_pps") == 2000);
                }
                finally
                {
                    loop.stop();
                    thread.join();
                }

                final DetectionSettings inForce = detector.settingsInForce();
                assertEquals(2000, inForce.minPpsThreshold());
                assertEquals(5.0, inForce.thresholdMultiplier());
                assertEquals(DetectionSettings.ATTACK_HOLDDOWN_SECONDS_DEFAULT, inForce.attackHolddownSeconds());
                assertEquals(20, inForce.attackCooldownSeconds());
                assertEquals(20, detector.lifecycle().cooldownSeconds());
                assertEquals(2000, detector.ppsThreshold());
                assertNotEquals(detectionSettings, inForce);

                assertTrue(detector.incidentOpen(), "the update must not end the open incident");
                assertEquals("OPEN " + detector.incidentId(), events.getFirst());
                assertEquals(0, events.stream().filter((e) -> !e.equals("OPEN " + detector.incidentId()) &&
                    !e.equals("UPDATE " + detector.incidentId())).count(), events.toString());

                assertEquals(1, applier.refusedValues());
                assertEquals(1, logLines.stream().filter((l) -> l.contains("server.attack_holddown = 1") &&
                    l.contains("expected an integer from 3 to 3600")).count(), logLines.toString());
                assertTrue(logLines.contains("server config applied: min_pps_threshold: 1000 -> 2000"),
                    logLines.toString());
                assertTrue(logLines.contains("server config applied: threshold_multiplier: 3.0 -> 5.0"),
                    logLines.toString());
                assertTrue(logLines.contains("server config applied: attack_cooldown_seconds: 60 -> 20"),
                    logLines.toString());
            }
        }
    }

    private static ServerConfigListener listener(final ServerConfigApplier applier)
    {
        return new ServerConfigListener()
        {
            @Override
            public void onServerConfig(final ServerConfig config, final byte[] body)
            {
                applier.apply(body);
            }

            @Override
            public void onPendingCommands(final List<PendingCommand> commands)
            {
            }
        };
    }

    private static long healthLong(final AgentStatus status, final String field)
    {
        final StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out))
        {
            json.writeStartObject();
            status.writeDetails(json);
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final String text = out.toString();
        final int at = text.indexOf("\"" + field + "\":");
        final int from = at + field.length() + 3;
        int to = from;
        while (to < text.length() && (Character.isDigit(text.charAt(to)) || text.charAt(to) == '-'))
        {
            to++;
        }
        return Long.parseLong(text.substring(from, to));
    }

    /** Waits for a condition with a generous bound; fails (never hangs) if it does not come. */
    private static void waitFor(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("condition not reached within 20 s");
            }
            Thread.sleep(10);
        }
    }

    /**
     * A single-threaded stage that publishes {@link #packetsPerTick} UDP records from 50 sources before each tick,
     * on the detection thread (as a capture thread would have, just before).
     */
    private static final class PublishingStage implements CountingStage
    {
        private final SingleThreadedCountingStage stage = new SingleThreadedCountingStage();
        private final RecordPublisher publisher = stage.newPublisher();
        private final PacketRecord record = new PacketRecord();
        volatile int packetsPerTick;

        @Override
        public RecordPublisher newPublisher()
        {
            return publisher;
        }

        @Override
        public boolean tick(final long second, final TrafficWindow into)
        {
            final int packets = packetsPerTick;
            for (int i = 0; i < packets; i++)
            {
                final long src = 0xCB00_7100L + (i % 50);
                final int index = publisher.claim(src);
                record.wrap(publisher.buffer(), index)
                    .timestampNanos(second * 1_000_000_000L)
                    .srcAddress(src)
                    .dstAddress(0xC612_000A)
                    .srcPort(40_000)
                    .dstPort(27015)
                    .wireLength(100)
                    .protocol(17)
                    .tcpFlags(0)
                    .packedWord(PacketRecord.packWord(64, PacketRecordDescriptor.FAMILY_IPV4,
                        PacketRecordDescriptor.FRAG_NONE, false, false, PacketRecordDescriptor.REASON_OK, 0));
                publisher.commit(index);
            }
            return stage.tick(second, into);
        }

        @Override
        public TrafficWindow newWindow()
        {
            return stage.newWindow();
        }

        @Override
        public long backPressureDrops()
        {
            return 0;
        }

        @Override
        public int workerCount()
        {
            return 1;
        }

        @Override
        public void start()
        {
        }

        @Override
        public void close()
        {
        }
    }
}
