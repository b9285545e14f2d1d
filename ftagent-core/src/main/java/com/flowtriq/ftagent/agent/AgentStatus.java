package com.flowtriq.ftagent.agent;

import com.fasterxml.jackson.core.JsonGenerator;
import com.flowtriq.ftagent.capture.CaptureStatistics;
import com.flowtriq.ftagent.count.Protocol;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import com.flowtriq.ftagent.report.AgentStatusSource;
import com.flowtriq.ftagent.report.HealthSource;
import com.flowtriq.ftagent.report.HeartbeatStatus;
import com.flowtriq.ftagent.report.L7Sample;
import com.flowtriq.ftagent.report.MetricsSource;
import com.flowtriq.ftagent.report.MetricsWriter;
import com.flowtriq.ftagent.report.TrafficSample;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The agent's latest second, published by the detection thread and read by the reporter (heartbeat, metrics
 * posts) and the {@code /metrics} listener.
 *
 * <p>Threading: {@link #publish} is called by the detection thread only, once per tick; readers on other threads
 * see the fields of one second or of the next (each field is volatile; a reader may mix two adjacent seconds,
 * which is harmless for figures that are themselves one-second averages).
 */
public final class AgentStatus implements AgentStatusSource, MetricsSource, HealthSource
{
    private static final String[] PROTOCOL_LABELS = protocolLabels();

    private final String version;
    private volatile AgentRuntime runtime;
    private volatile boolean published;
    private volatile long pps;
    private volatile long bps;
    private volatile long tcpPackets;
    private volatile long udpPackets;
    private volatile long icmpPackets;
    private volatile long distinctSources;
    private volatile long thresholdPps;
    private volatile long thresholdBps;
    private volatile long baselineAvgPps;
    private volatile long baselineP99Pps;
    private volatile boolean baselineReady;
    private volatile boolean incidentOpen;
    private volatile long totalPackets;
    private volatile long totalBytes;
    private volatile long backPressureDrops;
    private volatile boolean pcapActive;
    /** Totals by {@link Protocol} ordinal; written by the detection thread only, read by scrapes. */
    private final AtomicLongArray protocolPackets = new AtomicLongArray(Protocol.COUNT);
    private final AtomicLongArray protocolBytes = new AtomicLongArray(Protocol.COUNT);

    /** @param version the agent version for heartbeats. */
    public AgentStatus(final String version)
    {
        this.version = version;
    }

    /** Lets {@code /health} name the interface and the capture drops; set once the runtime has started. */
    public void runtime(final AgentRuntime runtime)
    {
        this.runtime = runtime;
    }

    /** Detection thread, after the detector has seen {@code window}. */
    void publish(final TrafficWindow window, final Detector detector, final boolean capturing)
    {
        pps = window.packets();
        bps = window.bytes() * 8;
        tcpPackets = window.packets(Protocol.TCP);
        udpPackets = window.packets(Protocol.UDP);
        icmpPackets = window.packets(Protocol.ICMP) + window.packets(Protocol.ICMPV6);
        distinctSources = Math.round(window.distinctSources());
        thresholdPps = detector.ppsThreshold();
        thresholdBps = detector.bpsThreshold();
        baselineAvgPps = detector.baseline().averagePps();
        baselineP99Pps = detector.baseline().p99Pps();
        baselineReady = !detector.warmingUp();
        incidentOpen = detector.incidentOpen();
        totalPackets += window.packets();
        totalBytes += window.bytes();
        backPressureDrops += window.backPressureDrops();
        for (int p = 0; p < Protocol.COUNT; p++)
        {
            final Protocol protocol = Protocol.ofOrdinal(p);
            addProtocolTotals(protocol, window.packets(protocol), window.bytes(protocol));
        }
        pcapActive = capturing;
        published = true;
    }

    /** Detection thread only (single writer, so a plain read-add-release is enough). */
    void addProtocolTotals(final Protocol protocol, final long packets, final long bytes)
    {
        final int p = protocol.ordinal();
        protocolPackets.lazySet(p, protocolPackets.get(p) + packets);
        protocolBytes.lazySet(p, protocolBytes.get(p) + bytes);
    }

    @Override
    public HeartbeatStatus heartbeatStatus()
    {
        return new HeartbeatStatus(version, baselineReady, baselineAvgPps, baselineP99Pps, pcapActive);
    }

    @Override
    public TrafficSample trafficSample()
    {
        if (!published)
        {
            return null;
        }
        final double packets = Math.max(1, pps);
        return new TrafficSample(pps, bps, 100.0 * tcpPackets / packets, 100.0 * udpPackets / packets,
            100.0 * icmpPackets / packets, distinctSources, thresholdPps, baselineAvgPps, 1);
    }

    @Override
    public L7Sample takeL7Sample()
    {
        final AgentRuntime current = runtime;
        final L7Runtime l7 = current == null ? null : current.l7();
        return l7 == null ? null : l7.takeSample();
    }

    @Override
    public boolean healthy()
    {
        final AgentRuntime current = runtime;
        return current != null && current.capturing();
    }

    @Override
    public void writeDetails(final JsonGenerator json) throws IOException
    {
        final AgentRuntime current = runtime;
        if (current != null)
        {
            json.writeStringField("interface", current.interfaceName());
            final CaptureStatistics capture = current.captureStatistics();
            json.writeNumberField("kernel_drops", capture.kernelDrops);
            json.writeNumberField("malformed_frames", current.malformedFrames());
            json.writeArrayFieldStart("l7_sources");
            for (final String source : current.l7Sources())
            {
                json.writeString(source);
            }
            json.writeEndArray();
            final L7Runtime l7 = current.l7();
            if (l7 != null)
            {
                L7Metrics.writeHealth(json, l7.statistics());
            }
        }
        json.writeNumberField("pps", pps);
        json.writeNumberField("bps", bps);
        json.writeStringField("baseline", baselineReady ? "ready" : "warming up");
        json.writeNumberField("baseline_avg_pps", baselineAvgPps);
        json.writeNumberField("threshold_pps", thresholdPps);
        json.writeNumberField("threshold_bps", thresholdBps);
        json.writeNumberField("open_incidents", incidentOpen ? 1 : 0);
        json.writeNumberField("backpressure_drops", backPressureDrops);
        json.writeBooleanField("pcap_active", pcapActive);
    }

    private static String[] protocolLabels()
    {
        final String[] labels = new String[Protocol.COUNT];
        for (int p = 0; p < Protocol.COUNT; p++)
        {
            labels[p] = Protocol.ofOrdinal(p).name().toLowerCase(Locale.ROOT);
        }
        return labels;
    }

    /**
     * Totals, rates, thresholds and baseline, packets and bytes by protocol; with a runtime also malformed frames
     * by reason, each access log's L7 figures ({@link L7Metrics}) and, when {@code pcap_enabled}, the PCAP writer's
     * drops and captures.
     */
    @Override
    public void collect(final MetricsWriter w)
    {
        w.counter("ftagent_packets_total", "Packets counted since the start.", totalPackets);
        w.counter("ftagent_bytes_total", "Bytes (wire length) counted since the start.", totalBytes);
        w.gauge("ftagent_packets_per_second", "Packets in the last complete second.", pps);
        w.gauge("ftagent_bits_per_second", "Bits in the last complete second.", bps);
        w.gauge("ftagent_threshold_packets_per_second", "Packet rate threshold in force.", thresholdPps);
        w.gauge("ftagent_threshold_bits_per_second", "Bit rate threshold in force.", thresholdBps);
        w.gauge("ftagent_baseline_packets_per_second", "Baseline mean packet rate.", baselineAvgPps);
        w.gauge("ftagent_baseline_ready", "1 once the baseline has warmed up.", baselineReady ? 1 : 0);
        w.gauge("ftagent_incident_open", "1 while an L3/L4 incident is open.", incidentOpen ? 1 : 0);
        w.counter("ftagent_backpressure_drops_total",
            "Records dropped because a counting worker's ring was full.", backPressureDrops);
        for (int p = 0; p < Protocol.COUNT; p++)
        {
            w.counter("ftagent_protocol_packets_total", "Packets counted since the start, by protocol.",
                "protocol", PROTOCOL_LABELS[p], protocolPackets.get(p));
        }
        for (int p = 0; p < Protocol.COUNT; p++)
        {
            w.counter("ftagent_protocol_bytes_total", "Bytes (wire length) counted since the start, by protocol.",
                "protocol", PROTOCOL_LABELS[p], protocolBytes.get(p));
        }
        final AgentRuntime current = runtime;
        if (current != null)
        {
            MalformedFrameMetrics.collect(w, current::malformedFrames);
            // malformedFrames(reason) sums the decoders' counter of any reason, malformed or not.
            DecoderMetrics.collect(w, current::malformedFrames, current.fragmentTableEvictions());
            final L7Runtime l7 = current.l7();
            if (l7 != null)
            {
                L7Metrics.collect(w, l7.statistics());
            }
            final PcapIncidentRecorder recorder = current.pcapRecorder();
            if (recorder != null)
            {
                PcapRecorderMetrics.collect(w, recorder);
            }
        }
    }
}
