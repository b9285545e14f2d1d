package com.flowtriq.ftagent.bench;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import com.flowtriq.ftagent.count.DecodingPublisher;
import com.flowtriq.ftagent.count.HyperLogLog;
import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.count.SpaceSavingSketch;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.decode.FrameDecoder;
import com.flowtriq.ftagent.decode.LinkType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode + count on one core: the work of a capture thread in single-threaded mode, from a frame in the ring to
 * the per-second counters ({@link DecodingPublisher} over a {@link SingleThreadedCountingStage}: decode in place,
 * then every counter, the four heavy-hitter sketches and the HyperLogLog). A tick closes the second every
 * {@link #BATCHES_PER_TICK} batches (about a million frames), as the detector would at tens of Mpps, so the
 * sketches are emptied as in production instead of filling forever.
 *
 * <p>One operation is one frame: the score is ns per packet, Mpps = 1000 / score. Traffic: {@code syn} or
 * {@code mix} ({@link BenchFrameBlock}). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} must be about 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow" })
public class DecodeCountBenchmark
{
    static final int FRAMES = BenchFrameBlock.FRAMES;
    static final int BATCHES_PER_TICK = 256;

    @Param({ "syn", "mix" })
    public String traffic;

    /** Admission policy of the heavy-hitter sketches: RAP (production) or exact Space-Saving (for comparison). */
    @Param({ "RANDOMIZED", "ALWAYS" })
    public String admission;

    private BenchFrameBlock frames;
    private SingleThreadedCountingStage stage;
    private DecodingPublisher publisher;
    private TrafficWindow window;
    private long timestampNanos;
    private long second;
    private int batches;

    @Setup(Level.Trial)
    public void setUp()
    {
        frames = new BenchFrameBlock(traffic);
        stage = new SingleThreadedCountingStage(SpaceSavingSketch.DEFAULT_CAPACITY, HyperLogLog.DEFAULT_PRECISION,
            SpaceSavingSketch.Admission.valueOf(admission));
        publisher = new DecodingPublisher(new FrameDecoder(LinkType.ETHERNET), stage.newPublisher());
        window = stage.newWindow();
        timestampNanos = 1_700_000_000_000_000_000L;
        second = timestampNanos / 1_000_000_000L;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        final long expected = (long)batches % BATCHES_PER_TICK * FRAMES;
        stage.tick(second, window);
        if (window.packets() != expected)
        {
            throw new IllegalStateException("the last window counted " + window.packets() + " frames, " + expected +
                " were decoded since the previous tick");
        }
        stage.close();
        frames.close();
    }

    /** Decodes and counts every frame of the block once. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long decodeAndCount()
    {
        final DecodingPublisher publisher = this.publisher;
        final MemorySegment block = frames.block;
        final long[] offsets = frames.offsets;
        final int[] capturedLengths = frames.capturedLengths;
        final int[] wireLengths = frames.wireLengths;
        long timestamp = timestampNanos;
        for (int i = 0; i < FRAMES; i++)
        {
            publisher.onFrame(block, offsets[i], capturedLengths[i], wireLengths[i], timestamp);
            timestamp += 250;
        }
        timestampNanos = timestamp;
        if (++batches % BATCHES_PER_TICK == 0)
        {
            stage.tick(second++, window);
            return window.packets();
        }
        return timestamp;
    }

    /**
     * Thread <em>CPU</em> time per frame of {@link #decodeAndCount()}, for shared machines where wall-clock JMH scores
     * mostly measure the other tenants:
     * {@code java -cp benchmarks.jar 'com.flowtriq.ftagent.bench.DecodeCountBenchmark$CpuTime' syn mix}. Prints the
     * best and worst of ten rounds of 2,560 batches (ten ticks), after 20,480 batches (80 ticks) of warm-up. CPU time
     * still includes the cache misses other tenants cause.
     */
    public static final class CpuTime
    {
        private static final int WARMUP_BATCHES = 80 * BATCHES_PER_TICK;
        private static final int ROUNDS = 10;
        private static final int BATCHES_PER_ROUND = 10 * BATCHES_PER_TICK;

        public static void main(final String[] args)
        {
            for (final String traffic : args.length == 0 ? new String[]{ "syn", "mix" } : args)
            {
                for (final String admission : new String[]{ "RANDOMIZED", "ALWAYS" })
                {
                    final DecodeCountBenchmark benchmark = new DecodeCountBenchmark();
                    benchmark.traffic = traffic;
                    benchmark.admission = admission;
                    benchmark.setUp();
                    final ThreadCpuRounds cpu = ThreadCpuRounds.measure(
                        benchmark::decodeAndCount, WARMUP_BATCHES, ROUNDS, BATCHES_PER_ROUND, FRAMES);
                    System.out.printf(
                        "%s %s: best %.2f ns/frame of thread CPU (%.1f Mpps), worst round %.2f (check %d)%n",
                        traffic, admission, cpu.best(), 1000 / cpu.best(), cpu.worst(), cpu.check() & 1);
                    benchmark.tearDown();
                }
            }
        }
    }
}
