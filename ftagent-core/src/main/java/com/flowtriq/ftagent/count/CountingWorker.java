package com.flowtriq.ftagent.count;

import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Agent that drains one worker ring of a {@link RecordFanOut}, in ring order, a bounded batch per duty cycle:
 * records (single or in batch messages) are counted into the active bank of its {@link DoubleBufferedCounters}; a
 * tick message swaps the banks and then publishes, with release semantics, the tick's sequence as
 * {@link #completedTickSequence()}.
 *
 * <p>Threading: {@link #doWork()} runs on the worker's own thread (an {@code AgentRunner}), which is the single
 * writer of both banks. {@link #completedTickSequence()} and the retired bank are read by the detector; see
 * {@link FanOutCountingStage} for the protocol that keeps the reader off the bank being written.
 */
public final class CountingWorker implements Agent, MessageHandler
{
    /** Default bound on the messages read per duty cycle. */
    public static final int DEFAULT_MESSAGE_COUNT_LIMIT = 1024;
    /**
     * Default bound on the records read per duty cycle, whatever the batch size. The ring's head moves, freeing room
     * for the capture threads, only at the end of a read: a bound in records keeps that every 1024 records, so that
     * publishing and counting overlap instead of taking turns over a whole ring.
     */
    public static final int DEFAULT_RECORD_COUNT_LIMIT = 1024;

    private static final VarHandle COMPLETED_TICK_SEQUENCE;

    static
    {
        try
        {
            COMPLETED_TICK_SEQUENCE = MethodHandles.lookup()
                .findVarHandle(CountingWorker.class, "completedTickSequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final String roleName;
    private final ManyToOneRingBuffer ring;
    private final DoubleBufferedCounters banks;
    private final int messageCountLimit;
    private TrafficCounters active;
    private long completedTickSequence;
    private long completedTickSecond;
    private long unknownMessages;

    public CountingWorker(
        final int workerId,
        final ManyToOneRingBuffer ring,
        final DoubleBufferedCounters banks,
        final int messageCountLimit)
    {
        if (messageCountLimit < 1)
        {
            throw new IllegalArgumentException("messageCountLimit=" + messageCountLimit + " must be at least 1");
        }
        this.roleName = "ftagent-count-" + workerId;
        this.ring = ring;
        this.banks = banks;
        this.messageCountLimit = messageCountLimit;
        this.active = banks.active();
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    @Override
    public int doWork()
    {
        // One read stops at the end of the ring's buffer; a second one continues from its start after a wrap, so
        // a duty cycle never ends having read only the padding record (and never reports idle while work waits).
        final int read = ring.read(this, messageCountLimit);

        return read < messageCountLimit ? read + ring.read(this, messageCountLimit - read) : read;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (RecordFanOut.BATCH_MSG_TYPE_ID == msgTypeId)
        {
            final TrafficCounters active = this.active;
            for (int offset = index, end = index + length; offset < end; offset += PacketRecordDescriptor.LENGTH)
            {
                active.count(buffer, offset);
            }
        }
        else if (RecordFanOut.RECORD_MSG_TYPE_ID == msgTypeId)
        {
            active.count(buffer, index);
        }
        else if (RecordFanOut.TICK_MSG_TYPE_ID == msgTypeId)
        {
            onTick(buffer.getLong(index + RecordFanOut.TICK_SEQUENCE_OFFSET),
                buffer.getLong(index + RecordFanOut.TICK_SECOND_OFFSET));
        }
        else
        {
            unknownMessages++;
        }
    }

    /** Sequence of the last tick this worker completed (acquire read). Any thread. */
    public long completedTickSequence()
    {
        return (long)COMPLETED_TICK_SEQUENCE.getAcquire(this);
    }

    /** Second of the last tick this worker completed; valid after {@link #completedTickSequence()} was read. */
    public long completedTickSecond()
    {
        return completedTickSecond;
    }

    /** The worker's banks; the detector reads {@code banks().retired()} after a completed tick. */
    public DoubleBufferedCounters banks()
    {
        return banks;
    }

    /** Messages of an unknown type (ignored). Worker thread. */
    public long unknownMessages()
    {
        return unknownMessages;
    }

    private void onTick(final long sequence, final long second)
    {
        banks.swap();
        active = banks.active();
        completedTickSecond = second;
        COMPLETED_TICK_SEQUENCE.setRelease(this, sequence);
    }
}
