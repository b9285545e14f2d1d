package com.flowtriq.ftagent.capture;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Captures from a set of packet sources (one thread per source, e.g. the members of a fanout group) for a
 * fixed time and measures what the capture path costs: packets and bits per second, kernel drops, CPU seconds
 * of the whole process per million packets, and the distribution of the time spent walking one batch (one
 * ring block, or one libpcap dispatch).
 *
 * <p>Threading: each source is polled by its own thread, the only writer of its {@link PerThread} state; the
 * thread calling {@link #run} samples the sources' statistics once a second (sources allow that from any
 * thread) and takes each thread's batch times of that second from its {@link SingleWriterRecorder} (wait-free
 * for the capture thread), once more after the capture threads have been joined.
 */
public final class CaptureBench
{
    private static final long MAX_BATCH_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final List<PacketSource> sources;
    private final IntFunction<FrameHandler> handlerForThread;

    /**
     * @param sources          the sources, one capture thread each; closed by {@link #run}.
     * @param handlerForThread the per-frame work to measure for thread {@code i} (e.g. decode and count), or a
     *                         handler that does nothing for the bare capture cost.
     */
    public CaptureBench(final List<PacketSource> sources, final IntFunction<FrameHandler> handlerForThread)
    {
        if (sources.isEmpty())
        {
            throw new IllegalArgumentException("at least one source is needed");
        }
        this.sources = List.copyOf(sources);
        this.handlerForThread = handlerForThread;
    }

    /**
     * State of one capture thread. Written only by that thread; {@link #batchNanos} is also drained by the thread
     * calling {@link #run}, through the recorder's interval swap.
     */
    static final class PerThread implements FrameHandler
    {
        final FrameHandler work;
        // Walk time per batch, 1 ns .. 10 s, 3 significant digits; preallocated, recordValue never allocates.
        final SingleWriterRecorder batchNanos = new SingleWriterRecorder(MAX_BATCH_NANOS, 3);
        long batchStartNanos;

        PerThread(final FrameHandler work)
        {
            this.work = work;
        }

        @Override
        public void onFrame(
            final MemorySegment frame,
            final long offset,
            final int capturedLength,
            final int wireLength,
            final long timestampNanos)
        {
            // The batch starts when its first frame is handed over, so that time spent waiting in poll(2) for a
            // block to fill is not counted as processing time.
            if (batchStartNanos == 0)
            {
                batchStartNanos = System.nanoTime();
            }
            work.onFrame(frame, offset, capturedLength, wireLength, timestampNanos);
        }

        void pollLoop(final PacketSource source, final long deadlineNanos, final AtomicReference<Throwable> failure)
        {
            try
            {
                while (System.nanoTime() < deadlineNanos && failure.get() == null)
                {
                    batchStartNanos = 0;
                    final int frames = source.poll(this);
                    // Inside the timed batch: handing over batched records is part of processing it.
                    work.onBatchEnd();
                    if (frames > 0)
                    {
                        batchNanos.recordValue(Math.max(1, System.nanoTime() - batchStartNanos));
                    }
                    else if (frames == PacketSource.END_OF_INPUT)
                    {
                        break;
                    }
                }
            }
            catch (final Throwable ex)
            {
                failure.compareAndSet(null, ex);
            }
        }
    }

    /**
     * Captures for {@code seconds}, calling {@code everySecond} (on the calling thread) with the figures of each
     * past second, and returns the summary. Closes the sources.
     */
    public CaptureBenchReport run(final int seconds, final Consumer<CaptureBenchReport.Second> everySecond)
        throws InterruptedException
    {
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<PerThread> perThread = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final CaptureStatistics baseline = totals();
        final long cpuStart = os.getProcessCpuTime();
        final long start = System.nanoTime();
        final long deadline = start + TimeUnit.SECONDS.toNanos(seconds);

        for (int i = 0; i < sources.size(); i++)
        {
            final PerThread state = new PerThread(handlerForThread.apply(i));
            final PacketSource source = sources.get(i);
            perThread.add(state);
            final Thread thread = Thread.ofPlatform()
                .name("ftagent-bench-capture-" + i)
                .start(() -> state.pollLoop(source, deadline, failure));
            threads.add(thread);
        }

        final Histogram drained = new Histogram(MAX_BATCH_NANOS, 3);
        final Histogram secondBatches = new Histogram(MAX_BATCH_NANOS, 3);
        final Histogram allBatches = new Histogram(MAX_BATCH_NANOS, 3);
        CaptureStatistics previous = baseline;
        long previousAt = start;
        long previousCpu = cpuStart;
        try
        {
            for (int s = 1; s <= seconds && failure.get() == null; s++)
            {
                final long wakeAt = start + TimeUnit.SECONDS.toNanos(s);
                long now;
                while ((now = System.nanoTime()) < wakeAt)
                {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wakeAt - now, 50_000_000L));
                    if (failure.get() != null)
                    {
                        break;
                    }
                }
                final CaptureStatistics current = totals();
                final long cpuNow = os.getProcessCpuTime();
                secondBatches.reset();
                drainInto(perThread, drained, secondBatches);
                allBatches.add(secondBatches);
                everySecond.accept(CaptureBenchReport.Second.between(
                    s, previous, current, now - previousAt, cpuNow - previousCpu, secondBatches));
                previous = current;
                previousAt = now;
                previousCpu = cpuNow;
            }
        }
        finally
        {
            for (final PacketSource source : sources)
            {
                source.wakeup();
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
        }
        final long elapsed = System.nanoTime() - start;
        final long cpu = os.getProcessCpuTime() - cpuStart;
        final CaptureStatistics end = totals();
        for (final PacketSource source : sources)
        {
            source.close();
        }
        if (failure.get() != null)
        {
            throw new IllegalStateException("capture failed: " + failure.get().getMessage(), failure.get());
        }

        // The batches of the last part second, after the last report.
        drainInto(perThread, drained, allBatches);
        return CaptureBenchReport.summary(describeSources(), baseline, end, elapsed, cpu, allBatches);
    }

    /** Moves every thread's batch times since the last call into {@code into}; {@code scratch} is overwritten. */
    private static void drainInto(final List<PerThread> perThread, final Histogram scratch, final Histogram into)
    {
        for (final PerThread state : perThread)
        {
            state.batchNanos.getIntervalHistogramInto(scratch);
            into.add(scratch);
        }
    }

    private CaptureStatistics totals()
    {
        final CaptureStatistics sum = new CaptureStatistics();
        for (final PacketSource source : sources)
        {
            final CaptureStatistics one = new CaptureStatistics();
            source.statistics(one);
            sum.add(one);
        }
        return sum;
    }

    private String describeSources()
    {
        final StringBuilder text = new StringBuilder();
        for (final PacketSource source : sources)
        {
            if (!text.isEmpty())
            {
                text.append("; ");
            }
            text.append(source.describe());
        }
        return text.toString();
    }
}
