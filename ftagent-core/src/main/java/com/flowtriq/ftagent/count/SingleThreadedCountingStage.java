package com.flowtriq.ftagent.count;

import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link CountingStage} without worker threads: the capture thread counts each record directly into the active
 * bank of one {@link DoubleBufferedCounters}, and {@link #tick(long, TrafficWindow)} swaps the banks and merges the
 * retired one. For replay of small files and hosts with one core.
 *
 * <p>Threading: <b>one thread</b> publishes and ticks (the replay or capture loop, which also drives the
 * detector). Records published before a tick are in its window, exactly. There is never back-pressure.
 */
public final class SingleThreadedCountingStage implements CountingStage
{
    private final DoubleBufferedCounters banks;
    private final TrafficWindowAssembler assembler;
    private final int heavyHitterCapacity;
    private final int hllPrecision;
    private final DirectPublisher publisher = new DirectPublisher();

    public SingleThreadedCountingStage()
    {
        this(SpaceSavingSketch.DEFAULT_CAPACITY, HyperLogLog.DEFAULT_PRECISION);
    }

    public SingleThreadedCountingStage(final int heavyHitterCapacity, final int hllPrecision)
    {
        this(heavyHitterCapacity, hllPrecision, SpaceSavingSketch.Admission.RANDOMIZED);
    }

    /**
     * @param admission admission policy of the heavy-hitter sketches; {@link SpaceSavingSketch.Admission#ALWAYS}
     *                  (exact Space-Saving) for comparison in tests and benchmarks.
     */
    public SingleThreadedCountingStage(
        final int heavyHitterCapacity, final int hllPrecision, final SpaceSavingSketch.Admission admission)
    {
        this.heavyHitterCapacity = heavyHitterCapacity;
        this.hllPrecision = hllPrecision;
        banks = new DoubleBufferedCounters(heavyHitterCapacity, hllPrecision, admission);
        assembler = new TrafficWindowAssembler(1, heavyHitterCapacity);
    }

    /** The same publisher every time: there is one counting thread. */
    @Override
    public RecordPublisher newPublisher()
    {
        return publisher;
    }

    @Override
    public boolean tick(final long second, final TrafficWindow into)
    {
        final TrafficCounters retired = banks.swap();
        assembler.begin(into, second);
        assembler.add(into, retired);
        assembler.finish(into, 0);
        return true;
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

    @Override
    public void start()
    {
    }

    @Override
    public void close()
    {
    }

    /** Counts on the calling thread; {@link #claim(long)} hands out a one-record scratch buffer. */
    private final class DirectPublisher implements RecordPublisher
    {
        private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);

        @Override
        public int claim(final long srcAddress)
        {
            return 0;
        }

        @Override
        public MutableDirectBuffer buffer()
        {
            return scratch;
        }

        @Override
        public void commit(final int index)
        {
            banks.active().count(scratch, index);
        }

        @Override
        public void abort(final int index)
        {
        }

        @Override
        public boolean publish(final DirectBuffer buffer, final int offset)
        {
            banks.active().count(buffer, offset);
            return true;
        }

        /** Nothing is held: each record is counted when published. */
        @Override
        public void flush()
        {
        }
    }
}
