package com.flowtriq.ftagent.count;

import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.SRC_ADDRESS_OFFSET;

/**
 * Fans packet records out from the capture threads to the counting workers: one Agrona {@link ManyToOneRingBuffer}
 * per worker (many capture threads and the detector produce, the worker consumes), the worker chosen by a hash of
 * the source address so that each source is counted by exactly one worker.
 *
 * <p>Messages in a worker ring:
 * <pre>
 *  msgTypeId {@link #RECORD_MSG_TYPE_ID}: the 32-byte record ({@link PacketRecordDescriptor})
 *  msgTypeId {@link #TICK_MSG_TYPE_ID}:   tick sequence (long, offset 0) and tick second (long, offset 8)
 * </pre>
 *
 * <p>A record that does not fit in its ring is dropped and counted as a back-pressure drop for that worker; a
 * capture thread never waits. Drops are counted per publisher (single writer each, ordered writes) and summed by
 * the reader.
 *
 * <p>Threading: {@link #newPublisher()} on any thread (cold); each {@link Publisher} on its own capture thread;
 * {@link #tryWriteTick(int, long, long)} by the detector; drop totals readable from any thread.
 */
public final class RecordFanOut
{
    /** Message type of a packet record. */
    public static final int RECORD_MSG_TYPE_ID = 1;
    /** Message type of a tick control message. */
    public static final int TICK_MSG_TYPE_ID = 2;
    /** Length of a tick message. */
    public static final int TICK_LENGTH = 16;
    /** Offset of the tick sequence in a tick message. */
    public static final int TICK_SEQUENCE_OFFSET = 0;
    /** Offset of the tick second in a tick message. */
    public static final int TICK_SECOND_OFFSET = 8;

    /** Default capacity of each worker ring, in bytes (a record takes 40 with its header): 26 214 records. */
    public static final int DEFAULT_RING_CAPACITY = 1 << 20;

    private final ManyToOneRingBuffer[] rings;
    private final AtomicBuffer[] buffers;
    private volatile Publisher[] publishers = new Publisher[0];

    /**
     * @param workers      number of counting workers, one ring each.
     * @param ringCapacity capacity of each ring in bytes, a power of two.
     */
    public RecordFanOut(final int workers, final int ringCapacity)
    {
        if (workers < 1)
        {
            throw new IllegalArgumentException("workers=" + workers + " must be at least 1");
        }
        if (!BitUtil.isPowerOfTwo(ringCapacity))
        {
            throw new IllegalArgumentException("ringCapacity=" + ringCapacity + " must be a power of two");
        }
        rings = new ManyToOneRingBuffer[workers];
        buffers = new AtomicBuffer[workers];
        for (int i = 0; i < workers; i++)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                ringCapacity + RingBufferDescriptor.TRAILER_LENGTH, 2 * BitUtil.CACHE_LINE_LENGTH));
            rings[i] = new ManyToOneRingBuffer(buffer);
            buffers[i] = rings[i].buffer();
        }
    }

    public int workerCount()
    {
        return rings.length;
    }

    /** The ring of worker {@code worker}. */
    public ManyToOneRingBuffer ring(final int worker)
    {
        return rings[worker];
    }

    /** The worker that counts source {@code srcAddress}: a multiply-high reduction of its mixed hash. */
    public int workerOf(final long srcAddress)
    {
        return (int)(((AddressHash.mix64(srcAddress) >>> 32) * rings.length) >>> 32);
    }

    /** A publisher for one capture thread. Cold path. */
    public synchronized Publisher newPublisher()
    {
        final Publisher publisher = new Publisher();
        final Publisher[] current = publishers;
        final Publisher[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = publisher;
        publishers = next;
        return publisher;
    }

    /**
     * Writes one tick message into worker {@code worker}'s ring, without waiting.
     *
     * @return false if the ring had no room.
     */
    public boolean tryWriteTick(final int worker, final long sequence, final long second)
    {
        final ManyToOneRingBuffer ring = rings[worker];
        final int index = ring.tryClaim(TICK_MSG_TYPE_ID, TICK_LENGTH);
        if (index < 0)
        {
            return false;
        }
        final AtomicBuffer buffer = buffers[worker];
        buffer.putLong(index + TICK_SEQUENCE_OFFSET, sequence);
        buffer.putLong(index + TICK_SECOND_OFFSET, second);
        ring.commit(index);
        return true;
    }

    /** Records dropped because worker {@code worker}'s ring was full, since the start. */
    public long backPressureDrops(final int worker)
    {
        long total = 0;
        for (final Publisher publisher : publishers)
        {
            total += publisher.drops.getOpaque(worker);
        }

        return total;
    }

    /** Records dropped because a ring was full, since the start, all workers. */
    public long backPressureDrops()
    {
        long total = 0;
        for (int worker = 0; worker < rings.length; worker++)
        {
            total += backPressureDrops(worker);
        }

        return total;
    }

    /**
     * The {@link RecordPublisher} of one capture thread. Claims go straight into the chosen worker's ring slot.
     */
    public final class Publisher implements RecordPublisher
    {
        /** Drops per worker; written only by this publisher's thread. */
        private final AtomicLongArray drops = new AtomicLongArray(rings.length);
        private ManyToOneRingBuffer claimedRing;
        private AtomicBuffer claimedBuffer;

        private Publisher()
        {
        }

        @Override
        public int claim(final long srcAddress)
        {
            final int worker = workerOf(srcAddress);
            final ManyToOneRingBuffer ring = rings[worker];
            final int index = ring.tryClaim(RECORD_MSG_TYPE_ID, PacketRecordDescriptor.LENGTH);
            if (index < 0)
            {
                drops.setRelease(worker, drops.getPlain(worker) + 1);
                return INSUFFICIENT_CAPACITY;
            }
            claimedRing = ring;
            claimedBuffer = buffers[worker];
            return index;
        }

        @Override
        public MutableDirectBuffer buffer()
        {
            return claimedBuffer;
        }

        @Override
        public void commit(final int index)
        {
            claimedRing.commit(index);
        }

        @Override
        public void abort(final int index)
        {
            claimedRing.abort(index);
        }

        @Override
        public boolean publish(final DirectBuffer buffer, final int offset)
        {
            final int index = claim(buffer.getLong(offset + SRC_ADDRESS_OFFSET));
            if (index < 0)
            {
                return false;
            }
            final AtomicBuffer ringBuffer = claimedBuffer;
            ringBuffer.putLong(index, buffer.getLong(offset));
            ringBuffer.putLong(index + 8, buffer.getLong(offset + 8));
            ringBuffer.putLong(index + 16, buffer.getLong(offset + 16));
            ringBuffer.putLong(index + 24, buffer.getLong(offset + 24));
            claimedRing.commit(index);
            return true;
        }

        /** Records this publisher dropped for worker {@code worker}. */
        public long drops(final int worker)
        {
            return drops.getOpaque(worker);
        }
    }
}
