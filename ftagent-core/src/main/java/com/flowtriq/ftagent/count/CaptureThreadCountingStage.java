package com.flowtriq.ftagent.count;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@link CountingStage} of {@code run} on a host with one core: the one capture thread counts each record directly
 * into the active bank of a {@link DoubleBufferedCounters}, with no worker thread, no ring and no copy. The detector
 * thread asks for a tick; the capture thread swaps the banks at the end of its next poll batch
 * ({@link RecordPublisher#flush()}, which the capture loop calls after every poll, empty ones included) and
 * publishes the tick as done; the detector then merges the retired bank. It is the {@link CountingWorker} protocol
 * with the capture thread as the worker ({@link SingleThreadedCountingStage} is for replay, where one thread both
 * publishes and ticks).
 *
 * <pre>
 *   detector thread                         capture thread (publisher)
 *   tick(s): requested = n  (release)  ──►  flush(): requested != done?  swap banks, done = n (release)
 *            wait until done >= n     ◄──
 *            merge banks.retired()
 * </pre>
 *
 * A new tick is requested only once the previous one has been merged, so a swap never clears a bank the detector
 * has not read. The detector waits at most the tick timeout: a capture thread that has not swapped by then (a poll
 * still blocked) leaves its counts for a later window, merged once it swaps; nothing is lost or counted twice, and
 * {@link #tick} returns false. There is never back-pressure.
 *
 * <p>Threading: exactly one capture thread uses the publisher (the single writer of both banks); one detector
 * thread calls {@link #tick}. {@link #newPublisher()} returns the same publisher every time, for that one thread.
 */
public final class CaptureThreadCountingStage implements CountingStage
{
    private static final long NO_TICK = 0;
    private static final VarHandle REQUESTED_TICK;
    private static final VarHandle COMPLETED_TICK;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            REQUESTED_TICK = lookup.findVarHandle(CaptureThreadCountingStage.class, "requestedTick", long.class);
            COMPLETED_TICK = lookup.findVarHandle(CaptureThreadCountingStage.class, "completedTick", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final DoubleBufferedCounters banks;
    private final TrafficWindowAssembler assembler;
    private final int heavyHitterCapacity;
    private final int hllPrecision;
    private final long tickTimeoutNanos;
    private final IdleStrategy tickWaitIdle = new BackoffIdleStrategy(16, 16, 1_000, 100_000);
    private final DirectCountingPublisher publisher;

    /** Written by the detector (release), read by the capture thread (acquire). */
    private long requestedTick;
    /** Written by the capture thread (release) after its swap, read by the detector (acquire). */
    private long completedTick;

    /** The last tick the capture thread completed: its own copy of {@link #completedTick}. Capture thread only. */
    private long completedByCaptureThread = NO_TICK;

    // Detector thread only.
    private long sequence;
    private long pendingTick = NO_TICK;
    private long lateTicks;

    /**
     * @param heavyHitterCapacity K of every heavy-hitter sketch and list.
     * @param hllPrecision        precision of the distinct-source HyperLogLog.
     * @param tickTimeoutNanos    how long {@link #tick(long, TrafficWindow)} waits for the capture thread's swap.
     */
    public CaptureThreadCountingStage(final int heavyHitterCapacity, final int hllPrecision, final long tickTimeoutNanos)
    {
        this.heavyHitterCapacity = heavyHitterCapacity;
        this.hllPrecision = hllPrecision;
        this.tickTimeoutNanos = tickTimeoutNanos;
        this.banks = new DoubleBufferedCounters(heavyHitterCapacity, hllPrecision);
        this.assembler = new TrafficWindowAssembler(1, heavyHitterCapacity);
        this.publisher = new DirectCountingPublisher(banks, this::swapIfTickRequested);
    }

    /** The one publisher, for the one capture thread. */
    @Override
    public RecordPublisher newPublisher()
    {
        return publisher;
    }

    @Override
    public boolean tick(final long second, final TrafficWindow into)
    {
        assembler.begin(into, second);
        // A tick the capture thread completed after the last deadline: its bank holds the counts since.
        if (pendingTick != NO_TICK && (long)COMPLETED_TICK.getAcquire(this) >= pendingTick)
        {
            assembler.add(into, banks.retired());
            pendingTick = NO_TICK;
        }
        if (pendingTick == NO_TICK)
        {
            pendingTick = ++sequence;
            REQUESTED_TICK.setRelease(this, pendingTick);
        }

        final long deadline = System.nanoTime() + tickTimeoutNanos;
        tickWaitIdle.reset();
        while ((long)COMPLETED_TICK.getAcquire(this) < pendingTick && System.nanoTime() - deadline < 0)
        {
            tickWaitIdle.idle();
        }
        final boolean complete = (long)COMPLETED_TICK.getAcquire(this) >= pendingTick;
        if (complete)
        {
            assembler.add(into, banks.retired());
            pendingTick = NO_TICK;
        }
        else
        {
            lateTicks++;
        }
        assembler.finish(into, 0);

        return complete;
    }

    /** Ticks at which the capture thread had not swapped by the deadline. Detector thread. */
    public long lateTicks()
    {
        return lateTicks;
    }

    @Override
    public TrafficWindow newWindow()
    {
        return new TrafficWindow(heavyHitterCapacity, hllPrecision);
    }

    @Override
    public long backPressureDrops()
    {
        return 0;
    }

    @Override
    public int workerCount()
    {
        return 1;
    }

    /** Nothing to start: the capture thread counts. */
    @Override
    public void start()
    {
    }

    @Override
    public void close()
    {
    }

    /**
     * End of a poll batch on the capture thread ({@link RecordPublisher#flush()}): the moment to honour a tick the
     * detector asked for. No allocation, no blocking.
     */
    private void swapIfTickRequested()
    {
        final long requested = (long)REQUESTED_TICK.getAcquire(this);
        if (requested != completedByCaptureThread)
        {
            banks.swap();
            completedByCaptureThread = requested;
            COMPLETED_TICK.setRelease(this, requested);
        }
    }
}
