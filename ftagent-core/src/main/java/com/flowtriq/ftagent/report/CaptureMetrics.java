package com.flowtriq.ftagent.report;

import java.util.function.Consumer;

import com.flowtriq.ftagent.capture.CaptureStatistics;

/**
 * Exports a packet source's {@link CaptureStatistics} (packets, bytes, kernel and interface drops, ring freezes).
 * The filler is called on the metrics thread with a scratch object, which this class owns; the filler must be
 * safe to call from that thread (e.g. a snapshot the capture thread publishes).
 */
public final class CaptureMetrics implements MetricsSource
{
    private final Consumer<CaptureStatistics> filler;
    private final CaptureStatistics scratch = new CaptureStatistics();

    /**
     * @param filler fills the statistics, e.g. {@code source::statistics} where that is thread-safe.
     */
    public CaptureMetrics(final Consumer<CaptureStatistics> filler)
    {
        this.filler = filler;
    }

    @Override
    public synchronized void collect(final MetricsWriter w)
    {
        scratch.reset();
        filler.accept(scratch);
        w.counter("ftagent_capture_packets_total", "Frames handed to the decoder.", scratch.packets);
        w.counter("ftagent_capture_bytes_total", "Wire bytes of the frames handed to the decoder.", scratch.bytes);
        w.counter("ftagent_capture_drops_total", "Frames dropped before the agent saw them, by where.", "where",
            "kernel", scratch.kernelDrops);
        w.counter("ftagent_capture_drops_total", "Frames dropped before the agent saw them, by where.", "where",
            "interface", scratch.interfaceDrops);
        w.counter("ftagent_capture_ring_freezes_total", "Times the TPACKET_V3 queue froze (all blocks in use).",
            scratch.freezeCount);
    }
}
