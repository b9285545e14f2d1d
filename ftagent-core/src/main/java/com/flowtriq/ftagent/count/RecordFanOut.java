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
 *  msgTypeId {@link #BATCH_MSG_TYPE_ID}:  1 to batchRecords 32-byte records back to back, count = length / 32
 *  msgTypeId {@link #TICK_MSG_TYPE_ID}:   tick sequence (long, offset 0) and tick second (long, offset 8)
 * </pre>
 *
 * <p>Batching: with {@code batchRecords > 1} each publisher stages records per worker and writes them as one batch
 * message when {@code batchRecords} are staged or at {@link Publisher#flush()}, so that the ring's claim (a CAS on
 * its tail), its header writes and the worker's per-message reads are paid once per batch instead of once per
 * record. A record still staged when the detector writes a tick message is written behind that message and so
 * counted in a later window: never lost, never counted twice. With {@code batchRecords == 1} every record is
 * written to the ring as its own message at once.
 *
 * <p>A record that does not fit in its ring is dropped and counted as a back-pressure drop for that worker (a
 * batch that does not fit: each of its records); a capture thread never waits. Drops are counted per publisher
 * (single writer each, ordered writes) and summed by the reader.
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
    /** Message type of a batch of packet records. */
    public static final int BATCH_MSG_TYPE_ID = 3;
    /** Default records per batch message: 1 KiB of records, one ring claim per 32 records. */
    public static final int DEFAULT_BATCH_RECORDS = 32;
    /** Length of a tick message. */
    public static final int TICK_LENGTH = 16;
    /** Offset of the tick sequence in a tick message. */
    public static final int TICK_SEQUENCE_OFFSET = 0;
    /** Offset of the tick second in a tick message. */
    public static final int TICK_SECOND_OFFSET = 8;

    /**
     * Default capacity of each worker ring, in bytes: 26 214 records as single-record messages (40 bytes with the
     * header), 32 512 in full batches of 32 (1 032 bytes).
     */
    public static final int DEFAULT_RING_CAPACITY = 1 << 20;

    private final ManyToOneRingBuffer[] rings;
    private final AtomicBuffer[] buffers;
    private final int batchRecords;
    private volatile Publisher[] publishers = new Publisher[0];

    /**
     * Without batching: each record is its own ring message.
     *
     * @param workers      number of counting workers, one ring each.
     * @param ringCapacity capacity of each ring in bytes, a power of two.
     */
    public RecordFanOut(final int workers, final int ringCapacity)
    {
        this(workers, ringCapacity, 1);
    }

    /**
     * @param workers      number of counting workers, one ring each.
     * @param ringCapacity capacity of each ring in bytes, a power of two.
     * @param batchRecords records per batch message, at least 1 (1: no batching); a batch must fit in a ring
     *                     message (an eighth of the ring).
     */
    public RecordFanOut(final int workers, final int ringCapacity, final int batchRecords)
    {
        if (workers < 1)
        {
            throw new IllegalArgumentException("workers=" + workers + " must be at least 1");
        }
        if (!BitUtil.isPowerOfTwo(ringCapacity))
        {
            throw new IllegalArgumentException("ringCapacity=" + ringCapacity + " must be a power of two");
        }
        if (batchRecords < 1 || (long)batchRecords * PacketRecordDescriptor.LENGTH > ringCapacity / 8)
        {
            throw new IllegalArgumentException("batchRecords=" + batchRecords + " must be at least 1 and fit in " +
                (ringCapacity / 8) + " bytes");
        }
        this.batchRecords = batchRecords;
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

    /** Records per batch message (1: no batching). */
    public int batchRecords()
    {
        return batchRecords;
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
     * The {@link RecordPublisher} of one capture thread. Without batching, claims go straight into the chosen
     * worker's ring slot; with batching, into the next free slot of the worker's staged batch, which is written to
     * the ring as one message when full or at {@link #flush()}.
     */
    public final class Publisher implements RecordPublisher
    {
        /** Drops per worker; written only by this publisher's thread. */
        private final AtomicLongArray drops = new AtomicLongArray(rings.length);
        /** Staged records per worker, {@code batchRecords} slots each; null without batching (never read then). */
        private final UnsafeBuffer[] staged = new UnsafeBuffer[rings.length];
        private final int[] stagedCounts = new int[rings.length];
        private final boolean batching = batchRecords > 1;
        private ManyToOneRingBuffer claimedRing;
        private AtomicBuffer claimedBuffer;
        private int claimedWorker;

        private Publisher()
        {
            for (int i = 0; batching && i < staged.length; i++)
            {
                staged[i] = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                    batchRecords * PacketRecordDescriptor.LENGTH, BitUtil.CACHE_LINE_LENGTH));
            }
        }

        /**
         * Without batching: a slot in the ring, or {@link #INSUFFICIENT_CAPACITY} (counted as a drop). With
         * batching: the next slot of the worker's staged batch, never {@link #INSUFFICIENT_CAPACITY}; a batch that
         * finds the ring full is dropped and counted when it is written.
         */
        @Override
        public int claim(final long srcAddress)
        {
            final int worker = workerOf(srcAddress);
            if (batching)
            {
                claimedWorker = worker;
                claimedBuffer = staged[worker];
                return stagedCounts[worker] * PacketRecordDescriptor.LENGTH;
            }
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
            if (batching)
            {
                stageCommitted(claimedWorker);
            }
            else
            {
                claimedRing.commit(index);
            }
        }

        @Override
        public void abort(final int index)
        {
            if (!batching)
            {
                claimedRing.abort(index);
            }
        }

        /**
         * Without batching the record is in the ring when this returns true. With batching it is staged and this
         * returns true; if its batch later finds the ring full, the batch is dropped and counted then.
         */
        @Override
        public boolean publish(final DirectBuffer buffer, final int offset)
        {
            final int index = claim(buffer.getLong(offset + SRC_ADDRESS_OFFSET));
            if (index < 0)
            {
                return false;
            }
            final MutableDirectBuffer target = claimedBuffer;
            target.putLong(index, buffer.getLong(offset));
            target.putLong(index + 8, buffer.getLong(offset + 8));
            target.putLong(index + 16, buffer.getLong(offset + 16));
            target.putLong(index + 24, buffer.getLong(offset + 24));
            commit(index);
            return true;
        }

        /** Writes every staged batch, full or not, to its ring. */
        @Override
        public void flush()
        {
            final int[] stagedCounts = this.stagedCounts;
            for (int worker = 0; worker < stagedCounts.length; worker++)
            {
                if (stagedCounts[worker] > 0)
                {
                    writeBatch(worker);
                }
            }
        }

        /** Records staged for worker {@code worker}, not yet in its ring. Publisher thread. */
        public int staged(final int worker)
        {
            return stagedCounts[worker];
        }

        /** Records this publisher dropped for worker {@code worker}. */
        public long drops(final int worker)
        {
            return drops.getOpaque(worker);
        }

        private void stageCommitted(final int worker)
        {
            final int count = stagedCounts[worker] + 1;
            stagedCounts[worker] = count;
            if (count == batchRecords)
            {
                writeBatch(worker);
            }
        }

        private void writeBatch(final int worker)
        {
            final int count = stagedCounts[worker];
            stagedCounts[worker] = 0;
            if (!rings[worker].write(BATCH_MSG_TYPE_ID, staged[worker], 0, count * PacketRecordDescriptor.LENGTH))
            {
                drops.setRelease(worker, drops.getPlain(worker) + count);
            }
        }
    }
}
