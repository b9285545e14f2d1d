package com.flowtriq.ftagent.bench;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import com.flowtriq.ftagent.decode.FrameDecoder;
import com.flowtriq.ftagent.decode.LinkType;
import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
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
 * Decode only: {@link FrameDecoder} over a {@link BenchFrameBlock} (frames in off-heap memory as a TPACKET_V3 block
 * presents them, read in place), writing each 32-byte record into one reused slot.
 * One operation is one frame, so the score is nanoseconds per packet; Mpps = 1000 / score.
 *
 * Traffic: {@code syn} or {@code mix}, see {@link BenchFrameBlock}.
 *
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} must be about 0 B/op.
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
public class DecodeBenchmark
{
    static final int FRAMES = BenchFrameBlock.FRAMES;

    @Param({ "syn", "mix" })
    public String traffic;

    private BenchFrameBlock frames;
    private MemorySegment block;
    private long[] offsets;
    private int[] capturedLengths;
    private int[] wireLengths;
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
    private FrameDecoder decoder;
    private long timestampNanos;

    @Setup(Level.Trial)
    public void setUp()
    {
        frames = new BenchFrameBlock(traffic);
        block = frames.block;
        offsets = frames.offsets;
        capturedLengths = frames.capturedLengths;
        wireLengths = frames.wireLengths;
        decoder = new FrameDecoder(LinkType.ETHERNET);
        timestampNanos = 1_700_000_000_000_000_000L;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        frames.close();
    }

    /** Decodes every frame of the block once. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int decode()
    {
        final FrameDecoder decoder = this.decoder;
        final MemorySegment block = this.block;
        final UnsafeBuffer record = this.record;
        long timestamp = timestampNanos;
        int reasons = 0;
        for (int i = 0; i < FRAMES; i++)
        {
            reasons += decoder.decode(block, offsets[i], capturedLengths[i], wireLengths[i], timestamp, record, 0);
            timestamp += 1_000;
        }
        timestampNanos = timestamp;
        return reasons;
    }

    /**
     * The same work timed by the thread's CPU clock instead of the wall clock, for machines shared with other
     * load, where JMH's wall-clock score mostly measures time spent waiting for a core. Not a JMH benchmark: run
     * {@code java -cp benchmarks.jar 'com.flowtriq.ftagent.bench.DecodeBenchmark$CpuTime' syn mix}. Prints the
     * best of ten rounds of 5,000 batches, after 20,000 batches of warm-up.
     */
    public static final class CpuTime
    {
        private static final int WARMUP_BATCHES = 20_000;
        private static final int ROUNDS = 10;
        private static final int BATCHES_PER_ROUND = 5_000;

        public static void main(final String[] args)
        {
            for (final String traffic : args.length == 0 ? new String[]{ "syn", "mix" } : args)
            {
                final DecodeBenchmark benchmark = new DecodeBenchmark();
                benchmark.traffic = traffic;
                benchmark.setUp();
                final ThreadCpuRounds cpu = ThreadCpuRounds.measure(
                    benchmark::decode, WARMUP_BATCHES, ROUNDS, BATCHES_PER_ROUND, FRAMES);
                System.out.printf(
                    "%s: best %.2f ns/frame of thread CPU (%.1f Mpps), worst round %.2f (check %d)%n",
                    traffic, cpu.best(), 1000 / cpu.best(), cpu.worst(), cpu.check());
                benchmark.tearDown();
            }
        }
    }
}
