package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.agent.FrameTee;
import com.flowtriq.ftagent.capture.CaptureBench;
import com.flowtriq.ftagent.capture.CaptureBenchReport;
import com.flowtriq.ftagent.capture.CaptureOpenException;
import com.flowtriq.ftagent.capture.FanoutMode;
import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.capture.PcapLiveSource;
import com.flowtriq.ftagent.capture.RingGeometry;
import com.flowtriq.ftagent.capture.TpacketV3Source;
import com.flowtriq.ftagent.count.DecodingPublisher;
import com.flowtriq.ftagent.count.FanOutCountingStage;
import com.flowtriq.ftagent.decode.DecodeEvent;
import com.flowtriq.ftagent.decode.FrameDecoder;
import com.flowtriq.ftagent.pcap.PcapCaptureConfiguration;
import com.flowtriq.ftagent.pcap.PcapFrameTap;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ftagent bench}: captures from an interface for a while and prints what capture costs, live each second
 * and as a summary. Nothing is decoded or counted unless asked ({@code --count-workers}), so by default the
 * figures are those of the capture path alone.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Capture from an interface for N seconds and report packets/s, Mbit/s, kernel drops, "
        + "CPU per million packets and the per-batch processing time.",
    footer = {"", "Exit codes: 0 done, 1 capture failed (e.g. unknown interface, no CAP_NET_RAW), 2 bad option.",
        "", "Examples:",
        "  ftagent bench --iface eth0",
        "  ftagent bench --iface eth0 --seconds 30 --threads 2 --count-workers 1",
        "  ftagent bench --iface eth0 --source pcap --json"})
public final class BenchCommand implements Callable<Integer>
{
    /** Which capture implementation to measure. */
    enum Source
    {
        afpacket, pcap
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--iface", required = true, description = "Interface to capture from.")
    String interfaceName;

    @Option(names = "--seconds", defaultValue = "10", description = "How long to capture (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--source", defaultValue = "afpacket",
        description = "afpacket (TPACKET_V3 ring) or pcap (libpcap) (default: ${DEFAULT-VALUE}).")
    Source source;

    @Option(names = "--threads", defaultValue = "1",
        description = "Capture threads; with afpacket they share the interface in one PACKET_FANOUT group "
            + "(default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--fanout-mode", defaultValue = "hash",
        description = "Fanout mode when --threads > 1: hash, lb, cpu, rollover, random, qm (default: ${DEFAULT-VALUE}).")
    String fanoutMode;

    @Option(names = "--block-size", defaultValue = "" + RingGeometry.DEFAULT_BLOCK_SIZE,
        description = "afpacket ring block size in bytes (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(names = "--block-count", defaultValue = "" + RingGeometry.DEFAULT_BLOCK_COUNT,
        description = "afpacket ring blocks per thread (default: ${DEFAULT-VALUE}).")
    int blockCount;

    @Option(names = "--promisc", description = "Put the interface in promiscuous mode while capturing.")
    boolean promiscuous;

    @Option(names = "--count-workers", defaultValue = "0",
        description = "0: measure capture alone (default). N > 0: also decode every frame on the capture thread "
            + "and fan the records out to N counting workers, as `run` does.")
    int countWorkers;

    @Option(names = "--pcap-tap",
        description = "Also run each frame through a PCAP frame tap, as `run` does with pcap_enabled: its pre-attack "
            + "ring (the default 1000 packets, 256-byte snap) records every frame. No incident is open, so no "
            + "capture file is written: this measures what pcap_enabled costs between incidents.")
    boolean pcapTap;

    @Option(names = "--json",
        description = "Print the summary as one JSON object on stdout; the lines of each second go to stderr.")
    boolean json;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (seconds < 1 || seconds > 86_400)
        {
            err.println("ftagent bench: --seconds must be 1..86400, got " + seconds);
            return 2;
        }
        if (threads < 1 || threads > 64)
        {
            err.println("ftagent bench: --threads must be 1..64, got " + threads);
            return 2;
        }
        final FanoutMode mode = FanoutMode.parse(fanoutMode);
        if (mode == null)
        {
            err.println("ftagent bench: --fanout-mode must be one of " + FanoutMode.names() + ", got " + fanoutMode);
            return 2;
        }
        if (countWorkers < 0 || countWorkers > 64)
        {
            err.println("ftagent bench: --count-workers must be 0..64, got " + countWorkers);
            return 2;
        }
        if (source == Source.pcap && threads != 1)
        {
            err.println("ftagent bench: --source pcap captures with one thread; drop --threads or use afpacket");
            return 2;
        }

        final List<PacketSource> sources = new ArrayList<>();
        try
        {
            openSources(sources, mode);
        }
        catch (final CaptureOpenException ex)
        {
            closeAll(sources);
            err.println("ftagent bench: " + ex.getMessage());
            return 1;
        }

        if (!json)
        {
            out.printf("capturing on %s for %d s (%s, %d thread%s)%n",
                interfaceName, seconds, source, threads, threads == 1 ? "" : "s");
        }
        final FanOutCountingStage stage = countWorkers == 0 ? null : new FanOutCountingStage(countWorkers);
        // Never started and never given a start request: the taps only fill their pre-attack rings, and the
        // directory is never created.
        final PcapIncidentRecorder recorder = pcapTap ? new PcapIncidentRecorder(
            PcapCaptureConfiguration.defaults(
                Path.of(System.getProperty("java.io.tmpdir"), "ftagent-bench-pcap-unused"), sources.get(0).linkType()),
            System::nanoTime,
            result -> { }) : null;
        final List<DecodingPublisher> publishers = new ArrayList<>();
        final List<PcapFrameTap> taps = new ArrayList<>();
        final List<FrameHandler> handlers = new ArrayList<>();
        for (final PacketSource opened : sources)
        {
            FrameHandler handler = new DiscardingHandler();
            if (stage != null)
            {
                final DecodingPublisher publisher =
                    new DecodingPublisher(new FrameDecoder(opened.linkType()), stage.newPublisher());
                publishers.add(publisher);
                handler = publisher;
            }
            if (recorder != null)
            {
                final PcapFrameTap tap = recorder.newTap();
                taps.add(tap);
                handler = new FrameTee(tap, handler);
            }
            handlers.add(handler);
        }
        final CaptureBenchReport report;
        try
        {
            if (stage != null)
            {
                stage.start();
            }
            // With --json, stdout holds the JSON object alone; the live lines still show, on stderr.
            final PrintWriter live = json ? err : out;
            report = new CaptureBench(sources, handlers::get).run(seconds, second ->
            {
                live.println(second.line());
                live.flush();
            });
        }
        finally
        {
            if (stage != null)
            {
                stage.close();
            }
            taps.forEach(PcapFrameTap::close);
        }
        out.println(json ? report.json() : report.text());
        if (recorder != null && !json)
        {
            out.printf(Locale.ROOT, "pcap tap        pre-attack ring of %d packets per capture thread, %d-byte snap%n",
                PcapCaptureConfiguration.PREATTACK_PACKETS_DEFAULT, PcapCaptureConfiguration.SNAP_LENGTH_DEFAULT);
        }
        if (stage != null && !json)
        {
            long malformed = 0;
            for (final DecodingPublisher publisher : publishers)
            {
                malformed += publisher.decoder().counters().total(DecodeEvent.Kind.MALFORMED);
            }
            out.printf(Locale.ROOT, "decode+count    %d worker(s), %,d records dropped for a full worker ring, %,d malformed%n",
                countWorkers, stage.backPressureDrops(), malformed);
        }
        return 0;
    }

    private void openSources(final List<PacketSource> sources, final FanoutMode mode)
    {
        if (source == Source.pcap)
        {
            sources.add(PcapLiveSource.open(new PcapLiveSource.Settings()
                .interfaceName(interfaceName)
                .promiscuous(promiscuous)));
            return;
        }
        final RingGeometry geometry = RingGeometry.of(
            blockSize, blockCount, RingGeometry.DEFAULT_FRAME_SIZE, RingGeometry.DEFAULT_BLOCK_TIMEOUT_MILLIS);
        // The group id only has to be unique among the fanout groups on this interface; the pid is.
        final int groupId = (int)(ProcessHandle.current().pid() & 0xFFFF);
        for (int i = 0; i < threads; i++)
        {
            final TpacketV3Source.Settings settings = new TpacketV3Source.Settings()
                .interfaceName(interfaceName)
                .ringGeometry(geometry)
                .promiscuous(promiscuous);
            if (threads > 1)
            {
                settings.fanout(groupId, mode);
            }
            sources.add(TpacketV3Source.open(settings));
        }
    }

    private static void closeAll(final List<PacketSource> sources)
    {
        for (final PacketSource opened : sources)
        {
            opened.close();
        }
    }

    /** Touches nothing: the bench measures the capture path alone. */
    private static final class DiscardingHandler implements FrameHandler
    {
        @Override
        public void onFrame(
            final MemorySegment frame,
            final long offset,
            final int capturedLength,
            final int wireLength,
            final long timestampNanos)
        {
        }
    }
}
