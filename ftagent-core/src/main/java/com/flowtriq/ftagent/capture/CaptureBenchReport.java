package com.flowtriq.ftagent.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * What {@link CaptureBench} measured: one line a second while it runs, and a summary at the end.
 */
public final class CaptureBenchReport
{
    /**
     * The figures of one second of capture.
     *
     * @param cpuSeconds      CPU seconds of the whole process in that second.
     * @param batches         batches (ring blocks or libpcap dispatches) walked in that second.
     * @param batchP50Nanos   median walk time of those batches, 0 if none.
     * @param batchP99Nanos   99th percentile walk time, 0 if none.
     * @param batchMaxNanos   longest walk time, 0 if none.
     */
    public record Second(
        int second,
        long packets,
        long bytes,
        long kernelDrops,
        double seconds,
        double cpuSeconds,
        long batches,
        long batchP50Nanos,
        long batchP99Nanos,
        long batchMaxNanos)
    {
        static Second between(
            final int second,
            final CaptureStatistics from,
            final CaptureStatistics to,
            final long elapsedNanos,
            final long cpuNanos,
            final Histogram batchNanos)
        {
            final boolean any = batchNanos.getTotalCount() > 0;
            return new Second(
                second,
                to.packets - from.packets,
                to.bytes - from.bytes,
                to.kernelDrops - from.kernelDrops,
                elapsedNanos / 1e9,
                cpuNanos / 1e9,
                batchNanos.getTotalCount(),
                any ? batchNanos.getValueAtPercentile(50) : 0,
                any ? batchNanos.getValueAtPercentile(99) : 0,
                any ? batchNanos.getMaxValue() : 0);
        }

        public double packetsPerSecond()
        {
            return packets / seconds;
        }

        public double megabitsPerSecond()
        {
            return bytes * 8 / seconds / 1e6;
        }

        /** @return CPU seconds of the process per million packets in this second; NaN without packets. */
        public double cpuSecondsPerMillionPackets()
        {
            return packets == 0 ? Double.NaN : cpuSeconds / (packets / 1e6);
        }

        /** One line for a terminal: the summary's figures for this second. */
        public String line()
        {
            return String.format(
                Locale.ROOT,
                "%4d s  %,12.0f pps  %10.1f Mbit/s  drops %,10d (%.2f%%)  cpu %s s/Mpkt  " +
                    "batch p50 %.1f p99 %.1f max %.1f us (%,d)",
                second, packetsPerSecond(), megabitsPerSecond(), kernelDrops,
                dropPercent(packets, kernelDrops),
                packets == 0 ? "-" : String.format(Locale.ROOT, "%.3f", cpuSecondsPerMillionPackets()),
                micros(batchP50Nanos), micros(batchP99Nanos), micros(batchMaxNanos), batches);
        }
    }

    private final String sources;
    private final long packets;
    private final long bytes;
    private final long kernelDrops;
    private final long freezeCount;
    private final double seconds;
    private final double cpuSeconds;
    private final Histogram batchNanos;

    private CaptureBenchReport(
        final String sources,
        final long packets,
        final long bytes,
        final long kernelDrops,
        final long freezeCount,
        final double seconds,
        final double cpuSeconds,
        final Histogram batchNanos)
    {
        this.sources = sources;
        this.packets = packets;
        this.bytes = bytes;
        this.kernelDrops = kernelDrops;
        this.freezeCount = freezeCount;
        this.seconds = seconds;
        this.cpuSeconds = cpuSeconds;
        this.batchNanos = batchNanos;
    }

    static CaptureBenchReport summary(
        final String sources,
        final CaptureStatistics start,
        final CaptureStatistics end,
        final long elapsedNanos,
        final long cpuNanos,
        final Histogram batchNanos)
    {
        return new CaptureBenchReport(
            sources,
            end.packets - start.packets,
            end.bytes - start.bytes,
            end.kernelDrops - start.kernelDrops,
            end.freezeCount - start.freezeCount,
            elapsedNanos / 1e9,
            cpuNanos / 1e9,
            batchNanos);
    }

    static double dropPercent(final long received, final long dropped)
    {
        final long offered = received + dropped;
        return offered == 0 ? 0.0 : 100.0 * dropped / offered;
    }

    public long packets()
    {
        return packets;
    }

    /** @return batches (ring blocks or libpcap dispatches) walked in the whole run. */
    public long batches()
    {
        return batchNanos.getTotalCount();
    }

    public long bytes()
    {
        return bytes;
    }

    public long kernelDrops()
    {
        return kernelDrops;
    }

    public double cpuSecondsPerMillionPackets()
    {
        return packets == 0 ? Double.NaN : cpuSeconds / (packets / 1e6);
    }

    /** The summary for a terminal, several lines. */
    public String text()
    {
        return String.format(
            Locale.ROOT,
            """
            sources         %s
            duration        %.2f s
            packets         %,d (%,.0f pps)
            throughput      %.1f Mbit/s
            kernel drops    %,d (%.3f%% of offered), queue freezes %,d
            cpu             %.2f s process, %.3f s per million packets
            batch walk time p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us (%,d batches)
            """,
            sources, seconds, packets, packets / seconds, bytes * 8 / seconds / 1e6,
            kernelDrops, dropPercent(packets, kernelDrops), freezeCount,
            cpuSeconds, cpuSecondsPerMillionPackets(),
            micros(batchNanos.getValueAtPercentile(50)), micros(batchNanos.getValueAtPercentile(99)),
            micros(batchNanos.getValueAtPercentile(99.9)), micros(batchNanos.getMaxValue()),
            batchNanos.getTotalCount());
    }

    /** The summary as one JSON object. */
    public String json()
    {
        final StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out))
        {
            json.writeStartObject();
            json.writeStringField("sources", sources);
            json.writeNumberField("seconds", seconds);
            json.writeNumberField("packets", packets);
            json.writeNumberField("bytes", bytes);
            json.writeNumberField("pps", packets / seconds);
            json.writeNumberField("mbit_per_second", bytes * 8 / seconds / 1e6);
            json.writeNumberField("kernel_drops", kernelDrops);
            json.writeNumberField("drop_percent", dropPercent(packets, kernelDrops));
            json.writeNumberField("queue_freezes", freezeCount);
            json.writeNumberField("cpu_seconds", cpuSeconds);
            if (packets > 0)
            {
                json.writeNumberField("cpu_seconds_per_million_packets", cpuSecondsPerMillionPackets());
            }
            else
            {
                json.writeNullField("cpu_seconds_per_million_packets");
            }
            json.writeObjectFieldStart("batch_walk_micros");
            json.writeNumberField("count", batchNanos.getTotalCount());
            json.writeNumberField("p50", micros(batchNanos.getValueAtPercentile(50)));
            json.writeNumberField("p90", micros(batchNanos.getValueAtPercentile(90)));
            json.writeNumberField("p99", micros(batchNanos.getValueAtPercentile(99)));
            json.writeNumberField("p99_9", micros(batchNanos.getValueAtPercentile(99.9)));
            json.writeNumberField("max", micros(batchNanos.getMaxValue()));
            json.writeEndObject();
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    private static double micros(final long nanos)
    {
        return nanos / 1000.0;
    }
}
