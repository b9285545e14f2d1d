package com.flowtriq.ftagent.bench;

import com.flowtriq.ftagent.count.CountingWorker;
import com.flowtriq.ftagent.count.FanOutCountingStage;
import com.flowtriq.ftagent.count.HyperLogLog;
import com.flowtriq.ftagent.count.RecordFanOut;
import com.flowtriq.ftagent.count.RecordPublisher;
import com.flowtriq.ftagent.count.SpaceSavingSketch;
import com.flowtriq.ftagent.count.TrafficWindow;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.LENGTH;

/**
 * Capture thread → Agrona ring → counting worker, end to end on two cores: the benchmark thread plays the capture
 * thread and publishes records through the {@link FanOutCountingStage}'s {@link RecordPublisher}; one
 * {@link com.flowtriq.ftagent.count.CountingWorker} on its own thread counts them. One operation is one record
 * published <em>and counted</em>: the publisher applies flow control (it waits for room in the ring every
 * {@link #BATCH} records instead of dropping), so in steady state the score is the rate of the slower side and
 * 1000 / (ns/op) is the pipeline's Mpps. Nothing is dropped; each iteration ends with a tick whose window must
 * hold exactly the records published since the previous one, or the run fails.
 *
 * <p>{@link #publishDroppingWhenFull(Delivery)} is the production behaviour instead: the publisher never waits, and a
 * record that finds the ring full is dropped and counted. Its score is the rate of records offered (Mpps, as
 * ops/us), with {@code delivered} and {@code dropped} rates beside it; each iteration's tick must hold exactly
 * the delivered records and report exactly the dropped ones.
 *
 * <p>{@code -prof gc} sums allocation over all threads, the worker's included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class FanOutBenchmark
{
    static final int RECORDS = CountBenchmark.RECORDS;
    /** Records published between two checks of ring room. */
    static final int BATCH = 256;
    /** Records per timed chunk of the two-thread CPU-time main: one poll batch of a capture thread, say. */
    static final int CHUNK = 2048;

    @Param({ "syn64", "mixed" })
    public String traffic;

    /** Records per ring message: 1 publishes each record as its own message (the unbatched path). */
    @Param({ "32", "1" })
    public int batchRecords;

    private UnsafeBuffer records;
    private FanOutCountingStage stage;
    private RecordPublisher publisher;
    private ManyToOneRingBuffer ring;
    private TrafficWindow window;
    private int roomForBatch;
    private long publishedSinceTick;
    private long droppedSinceTick;
    private long dropsSeen;
    private long tick;

    @Setup(Level.Trial)
    public void setUp()
    {
        records = CountBenchmark.records(traffic, RECORDS, 1);
        stage = new FanOutCountingStage(1, RecordFanOut.DEFAULT_RING_CAPACITY, batchRecords,
            SpaceSavingSketch.DEFAULT_CAPACITY, HyperLogLog.DEFAULT_PRECISION, TimeUnit.SECONDS.toNanos(10));
        publisher = stage.newPublisher();
        ring = stage.fanOut().ring(0);
        window = stage.newWindow();
        // Each record takes 40 bytes of ring (8-byte header + 32); a batch is published only if it surely fits.
        roomForBatch = ring.capacity() - BATCH * 40 - 64;
        stage.start();
    }

    @TearDown(Level.Iteration)
    public void checkEveryRecordWasCounted()
    {
        if (!stage.tick(++tick, window))
        {
            throw new IllegalStateException("worker missed the tick");
        }
        if (window.packets() != publishedSinceTick || window.backPressureDrops() != droppedSinceTick)
        {
            throw new IllegalStateException("published " + publishedSinceTick + ", counted " + window.packets() +
                ", dropped " + droppedSinceTick + ", window drops " + window.backPressureDrops());
        }
        publishedSinceTick = 0;
        droppedSinceTick = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        stage.close();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long publishAndCount()
    {
        final UnsafeBuffer records = this.records;
        final RecordPublisher publisher = this.publisher;
        final ManyToOneRingBuffer ring = this.ring;
        final int roomForBatch = this.roomForBatch;
        for (int batch = 0; batch < RECORDS; batch += BATCH)
        {
            while (ring.size() > roomForBatch)
            {
                Thread.onSpinWait();
            }
            for (int offset = batch * LENGTH, end = (batch + BATCH) * LENGTH; offset < end; offset += LENGTH)
            {
                publisher.publish(records, offset);
            }
        }
        // The end of a capture poll batch: nothing stays staged past it.
        publisher.flush();
        publishedSinceTick += RECORDS;

        return publishedSinceTick;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(RECORDS)
    public long publishDroppingWhenFull(final Delivery delivery)
    {
        final UnsafeBuffer records = this.records;
        final RecordPublisher publisher = this.publisher;
        for (int offset = 0, end = RECORDS * LENGTH; offset < end; offset += LENGTH)
        {
            publisher.publish(records, offset);
        }
        publisher.flush();
        // A staged batch that finds the ring full is dropped when it is written, after publish returned, so the
        // stage's drop count is what tells delivered from dropped.
        final long drops = stage.backPressureDrops();
        final int accepted = RECORDS - (int)(drops - dropsSeen);
        dropsSeen = drops;
        delivery.delivered += accepted;
        delivery.dropped += RECORDS - accepted;
        publishedSinceTick += accepted;
        droppedSinceTick += RECORDS - accepted;

        return publishedSinceTick;
    }

    /**
     * Thread <em>CPU</em> time per record on each side of the ring, for shared machines where the wall-clock score
     * mostly measures the other tenants: {@code java -cp benchmarks.jar com.flowtriq.ftagent.bench.FanOutBenchmark
     * [rounds [batchRecords]]} (batch sizes 1 and 32 by default; one per JVM gives cleaner JIT profiles).
     *
     * <p>First on one thread: each round publishes {@link #RECORDS} records into the ring (the capture side, flush
     * included), then drains them with the worker's own duty cycle (the counting side), timing each phase by the
     * thread's CPU clock; prints the median of the second half of the rounds. Then on two threads, see
     * {@link #measureCpuOnTwoThreads}. With one core per side the pipeline's rate is bounded by the slower side,
     * 1000 / max(ns) Mpps.
     */
    public static void main(final String[] args)
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        final int[] batches = args.length > 1 ? new int[]{ Integer.parseInt(args[1]) } :
            new int[]{ 1, RecordFanOut.DEFAULT_BATCH_RECORDS };
        for (final int batchRecords : batches)
        {
            for (final String traffic : new String[]{ "syn64", "mixed" })
            {
                measureCpu(traffic, batchRecords, rounds);
                measureCpuOnTwoThreads(traffic, batchRecords, rounds);
            }
        }
    }

    /**
     * The same on two threads at once, the worker on its own thread as in production, so that the cache lines of the
     * ring move between the cores as they do there: CPU time is summed on each side only over the work (publishing
     * a round; duty cycles that read something), not over the waits between them.
     */
    private static void measureCpuOnTwoThreads(final String traffic, final int batchRecords, final int rounds)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final UnsafeBuffer records = CountBenchmark.records(traffic, RECORDS, 1);
        try (FanOutCountingStage stage = oneWorkerStage(batchRecords))
        {
            final RecordPublisher publisher = stage.newPublisher();
            final CountingWorker worker = stage.worker(0);
            final ManyToOneRingBuffer ring = stage.fanOut().ring(0);
            final AtomicBoolean running = new AtomicBoolean(true);
            final long[] workerBusyNanos = new long[2];
            final Thread counting = new Thread(() ->
            {
                long busy = 0;
                long busyAfterWarmup = 0;
                while (running.get())
                {
                    final long start = threads.getCurrentThreadCpuTime();
                    if (worker.doWork() > 0)
                    {
                        busy += threads.getCurrentThreadCpuTime() - start;
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                    if (worker.banks().active().packets() <= (long)RECORDS * (rounds / 2))
                    {
                        busyAfterWarmup = busy;
                    }
                }
                workerBusyNanos[0] = busy;
                workerBusyNanos[1] = busy - busyAfterWarmup;
            }, "counting");
            counting.start();
            // A chunk is published only into room for all of it (40 bytes a record unbatched), so nothing drops, and
            // chunks are small so that the worker, not an empty ring, sets the pace.
            final int roomForChunk = ring.capacity() - CHUNK * 40 - 64;
            long publishBusy = 0;
            long wallStart = 0;
            long workerCpuStart = 0;
            for (int round = 0; round < rounds; round++)
            {
                if (round == rounds / 2)
                {
                    publishBusy = 0;
                    wallStart = System.nanoTime();
                    workerCpuStart = threads.getThreadCpuTime(counting.threadId());
                }
                for (int chunk = 0; chunk < RECORDS; chunk += CHUNK)
                {
                    while (ring.size() > roomForChunk)
                    {
                        Thread.onSpinWait();
                    }
                    final long start = threads.getCurrentThreadCpuTime();
                    for (int offset = chunk * LENGTH, end = (chunk + CHUNK) * LENGTH; offset < end; offset += LENGTH)
                    {
                        publisher.publish(records, offset);
                    }
                    publisher.flush();
                    publishBusy += threads.getCurrentThreadCpuTime() - start;
                }
            }
            // The worker moves the ring's head (a volatile write) only after counting what it read.
            while (ring.size() > 0)
            {
                Thread.onSpinWait();
            }
            final long wallNanos = System.nanoTime() - wallStart;
            final long workerCpuNanos = threads.getThreadCpuTime(counting.threadId()) - workerCpuStart;
            running.set(false);
            counting.join();
            if (worker.banks().active().packets() != (long)rounds * RECORDS || stage.backPressureDrops() != 0)
            {
                throw new IllegalStateException("counted " + worker.banks().active().packets() + ", dropped " +
                    stage.backPressureDrops());
            }
            final double measured = (double)(rounds - rounds / 2) * RECORDS;
            final double publish = publishBusy / measured;
            final double count = workerBusyNanos[1] / measured;
            System.out.printf(
                "fan-out %s batch %d on two threads: publish %.1f, count %.1f CPU ns/record; " +
                "two-core bound %.1f Mpps; wall clock %.1f Mpps with the worker on a CPU %.0f %% of the time%n",
                traffic, batchRecords, publish, count, 1000.0 / Math.max(publish, count), measured * 1000.0 / wallNanos,
                100.0 * workerCpuNanos / wallNanos);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** One worker with the default ring, K and precision, and a tick timeout the measurements never reach. */
    private static FanOutCountingStage oneWorkerStage(final int batchRecords)
    {
        return new FanOutCountingStage(1, RecordFanOut.DEFAULT_RING_CAPACITY, batchRecords,
            SpaceSavingSketch.DEFAULT_CAPACITY, HyperLogLog.DEFAULT_PRECISION, TimeUnit.SECONDS.toNanos(10));
    }

    private static void measureCpu(final String traffic, final int batchRecords, final int rounds)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final UnsafeBuffer records = CountBenchmark.records(traffic, RECORDS, 1);
        try (FanOutCountingStage stage = oneWorkerStage(batchRecords))
        {
            final RecordPublisher publisher = stage.newPublisher();
            final CountingWorker worker = stage.worker(0);
            final double[] publishNanos = new double[rounds];
            final double[] countNanos = new double[rounds];
            for (int round = 0; round < rounds; round++)
            {
                final long start = threads.getCurrentThreadCpuTime();
                for (int offset = 0, end = RECORDS * LENGTH; offset < end; offset += LENGTH)
                {
                    publisher.publish(records, offset);
                }
                publisher.flush();
                final long middle = threads.getCurrentThreadCpuTime();
                while (worker.doWork() > 0)
                {
                    // drain the ring
                }
                final long end = threads.getCurrentThreadCpuTime();
                publishNanos[round] = (middle - start) / (double)RECORDS;
                countNanos[round] = (end - middle) / (double)RECORDS;
            }
            final long counted = worker.banks().active().packets();
            if (counted != (long)rounds * RECORDS || stage.backPressureDrops() != 0)
            {
                throw new IllegalStateException("published " + (long)rounds * RECORDS + ", counted " + counted +
                    ", dropped " + stage.backPressureDrops());
            }
            final double publish = medianOfLastHalf(publishNanos);
            final double count = medianOfLastHalf(countNanos);
            System.out.printf(
                "fan-out %s batch %d: publish %.1f, count %.1f CPU ns/record; two-core bound %.1f Mpps " +
                "(median of %d rounds of %d records)%n",
                traffic, batchRecords, publish, count, 1000.0 / Math.max(publish, count), rounds - rounds / 2, RECORDS);
        }
    }

    private static double medianOfLastHalf(final double[] values)
    {
        final double[] measured = Arrays.copyOfRange(values, values.length / 2, values.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }

    /** Records taken by the ring and records dropped for lack of room, reported as rates beside the score. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Delivery
    {
        public long delivered;
        public long dropped;

        @Setup(Level.Iteration)
        public void reset()
        {
            delivered = 0;
            dropped = 0;
        }
    }
}
