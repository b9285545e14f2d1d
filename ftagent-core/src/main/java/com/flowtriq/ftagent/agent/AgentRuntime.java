package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.capture.CaptureStatistics;
import com.flowtriq.ftagent.capture.FanoutMode;
import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.capture.PcapLiveSource;
import com.flowtriq.ftagent.capture.RingGeometry;
import com.flowtriq.ftagent.capture.TpacketV3Source;
import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.CaptureConfig;
import com.flowtriq.ftagent.config.PcapConfig;
import com.flowtriq.ftagent.count.CaptureThreadCountingStage;
import com.flowtriq.ftagent.count.CountingStage;
import com.flowtriq.ftagent.count.DecodingPublisher;
import com.flowtriq.ftagent.count.FanOutCountingStage;
import com.flowtriq.ftagent.count.HyperLogLog;
import com.flowtriq.ftagent.count.RecordFanOut;
import com.flowtriq.ftagent.decode.DecodeEvent;
import com.flowtriq.ftagent.decode.FrameDecoder;
import com.flowtriq.ftagent.detect.BaselineSaver;
import com.flowtriq.ftagent.detect.DetectionSettings;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.detect.WallDetectorClock;
import com.flowtriq.ftagent.incident.IncidentListener;
import com.flowtriq.ftagent.pcap.PcapCaptureListener;
import com.flowtriq.ftagent.pcap.PcapFrameTap;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code ftagent run}, assembled: capture threads (one fanout socket each) decode frames in place and publish
 * records to the counting workers; the detection thread ticks once a second and drives the incident listeners;
 * the PCAP writer runs on its own thread. {@link #close()} stops it all in order and leaves nothing half done:
 * capture stops first, then an open incident is resolved as truncated (reason {@code shutdown}), then the
 * listeners flush, then the baseline is saved.
 *
 * <p>Threading: built and closed by one thread (the CLI's), which may call nothing else in between.
 */
public final class AgentRuntime implements AutoCloseable
{
    /** {@code resolve_reason} of an incident still open when the agent stops. */
    public static final String REASON_SHUTDOWN = "shutdown";

    private static final System.Logger LOGGER = System.getLogger(AgentRuntime.class.getName());

    private final String interfaceName;
    private final List<CaptureThread> captures = new ArrayList<>();
    private final List<Thread> captureThreads = new ArrayList<>();
    private final List<DecodingPublisher> publishers = new ArrayList<>();
    private final CountingStage stage;
    private final Detector detector;
    private final PeriodicBaselineSave baselineSave;
    private final DetectionLoop detection;
    private final PcapIncidentRecorder pcap;
    private final AgentRunner pcapRunner;
    private final List<AutoCloseable> closeAfterDetection;
    private final L7Runtime l7;
    private final IncidentPcapSwitch pcapSwitch;
    private boolean closed;

    private AgentRuntime(final Builder builder)
    {
        this.interfaceName = builder.interfaceName;
        this.stage = builder.stage;
        this.detector = builder.detector;
        this.baselineSave = builder.baselineSave;
        this.detection = builder.detection;
        this.pcap = builder.pcap;
        this.pcapRunner = builder.pcapRunner;
        this.closeAfterDetection = builder.closeAfterDetection;
        this.l7 = builder.l7;
        this.pcapSwitch = builder.pcapSwitch;
        this.captures.addAll(builder.captures);
        this.captureThreads.addAll(builder.captureThreads);
        this.publishers.addAll(builder.publishers);
    }

    /**
     * Opens the capture sources and starts every thread.
     *
     * @param config    a validated config.
     * @param status    published by the detection thread every second, for the reporter and /metrics.
     * @param listeners incident consumers besides the log and the PCAP writer (journal, reporter, mitigation),
     *                  called on the detection thread; each must hand slow work to its own thread.
     * @param closeables closed after the detection thread has stopped and the last events were delivered, in
     *                  order (e.g. the reporter, so that it flushes what those events queued); also closed, after
     *                  what was started, when the start fails.
     * @param pcapListener told of every finished incident capture (after it is logged), e.g. to upload it.
     * @return the running agent.
     * @throws com.flowtriq.ftagent.capture.CaptureOpenException when the interface cannot be captured from.
     */
    public static AgentRuntime start(
        final AgentConfig config,
        final AgentStatus status,
        final List<IncidentListener> listeners,
        final List<AutoCloseable> closeables,
        final PcapCaptureListener pcapListener)
    {
        return start(config, status, listeners, closeables, pcapListener, List.of());
    }

    /**
     * As {@link #start(AgentConfig, AgentStatus, List, List, PcapCaptureListener)}, with listeners that receive every
     * L7 incident event (on the L7 detector thread) besides the operator log.
     *
     * @param l7Listeners L7 incident listeners, e.g. {@link L7IncidentReporting}.
     * @return the running agent.
     */
    public static AgentRuntime start(
        final AgentConfig config,
        final AgentStatus status,
        final List<IncidentListener> listeners,
        final List<AutoCloseable> closeables,
        final PcapCaptureListener pcapListener,
        final List<com.flowtriq.ftagent.l7.L7IncidentListener> l7Listeners)
    {
        final Builder builder = new Builder();
        try
        {
            builder.l7Listeners = List.copyOf(l7Listeners);
            builder.build(config, status, listeners, closeables, pcapListener);
            return new AgentRuntime(builder);
        }
        catch (final RuntimeException ex)
        {
            builder.abandon();
            throw ex;
        }
    }

    /**
     * @param engine the mitigation engine.
     * @return the incident listener that applies its rules on open and reverts them on resolve.
     */
    public static IncidentListener mitigationListener(final com.flowtriq.ftagent.mitigate.MitigationEngine engine)
    {
        return new MitigationDispatch(engine);
    }

    /**
     * @param engine the mitigation engine.
     * @return the L7 incident listener that applies its rules on open (top client IPs as sources) and reverts them
     *         on resolve.
     */
    public static com.flowtriq.ftagent.l7.L7IncidentListener l7MitigationListener(
        final com.flowtriq.ftagent.mitigate.MitigationEngine engine)
    {
        return new L7MitigationDispatch(engine);
    }

    /** @return the interface being watched. */
    public String interfaceName()
    {
        return interfaceName;
    }

    /** @return true while at least one capture thread is running. Any thread. */
    public boolean capturing()
    {
        for (final Thread thread : captureThreads)
        {
            if (thread.isAlive())
            {
                return true;
            }
        }
        return false;
    }

    /** @return the L7 stage (per-log statistics, API samples), or null if it is off. */
    L7Runtime l7()
    {
        return l7;
    }

    /** @return {@code pcap_enabled} as pushed while running, or null when the agent started without PCAP. */
    public IncidentPcapSwitch pcapSwitch()
    {
        return pcapSwitch;
    }

    /** @return the access logs the L7 stage watches, empty if it is off. */
    public List<String> l7Sources()
    {
        return l7 == null ? List.of() : l7.sources();
    }

    /** @return the detector, for status and tests. */
    public Detector detector()
    {
        return detector;
    }

    /** @return capture statistics summed over every source. Any thread. */
    public CaptureStatistics captureStatistics()
    {
        final CaptureStatistics sum = new CaptureStatistics();
        final CaptureStatistics one = new CaptureStatistics();
        for (final CaptureThread capture : captures)
        {
            one.reset();
            capture.source().statistics(one);
            sum.add(one);
        }
        return sum;
    }

    /** @return malformed frames since the start, summed over the capture threads' decoders. Any thread. */
    public long malformedFrames()
    {
        long sum = 0;
        for (final DecodingPublisher publisher : publishers)
        {
            sum += publisher.decoder().counters().total(DecodeEvent.Kind.MALFORMED);
        }
        return sum;
    }

    /**
     * @return frames dropped as malformed for {@code reason} since the start, summed over the capture threads'
     *         decoders. Any thread.
     */
    public long malformedFrames(final DecodeEvent reason)
    {
        long sum = 0;
        for (final DecodingPublisher publisher : publishers)
        {
            sum += publisher.decoder().counters().count(reason);
        }
        return sum;
    }

    /**
     * @return first fragments evicted from the capture threads' fragment tables while still live, since the start.
     *         Any thread.
     */
    public long fragmentTableEvictions()
    {
        long sum = 0;
        for (final DecodingPublisher publisher : publishers)
        {
            sum += publisher.decoder().fragmentTable().evictions();
        }
        return sum;
    }

    /** @return the incident capture writer, or null when {@code pcap_enabled} is false. Any thread. */
    public PcapIncidentRecorder pcapRecorder()
    {
        return pcap;
    }

    /**
     * Stops everything in order: capture, then detection (resolving an open incident as truncated, reason
     * {@code shutdown}), then the PCAP writer and the other closeables, then saves the baseline.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        LOGGER.log(System.Logger.Level.INFO, "stopping: capture on " + interfaceName);
        for (final CaptureThread capture : captures)
        {
            capture.stop();
        }
        joinAll(captureThreads);
        if (l7 != null)
        {
            l7.close();
        }
        try
        {
            detection.stop();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final long nowMillis = System.currentTimeMillis();
        detector.finish(nowMillis, REASON_SHUTDOWN);
        // Before the shutdown save below, so that the two never write the file at once.
        baselineSave.close();
        stage.close();
        if (pcapRunner != null)
        {
            pcapRunner.close();
        }
        for (final AutoCloseable closeable : closeAfterDetection)
        {
            closeQuietly(closeable);
        }
        try
        {
            detector.saveBaseline(TimeUnit.MILLISECONDS.toSeconds(nowMillis));
            LOGGER.log(System.Logger.Level.INFO, "baseline saved to " + detector.baselinePath());
        }
        catch (final IOException | RuntimeException ex)
        {
            LOGGER.log(System.Logger.Level.ERROR, "could not save the baseline to " + detector.baselinePath() + ": " +
                ex.getMessage());
        }
        final CaptureStatistics totals = captureStatistics();
        LOGGER.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
            "stopped: %,d packets captured, %,d kernel drops, %,d back-pressure drops, %,d malformed",
            totals.packets, totals.kernelDrops, stage.backPressureDrops(), malformedFrames()));
    }

    /**
     * The counting stage for this host: on one core with one capture thread, the capture thread counts directly
     * (issue #3's single-threaded mode: no worker thread competing for the core, no ring, no copy); otherwise
     * records are fanned out to counting workers, half the cores, so that capture threads keep the other half.
     */
    static CountingStage countingStage(final int cores, final int captureThreads, final int topK)
    {
        if (cores == 1 && captureThreads == 1)
        {
            return new CaptureThreadCountingStage(
                topK, HyperLogLog.DEFAULT_PRECISION, FanOutCountingStage.DEFAULT_TICK_TIMEOUT_NANOS);
        }
        return new FanOutCountingStage(Math.max(1, cores / 2), RecordFanOut.DEFAULT_RING_CAPACITY, topK,
            HyperLogLog.DEFAULT_PRECISION, FanOutCountingStage.DEFAULT_TICK_TIMEOUT_NANOS);
    }

    private static void joinAll(final List<Thread> threads)
    {
        for (final Thread thread : threads)
        {
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        try
        {
            closeable.close();
        }
        catch (final Exception ex)
        {
            LOGGER.log(System.Logger.Level.ERROR, "stopping " + closeable.getClass().getSimpleName() + ": " + ex);
        }
    }

    /** Collects what has been started so far, so that a failure half-way closes exactly that. */
    private static final class Builder
    {
        private String interfaceName;
        private final List<PacketSource> sources = new ArrayList<>();
        private final List<CaptureThread> captures = new ArrayList<>();
        private final List<Thread> captureThreads = new ArrayList<>();
        private final List<DecodingPublisher> publishers = new ArrayList<>();
        private CountingStage stage;
        private Detector detector;
        private PeriodicBaselineSave baselineSave;
        private IncidentDispatch dispatch;
        private DetectionLoop detection;
        private Thread detectionThread;
        private PcapIncidentRecorder pcap;
        private AgentRunner pcapRunner;
        private L7Runtime l7;
        private IncidentPcapSwitch pcapSwitch;
        private List<com.flowtriq.ftagent.l7.L7IncidentListener> l7Listeners = List.of();
        private List<AutoCloseable> closeAfterDetection = List.of();

        void build(
            final AgentConfig config,
            final AgentStatus status,
            final List<IncidentListener> listeners,
            final List<AutoCloseable> closeables,
            final PcapCaptureListener pcapListener)
        {
            closeAfterDetection = List.copyOf(closeables);
            final CaptureConfig capture = config.capture();
            if (capture.autoInterface())
            {
                final InterfaceChoice.Choice choice = new InterfaceChoice().choose();
                interfaceName = choice.name();
                LOGGER.log(System.Logger.Level.INFO, "interface \"auto\": watching " + choice.name() + " because " +
                    choice.reason());
            }
            else
            {
                interfaceName = capture.interfaceName();
            }

            final int cores = Runtime.getRuntime().availableProcessors();
            final int threads = capture.threads() > 0 ? capture.threads() : cores;
            final boolean afpacket = "afpacket".equals(capture.source());
            openSources(capture, afpacket ? threads : 1);

            stage = countingStage(cores, sources.size(), capture.topK());

            final PcapConfig pcapConfig = config.pcap();
            if (pcapConfig.enabled())
            {
                pcap = new PcapIncidentRecorder(ConfiguredPcap.configuration(pcapConfig, pcapConfig.dir(), sources.get(0).linkType()),
                    new SystemEpochNanoClock(), result ->
                    {
                        LOGGER.log(System.Logger.Level.INFO, "incident " + result.incidentId() + ": PCAP " +
                            result.outcome() + (result.file() == null ? "" : " " + result.file() + ", " +
                            result.packets() + " packets, " + result.droppedPackets() + " dropped") +
                            (result.detail().isEmpty() ? "" : " (" + result.detail() + ")"));
                        pcapListener.onCaptureFinished(result);
                    });
            }

            final DetectionSettings settings = ConfiguredDetection.settings(config);
            pcapSwitch = pcap == null ? null : new IncidentPcapSwitch();
            dispatch = new IncidentDispatch(pcap, pcapConfig.incidentFilter(), pcapSwitch, listeners);
            detector = new Detector(settings, dispatch);
            detector.restoreBaseline(TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis()));
            baselineSave = PeriodicBaselineSave.start(detector, BaselineSaver.DEFAULT_SAVE_INTERVAL_SECONDS);

            for (final PacketSource source : sources)
            {
                final DecodingPublisher publisher =
                    new DecodingPublisher(new FrameDecoder(source.linkType()), stage.newPublisher());
                publishers.add(publisher);
                final PcapFrameTap tap = pcap == null ? null : pcap.newTap();
                final FrameHandler handler = tap == null ? publisher : new FrameTee(tap, publisher);
                captures.add(new CaptureThread(source, handler, tap));
            }
            sources.clear();
            resolveIpv6Sources(listeners);

            stage.start();
            if (pcap != null)
            {
                pcapRunner = new AgentRunner(new SleepingMillisIdleStrategy(1), ex -> LOGGER.log(
                    System.Logger.Level.ERROR, "PCAP writer: " + ex), null, pcap);
                AgentRunner.startOnThread(pcapRunner);
            }
            final PcapIncidentRecorder recorder = pcap;
            detection = new DetectionLoop(stage, detector, WallDetectorClock.system(), status,
                () -> recorder != null && recorder.capturing());
            detectionThread = Thread.ofPlatform().name("ftagent-detect").start(detection);
            for (int i = 0; i < captures.size(); i++)
            {
                captureThreads.add(Thread.ofPlatform().name("ftagent-capture-" + i).start(captures.get(i)));
            }
            // the L7 capture listener names the file on resolve, so it comes before reporting's
            final List<com.flowtriq.ftagent.l7.L7IncidentListener> l7Dispatch = new ArrayList<>();
            if (pcap != null)
            {
                l7Dispatch.add(new L7IncidentCapture(pcap, pcapConfig.incidentFilter(), pcapSwitch));
            }
            l7Dispatch.addAll(l7Listeners);
            l7 = L7Runtime.start(config.l7(), config.state().stateDir(), config.api().metricsIntervalSeconds(),
                L7Runtime.fanOut(L7Runtime.logging(), l7Dispatch));
            LOGGER.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                "watching %s with %d %s capture thread(s), %s; PCAP %s; %s",
                interfaceName, captures.size(), capture.source(), stage instanceof CaptureThreadCountingStage ?
                    "counting on the capture thread (one core)" : stage.workerCount() + " counting worker(s)",
                pcap == null ? "off" : "to " + pcapConfig.dir(), detector.status()));
        }

        /** Lets mitigation turn IPv6 source digests back into addresses; before the detection thread starts. */
        private void resolveIpv6Sources(final List<IncidentListener> listeners)
        {
            final List<com.flowtriq.ftagent.decode.Ipv6AddressBook> books = new ArrayList<>();
            for (final DecodingPublisher publisher : publishers)
            {
                books.add(publisher.decoder().addressBook());
            }
            dispatch.resolveIpv6With(books);
            detector.resolveIpv6With(books);
            for (final IncidentListener listener : listeners)
            {
                if (listener instanceof MitigationDispatch mitigation)
                {
                    mitigation.resolveIpv6With(books);
                }
            }
        }

        private void openSources(final CaptureConfig capture, final int count)
        {
            if (!"afpacket".equals(capture.source()))
            {
                sources.add(PcapLiveSource.open(new PcapLiveSource.Settings()
                    .interfaceName(interfaceName)
                    .promiscuous(capture.promiscuous())));
                return;
            }
            final RingGeometry geometry = RingGeometry.of(capture.ringBlockSize(), capture.ringBlockCount(),
                capture.ringFrameSize(), capture.ringBlockTimeoutMs());
            final FanoutMode mode = FanoutMode.parse(capture.fanoutMode());
            final int groupId = (int)(ProcessHandle.current().pid() & 0xFFFF);
            for (int i = 0; i < count; i++)
            {
                final TpacketV3Source.Settings settings = new TpacketV3Source.Settings()
                    .interfaceName(interfaceName)
                    .ringGeometry(geometry)
                    .promiscuous(capture.promiscuous());
                if (count > 1)
                {
                    settings.fanout(groupId, mode);
                }
                sources.add(TpacketV3Source.open(settings));
            }
        }

        /** Closes whatever was opened or started before a failure. */
        void abandon()
        {
            for (final CaptureThread capture : captures)
            {
                capture.stop();
            }
            joinAll(captureThreads);
            if (captureThreads.isEmpty())
            {
                for (final CaptureThread capture : captures)
                {
                    capture.source().close();
                }
            }
            for (final PacketSource source : sources)
            {
                source.close();
            }
            if (detection != null)
            {
                try
                {
                    detection.stop();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            if (baselineSave != null)
            {
                baselineSave.close();
            }
            if (stage != null)
            {
                stage.close();
            }
            if (pcapRunner != null)
            {
                pcapRunner.close();
            }
            if (l7 != null)
            {
                l7.close();
            }
            for (final AutoCloseable closeable : closeAfterDetection)
            {
                closeQuietly(closeable);
            }
        }
    }
}
