package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.agent.ConfiguredDetection;
import com.flowtriq.ftagent.agent.ConfiguredPcap;
import com.flowtriq.ftagent.agent.IncidentCapture;
import com.flowtriq.ftagent.agent.L7Runtime;
import com.flowtriq.ftagent.agent.OperatorLog;
import com.flowtriq.ftagent.agent.ReplayPipeline;
import com.flowtriq.ftagent.capture.PcapFileDefect;
import com.flowtriq.ftagent.capture.PcapFileSource;
import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ConfigLoader;
import com.flowtriq.ftagent.count.HyperLogLog;
import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.decode.DecodeEvent;
import com.flowtriq.ftagent.detect.DetectionSettings;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.detect.DetectorClock;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.l7.AccessLogFormat;
import com.flowtriq.ftagent.l7.AccessLogReplay;
import com.flowtriq.ftagent.l7.AccessLogTailer;
import com.flowtriq.ftagent.l7.L7DetectorSettings;
import com.flowtriq.ftagent.l7.TrustedProxies;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ftagent replay FILE}: runs a capture through decode, count and detection in packet time and prints the
 * incidents it would have raised. Nothing is reported, captured or mitigated, and no state is read or written:
 * the baseline starts empty, so until it has warmed up only the configured floors apply.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Replay a pcap/pcapng file through detection (in packet time) and print the incidents.",
    footer = {"", "Exit codes: 0 done, 1 unreadable or not a capture file, 2 bad option or config, or no such file.",
        "", "Examples:",
        "  ftagent replay attack.pcap",
        "  ftagent replay attack.pcap --format text",
        "  ftagent replay attack.pcap --config /etc/ftagent/config.json > incidents.jsonl"})
public final class ReplayCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Capture file (pcap or pcapng).")
    Path file;

    @Option(names = "--access-log", paramLabel = "FILE",
        description = "Replay a web-server access log through L7 detection instead of a capture; prints one JSON "
            + "object per L7 incident event.")
    Path accessLog;

    @Option(names = "--log-format", paramLabel = "F",
        description = "Access log format (nginx_combined, nginx_json, apache_combined, apache_common, "
            + "apache_vhost_combined, caddy_json, litespeed, haproxy_http); default: detected from the file.")
    String logFormat;

    @Option(names = "--config", paramLabel = "PATH",
        description = "Take the detection keys from this config file (default: built-in defaults).")
    Path config;

    /** How incident events are printed. */
    enum Format
    {
        json, text
    }

    @Option(names = "--format", defaultValue = "json",
        description = "json: one JSON object per event and line (default); text: one readable line per event.")
    Format format;

    @Option(names = "--json", description = "Same as --format json.")
    boolean json;

    @Option(names = "--pcap-dir", paramLabel = "DIR",
        description = "Write each incident's capture (pre-attack frames, then the incident's) into DIR, as run does "
            + "with pcap_dir; the pcap_* keys of --config apply.")
    Path pcapDir;

    @Option(names = "--log-level", defaultValue = "WARNING", paramLabel = "LEVEL",
        description = "Log level on stderr: DEBUG, INFO, WARNING, ERROR (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Override
    public Integer call() throws Exception
    {
        return replay(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Runs the command with the options already set (by picocli, or by {@link ReplayArguments} for the common
     * forms that need no picocli model at all).
     *
     * @return the exit code.
     */
    int replay(final PrintWriter out, final PrintWriter err) throws Exception
    {
        OperatorLog.configureStderrOnly(logLevel);
        DetectionSettings settings = DetectionSettings.defaults();
        AgentConfig agentConfig = AgentConfig.defaults();
        if (config != null)
        {
            final ConfigLoader.Result loaded = ConfigLoader.load(config);
            if (!loaded.ok())
            {
                err.println("ftagent replay: " + loaded.report());
                return 2;
            }
            agentConfig = loaded.orThrow();
            settings = ConfiguredDetection.settings(agentConfig);
        }
        if (accessLog != null)
        {
            return replayAccessLog(agentConfig, config != null, out, err);
        }
        if (file == null)
        {
            err.println("ftagent replay: give a capture FILE or --access-log FILE");
            return 2;
        }
        if (!Files.isRegularFile(file))
        {
            err.println("ftagent replay: no such file: " + file);
            return 2;
        }

        final boolean asJson = json || format == Format.json;
        final PcapFileSource source;
        try
        {
            source = PcapFileSource.open(file);
        }
        catch (final IOException ex)
        {
            err.println("ftagent replay: cannot read " + file + ": " + ex.getMessage());
            return 1;
        }

        final int[] events = new int[1];
        // Set once the pipeline exists (the recorder runs on the pipeline's packet clock).
        final IncidentCapture[] capture = new IncidentCapture[1];
        final Detector detector = new Detector(settings, event ->
        {
            events[0]++;
            if (capture[0] != null)
            {
                // As in run: a resolve names its capture, so this comes before the event is printed.
                capture[0].onIncidentEvent(event);
            }
            out.println(asJson ? IncidentJson.toJson(event) : describe(event));
        });
        final ReplayPipeline pipeline = new ReplayPipeline(detector, countingStage(agentConfig));
        detector.resolveIpv6With(List.of(pipeline.addressBook()));
        if (pcapDir != null)
        {
            final PcapIncidentRecorder recorder = new PcapIncidentRecorder(
                ConfiguredPcap.configuration(agentConfig.pcap(), pcapDir, source.linkType()),
                pipeline.packetClock(),
                result -> err.println("replay: incident " + result.incidentId() + ": PCAP " + result.outcome() +
                    (result.file() == null ? "" : " " + result.file() + ", " + result.packets() + " packets (" +
                    result.preAttackPackets() + " from before the incident), " + result.droppedPackets() +
                    " dropped") + (result.detail().isEmpty() ? "" : " (" + result.detail() + ")")));
            pipeline.pcapRecorder(recorder);
            capture[0] = new IncidentCapture(recorder, agentConfig.pcap().incidentFilter());
            capture[0].resolveIpv6With(List.of(pipeline.addressBook()));
        }
        final long started = System.nanoTime();
        final long frames;
        try (source)
        {
            frames = pipeline.replay(source, (read, packetTime) ->
            {
                if (read > 0 && read % 1_000_000 == 0)
                {
                    err.printf(Locale.ROOT, "replay: %,d frames, packet time %s%n", read,
                        packetTime == DetectorClock.NOT_STARTED ? "-" : IncidentJson.iso(packetTime / 1_000_000));
                }
            });
        }
        final double seconds = (System.nanoTime() - started) / 1e9;

        final var counters = pipeline.decoder().counters();
        final double trafficSeconds = source.lastTimestampNanos() == PcapFileSource.NO_TIMESTAMP ? 0 :
            (source.lastTimestampNanos() - source.firstTimestampNanos()) / 1e9;
        err.printf(Locale.ROOT,
            "replay: %s: %,d packets, %.1f s of traffic, replayed in %.2f s wall (%.2f Mpps); %,d malformed, "
                + "%,d not decoded further (not IP, other protocols); %d incident event%s; %s%n",
            file, frames, trafficSeconds, seconds, frames / Math.max(seconds, 1e-9) / 1e6,
            counters.total(DecodeEvent.Kind.MALFORMED), counters.total(DecodeEvent.Kind.OTHER),
            events[0], events[0] == 1 ? "" : "s", detector.status());
        final double sinceStart = ProcessAge.seconds();
        final long mainEntered = Main.mainEnteredNanos;
        if (!Double.isNaN(sinceStart) && mainEntered != 0)
        {
            // Where the whole-process time goes (issue #4 compares it with tcpdump). The process started with
            // bin/ftagent's shell, which execs java; /proc gives that start to 10 ms.
            final double afterReplay = (System.nanoTime() - started) / 1e9 - seconds;
            final double mainToFirstFrame = (started - mainEntered) / 1e9;
            final double toMain = sinceStart - afterReplay - seconds - mainToFirstFrame;
            err.printf(Locale.ROOT, "replay: %.2f s since the process started: %.2f s to main (launcher, JVM start), "
                    + "%.2f s to the first frame (command line, config, open), %.2f s replaying, %.2f s after%n",
                sinceStart, Math.max(0, toMain), mainToFirstFrame, seconds, afterReplay);
        }
        if (source.defect() != PcapFileDefect.NONE)
        {
            err.println("replay: the file ends in a defect at byte " + source.defectOffset() + ": " +
                source.defect() + " (frames before it were replayed)");
        }
        if (pipeline.outOfOrderFrames() > 0 || pipeline.skippedSeconds() > 0)
        {
            err.printf(Locale.ROOT, "replay: %,d frames out of time order, %,d empty seconds skipped in gaps%n",
                pipeline.outOfOrderFrames(), pipeline.skippedSeconds());
        }
        return 0;
    }

    /** The replay's counting stage: counts on the reading thread, with the configured {@code top_k}. */
    static SingleThreadedCountingStage countingStage(final AgentConfig config)
    {
        return new SingleThreadedCountingStage(config.capture().topK(), HyperLogLog.DEFAULT_PRECISION);
    }

    private int replayAccessLog(
        final AgentConfig agentConfig, final boolean configured, final PrintWriter out, final PrintWriter err)
    {
        final AccessLogFormat forced;
        if (logFormat != null)
        {
            forced = AccessLogFormat.byConfigName(logFormat);
            if (forced == null)
            {
                err.println("ftagent replay: unknown --log-format " + logFormat);
                return 2;
            }
        }
        else
        {
            forced = null;
        }
        if (!Files.isRegularFile(accessLog))
        {
            err.println("ftagent replay: no such file: " + accessLog);
            return 2;
        }
        final L7DetectorSettings settings =
            configured ? L7Runtime.detectorSettings(agentConfig.l7()) : L7DetectorSettings.defaults();
        final TrustedProxies proxies =
            configured ? TrustedProxies.parse(agentConfig.l7().trustedProxies()) : TrustedProxies.NONE;
        final int maxLineBytes = configured ? agentConfig.l7().maxLineBytes() : AccessLogTailer.DEFAULT_MAX_LINE_BYTES;
        final AccessLogReplay.Summary summary;
        try
        {
            summary = AccessLogReplay.replay(accessLog, forced, settings, proxies, maxLineBytes, out);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("ftagent replay: " + accessLog + ": cannot detect the access log format; give --log-format");
            return 1;
        }
        catch (final IOException ex)
        {
            err.println("ftagent replay: cannot read " + accessLog + ": " + ex.getMessage());
            return 1;
        }
        err.printf(Locale.ROOT, "replay: %s (%s): %,d requests, %,d malformed lines, %,d oversize lines; "
                + "%d L7 incident%s%n",
            accessLog, summary.format().configName(), summary.requests(), summary.malformedLines(),
            summary.oversizeLines(), summary.incidentsOpened(), summary.incidentsOpened() == 1 ? "" : "s");
        return 0;
    }

    private static String describe(final IncidentEvent event)
    {
        return String.format(Locale.ROOT, "%s %-7s %s %s/%s peak %,d pps %.1f Mbit/s, %,d packets in %d s",
            IncidentJson.iso(event.tsMillis()), event.type().wireName(), event.incidentId(), event.family(),
            event.subtype(), event.peakPps(), event.peakBps() / 1e6, event.packets(), event.seconds());
    }
}
