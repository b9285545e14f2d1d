package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import com.flowtriq.ftagent.report.MetricsWriter;

/**
 * The incident capture writer's counters on {@code /metrics} (issue #5), written when {@code pcap_enabled}:
 * frames dropped from captures because the ring to the writer was full, captures started, refused and failed,
 * and whether one is running.
 *
 * <p>Cold path (a scrape): the recorder's counters may be read from any thread.
 */
final class PcapRecorderMetrics
{
    static final String DROPPED = "ftagent_pcap_dropped_frames_total";

    private PcapRecorderMetrics()
    {
    }

    static void collect(final MetricsWriter w, final PcapIncidentRecorder recorder)
    {
        w.counter(DROPPED, "Frames left out of incident captures because the ring to the PCAP writer was full.",
            recorder.droppedFramesTotal());
        w.counter("ftagent_pcap_captures_total", "Incident captures started.", recorder.capturesStarted());
        w.counter("ftagent_pcap_captures_refused_total", "Incident captures refused (one running, or low disk).",
            recorder.capturesRefused());
        w.counter("ftagent_pcap_captures_failed_total", "Incident captures that failed to create or write the file.",
            recorder.capturesFailed());
        w.gauge("ftagent_pcap_capturing", "1 while an incident capture is being written.",
            recorder.capturing() ? 1 : 0);
    }
}
