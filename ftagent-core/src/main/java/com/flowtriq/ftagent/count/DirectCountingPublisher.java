package com.flowtriq.ftagent.count;

import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link RecordPublisher} that counts each record on the calling thread straight into the active bank of a
 * {@link DoubleBufferedCounters}; {@link #claim(long)} hands out a one-record scratch buffer. Nothing is held, so
 * {@link #flush()} only runs the owner's end-of-batch action (a tick hand-off, or nothing).
 *
 * <p>Threading: one thread, the single writer of the banks, uses it.
 */
final class DirectCountingPublisher implements RecordPublisher
{
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
    private final DoubleBufferedCounters banks;
    private final Runnable endOfBatch;

    /**
     * @param banks      the banks to count into; this publisher's thread is their writer.
     * @param endOfBatch run by {@link #flush()} on the publishing thread; must not allocate or block.
     */
    DirectCountingPublisher(final DoubleBufferedCounters banks, final Runnable endOfBatch)
    {
        this.banks = banks;
        this.endOfBatch = endOfBatch;
    }

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

    @Override
    public void flush()
    {
        endOfBatch.run();
    }
}
