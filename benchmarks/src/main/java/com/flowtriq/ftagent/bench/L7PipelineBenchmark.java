package com.flowtriq.ftagent.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.flowtriq.ftagent.agent.L7SampleAccumulator;
import com.flowtriq.ftagent.l7.AccessLogFormat;
import com.flowtriq.ftagent.l7.AccessLogTailer;
import com.flowtriq.ftagent.l7.L7DetectorSettings;
import com.flowtriq.ftagent.l7.L7FloodDetector;
import com.flowtriq.ftagent.l7.L7LogIngest;
import com.flowtriq.ftagent.l7.L7Window;
import com.flowtriq.ftagent.l7.L7WindowListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * End to end over a 1 M-line nginx combined file (about 200 requests per second of log time, so windows close and
 * the detector runs): tailer (positional reads, line split) + parser + per-second window + detector. One operation =
 * one line, so the score is lines/s. The file is in the page cache after the first iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = { "--enable-native-access=ALL-UNNAMED",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow" })
public class L7PipelineBenchmark
{
    static final int LINES = 1_000_000;

    private Path file;
    private long incidents;

    @Setup(Level.Trial)
    public void writeLog() throws IOException
    {
        file = Files.createTempFile("l7-pipeline", ".log");
        final Random random = new Random(5);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII))
        {
            for (int i = 0; i < LINES; i++)
            {
                // 200 lines per log second: spread i over seconds of a day.
                final int second = i / 200;
                final String clf = String.format("01/Mar/2026:%02d:%02d:%02d +0000",
                    second / 3600 % 24, second / 60 % 60, second % 60);
                out.write(L7ParseBenchmark.line(AccessLogFormat.NGINX_COMBINED, random, i)
                    .replaceFirst("\\[[^]]*\\]", "[" + clf + "]"));
                out.write('\n');
            }
        }
    }

    @TearDown(Level.Trial)
    public void deleteLog() throws IOException
    {
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public long tailParseCount()
    {
        return run(L7WindowListener.NONE);
    }

    /** As in {@code ftagent run}: each closed second is also folded into the API's L7 sample (sketches, HLL). */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public long tailParseCountAndSample()
    {
        final L7SampleAccumulator samples = new L7SampleAccumulator(10);
        return run(samples) + (samples.take() == null ? 0 : 1);
    }

    private long run(final L7WindowListener windowListener)
    {
        final L7FloodDetector detector = new L7FloodDetector(L7DetectorSettings.defaults(), incident -> incidents++);
        final L7LogIngest ingest = new L7LogIngest(AccessLogFormat.NGINX_COMBINED.newParser(),
            new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), detector, windowListener);
        long lines = 0;
        try (AccessLogTailer tailer = new AccessLogTailer(file, AccessLogTailer.DEFAULT_MAX_LINE_BYTES, false, ingest))
        {
            int delivered;
            while ((delivered = tailer.poll()) > 0)
            {
                lines += delivered;
            }
        }
        ingest.flush();
        if (lines != LINES)
        {
            throw new IllegalStateException("lines=" + lines);
        }
        return lines + incidents;
    }
}
