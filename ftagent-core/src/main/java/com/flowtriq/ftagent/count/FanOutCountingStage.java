package com.flowtriq.ftagent.count;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link CountingStage} with counting workers on their own threads: capture threads publish records through a
 * {@link RecordFanOut} (one ring per worker, the worker chosen by source address) and each {@link CountingWorker}
 * counts its ring into its own {@link DoubleBufferedCounters}.
 *
 * <p><b>Tick protocol</b> (what keeps the detector off a bank being written):
 * <ol>
 *     <li>The detector writes a tick message with a new sequence into each worker's ring, behind every record
 *     already published there.</li>
 *     <li>A worker reaching the message swaps its banks (clearing the bank it will now write) and then publishes
 *     the sequence with release semantics ({@link CountingWorker#completedTickSequence()}).</li>
 *     <li>The detector reads a worker's retired bank only after an acquire read of that sequence, and only until it
 *     writes the worker's next tick message: the retired bank is then cleared by that next swap and by no one
 *     else.</li>
 * </ol>
 * Records a publisher still stages in a batch (see {@link RecordFanOut}) when the tick message is written are
 * written behind it and counted in a later window; a capture thread flushes its publisher at the end of each poll
 * batch, so a record waits at most one poll batch.
 *
 * <p>A worker that has not completed the tick by the deadline is "late": no new tick is sent to it and its bank is not
 * read. At a later tick, once it has completed the pending one, its retired bank (holding the late second) is merged
 * first, then a new tick is sent, so its counts land in a later window and nothing is lost or counted twice.
 *
 * <p>Threading: {@link #tick(long, TrafficWindow)}, {@link #start()} and {@link #close()} on the detector thread;
 * publishers on capture threads (one each); each worker on its own thread.
 */
public final class FanOutCountingStage implements CountingStage
{
    /** Default time the detector waits for the workers at a tick. */
    public static final long DEFAULT_TICK_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private static final long NO_TICK = 0;

    private final RecordFanOut fanOut;
    private final CountingWorker[] workers;
    private final AgentRunner[] runners;
    private final TrafficWindowAssembler assembler;
    private final IdleStrategy tickWaitIdle = new BackoffIdleStrategy(16, 16, 1_000, 100_000);
    private final long[] pendingSequences;
    private final int heavyHitterCapacity;
    private final int hllPrecision;
    private final long tickTimeoutNanos;
    private final AtomicLong workerErrors = new AtomicLong();
    private long sequence;
    private long dropsAtLastTick;
    private long lateTicks;
    private boolean started;

    /** {@code workers} workers with the default ring capacity, batch, K, precision and timeout. */
    public FanOutCountingStage(final int workers)
    {
        this(workers, RecordFanOut.DEFAULT_RING_CAPACITY, SpaceSavingSketch.DEFAULT_CAPACITY,
            HyperLogLog.DEFAULT_PRECISION, DEFAULT_TICK_TIMEOUT_NANOS);
    }

    /**
     * Records batched by {@link RecordFanOut#DEFAULT_BATCH_RECORDS}; the ring must hold at least 8 such batches.
     *
     * @param workers             number of counting workers (threads), at least 1.
     * @param ringCapacity        bytes per worker ring, a power of two.
     * @param heavyHitterCapacity K of every heavy-hitter sketch and list.
     * @param hllPrecision        precision of the distinct-source HyperLogLogs.
     * @param tickTimeoutNanos    how long {@link #tick(long, TrafficWindow)} waits for the workers.
     */
    public FanOutCountingStage(
        final int workers,
        final int ringCapacity,
        final int heavyHitterCapacity,
        final int hllPrecision,
        final long tickTimeoutNanos)
    {
        this(workers, ringCapacity, RecordFanOut.DEFAULT_BATCH_RECORDS, heavyHitterCapacity, hllPrecision,
            tickTimeoutNanos);
    }

    /**
     * @param workers             number of counting workers (threads), at least 1.
     * @param ringCapacity        bytes per worker ring, a power of two.
     * @param batchRecords        records per ring message, see {@link RecordFanOut} (1: no batching).
     * @param heavyHitterCapacity K of every heavy-hitter sketch and list.
     * @param hllPrecision        precision of the distinct-source HyperLogLogs.
     * @param tickTimeoutNanos    how long {@link #tick(long, TrafficWindow)} waits for the workers.
     */
    public FanOutCountingStage(
        final int workers,
        final int ringCapacity,
        final int batchRecords,
        final int heavyHitterCapacity,
        final int hllPrecision,
        final long tickTimeoutNanos)
    {
        this.fanOut = new RecordFanOut(workers, ringCapacity, batchRecords);
        this.workers = new CountingWorker[workers];
        this.runners = new AgentRunner[workers];
        this.pendingSequences = new long[workers];
        this.heavyHitterCapacity = heavyHitterCapacity;
        this.hllPrecision = hllPrecision;
        this.tickTimeoutNanos = tickTimeoutNanos;
        // A late worker may contribute two banks to one window.
        this.assembler = new TrafficWindowAssembler(2 * workers, heavyHitterCapacity);
        for (int i = 0; i < workers; i++)
        {
            this.workers[i] = new CountingWorker(i, fanOut.ring(i),
                new DoubleBufferedCounters(heavyHitterCapacity, hllPrecision),
                Math.max(1, CountingWorker.DEFAULT_RECORD_COUNT_LIMIT / batchRecords));
        }
    }

    @Override
    public RecordPublisher newPublisher()
    {
        return fanOut.newPublisher();
    }

    /** The fan-out, for inspection. */
    public RecordFanOut fanOut()
    {
        return fanOut;
    }

    /** The worker {@code index}, for inspection. */
    public CountingWorker worker(final int index)
    {
        return workers[index];
    }

    /** The thread of worker {@code index} once started, else null; for tests and inspection. */
    Thread workerThread(final int index)
    {
        return runners[index] == null ? null : runners[index].thread();
    }

    /** Ticks at which at least one worker missed the deadline. */
    public long lateTicks()
    {
        return lateTicks;
    }

    /** Exceptions thrown by worker duty cycles (a bug if ever non-zero; the worker keeps running). */
    public long workerErrors()
    {
        return workerErrors.get();
    }

    @Override
    public boolean tick(final long second, final TrafficWindow into)
    {
        final CountingWorker[] workers = this.workers;
        final long[] pending = pendingSequences;
        final long sequence = ++this.sequence;
        assembler.begin(into, second);

        // Late workers that have since completed their pending tick: merge that bank before it is cleared.
        for (int i = 0; i < workers.length; i++)
        {
            if (pending[i] != NO_TICK && workers[i].completedTickSequence() >= pending[i])
            {
                assembler.add(into, workers[i].banks().retired());
                pending[i] = NO_TICK;
            }
        }

        final long deadline = System.nanoTime() + tickTimeoutNanos;
        for (int i = 0; i < workers.length; i++)
        {
            if (pending[i] == NO_TICK)
            {
                // The tick must not be lost, but the detector never waits past the deadline: a ring still full
                // then leaves the worker without a tick, and its records so far go into a later window.
                tickWaitIdle.reset();
                boolean written;
                while (!(written = fanOut.tryWriteTick(i, sequence, second)) && System.nanoTime() - deadline < 0)
                {
                    tickWaitIdle.idle();
                }
                if (written)
                {
                    pending[i] = sequence;
                }
            }
        }

        boolean complete = true;
        for (int i = 0; i < workers.length; i++)
        {
            if (pending[i] == sequence)
            {
                tickWaitIdle.reset();
                while (workers[i].completedTickSequence() < sequence && System.nanoTime() - deadline < 0)
                {
                    tickWaitIdle.idle();
                }
                if (workers[i].completedTickSequence() >= sequence)
                {
                    assembler.add(into, workers[i].banks().retired());
                    pending[i] = NO_TICK;
                    continue;
                }
            }
            complete = false;
        }

        if (!complete)
        {
            lateTicks++;
        }
        final long drops = fanOut.backPressureDrops();
        assembler.finish(into, drops - dropsAtLastTick);
        dropsAtLastTick = drops;

        return complete;
    }

    @Override
    public TrafficWindow newWindow()
    {
        return new TrafficWindow(heavyHitterCapacity, hllPrecision);
    }

    @Override
    public long backPressureDrops()
    {
        return fanOut.backPressureDrops();
    }

    @Override
    public int workerCount()
    {
        return workers.length;
    }

    /** Starts one thread per worker, each busy-spinning briefly then backing off to short sleeps when idle. */
    @Override
    public void start()
    {
        if (started)
        {
            return;
        }
        started = true;
        final ErrorHandler errorHandler = (throwable) -> workerErrors.incrementAndGet();
        for (int i = 0; i < workers.length; i++)
        {
            runners[i] = new AgentRunner(
                new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)),
                errorHandler, (AtomicCounter)null, workers[i]);
            AgentRunner.startOnThread(runners[i]);
        }
    }

    @Override
    public void close()
    {
        for (final AgentRunner runner : runners)
        {
            CloseHelper.quietClose(runner);
        }
    }
}
