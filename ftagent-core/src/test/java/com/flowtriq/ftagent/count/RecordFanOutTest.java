package com.flowtriq.ftagent.count;

import org.agrona.BitUtil;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.junit.jupiter.api.Test;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.LENGTH;
import static org.junit.jupiter.api.Assertions.*;

class RecordFanOutTest
{
    private static final int SMALL_RING = 1024;
    /** Ring bytes one record takes: Agrona's 8-byte header plus the record, aligned. */
    private static final int RECORD_FOOTPRINT = BitUtil.align(RecordDescriptor.HEADER_LENGTH + LENGTH,
        RecordDescriptor.ALIGNMENT);

    @Test
    void shouldCountEachRecordThatFindsTheRingFullAsOneBackPressureDrop()
    {
        final RecordFanOut fanOut = new RecordFanOut(1, SMALL_RING);
        final RecordFanOut.Publisher publisher = fanOut.newPublisher();
        final RecordStream stream = RecordStream.mixed(100, 10, 1);

        final int taken = stream.publishTo(publisher);

        assertEquals(SMALL_RING / RECORD_FOOTPRINT, taken);
        assertEquals(100 - taken, fanOut.backPressureDrops());
        assertEquals(100 - taken, fanOut.backPressureDrops(0));
        assertEquals(100 - taken, publisher.drops(0));
        assertEquals(RecordPublisher.INSUFFICIENT_CAPACITY, publisher.claim(0x0A00_0001L));
        assertEquals(100 - taken + 1, fanOut.backPressureDrops());

        // The worker counts exactly what was taken; once drained, the ring takes records again.
        final DoubleBufferedCounters banks = new DoubleBufferedCounters(32, 12);
        final CountingWorker worker = new CountingWorker(0, fanOut.ring(0), banks, 1024);
        assertEquals(taken, worker.doWork());
        assertEquals(taken, banks.active().packets());
        assertEquals(10, stream.publishTo(publisher, 0, 10));
        assertEquals(100 - taken + 1, fanOut.backPressureDrops());
    }

    @Test
    void shouldSumDropsOverPublishersPerWorker()
    {
        final RecordFanOut fanOut = new RecordFanOut(2, SMALL_RING);
        final RecordFanOut.Publisher first = fanOut.newPublisher();
        final RecordFanOut.Publisher second = fanOut.newPublisher();
        final RecordStream stream = RecordStream.mixed(300, 50, 2);

        final int taken = stream.publishTo(first) + stream.publishTo(second);

        assertEquals(2 * (SMALL_RING / RECORD_FOOTPRINT), taken);
        assertEquals(600 - taken, fanOut.backPressureDrops());
        assertEquals(fanOut.backPressureDrops(), fanOut.backPressureDrops(0) + fanOut.backPressureDrops(1));
        assertEquals(first.drops(0) + second.drops(0), fanOut.backPressureDrops(0));
    }

    @Test
    void shouldSendEverySourceToOneWorkerAndSpreadSourcesOverWorkers()
    {
        final RecordFanOut fanOut = new RecordFanOut(4, SMALL_RING);
        final int[] perWorker = new int[4];
        for (long src = 0; src < 40_000; src++)
        {
            final int worker = fanOut.workerOf(0x0A00_0000L + src);
            assertEquals(worker, fanOut.workerOf(0x0A00_0000L + src));
            perWorker[worker]++;
        }
        for (final int count : perWorker)
        {
            assertEquals(10_000, count, 500);
        }
    }

    @Test
    void shouldPublishZeroCopyThroughClaimAndCommit()
    {
        final RecordFanOut fanOut = new RecordFanOut(1, SMALL_RING);
        final RecordFanOut.Publisher publisher = fanOut.newPublisher();
        final RecordStream stream = RecordStream.mixed(3, 3, 3);

        for (int i = 0; i < 3; i++)
        {
            final int index = publisher.claim(stream.buffer().getLong(RecordStream.offset(i) + 8));
            assertTrue(index >= 0);
            publisher.buffer().putBytes(index, stream.buffer(), RecordStream.offset(i), LENGTH);
            if (i == 1)
            {
                publisher.abort(index);
            }
            else
            {
                publisher.commit(index);
            }
        }

        final DoubleBufferedCounters banks = new DoubleBufferedCounters(32, 12);
        final CountingWorker worker = new CountingWorker(0, fanOut.ring(0), banks, 1024);
        worker.doWork();
        final TrafficCounters expected = new TrafficCounters();
        expected.count(stream.buffer(), RecordStream.offset(0));
        expected.count(stream.buffer(), RecordStream.offset(2));
        assertEquals(2, banks.active().packets());
        assertEquals(expected.bytes(), banks.active().bytes());
    }

    @Test
    void shouldHoldStagedRecordsUntilTheirBatchIsFullOrFlushed()
    {
        final RecordFanOut fanOut = new RecordFanOut(1, 1 << 16, 4);
        final RecordFanOut.Publisher publisher = fanOut.newPublisher();
        final DoubleBufferedCounters banks = new DoubleBufferedCounters(32, 12);
        final CountingWorker worker = new CountingWorker(0, fanOut.ring(0), banks, 1024);
        final RecordStream stream = RecordStream.mixed(10, 5, 4);

        for (int i = 0; i < 3; i++)
        {
            assertTrue(publisher.publish(stream.buffer(), RecordStream.offset(i)));
        }
        assertEquals(3, publisher.staged(0));
        assertEquals(0, worker.doWork(), "a batch that is not full stays with the publisher");

        assertTrue(publisher.publish(stream.buffer(), RecordStream.offset(3)));
        assertEquals(0, publisher.staged(0));
        assertEquals(1, worker.doWork(), "the full batch is one message");
        assertEquals(4, banks.active().packets());

        assertTrue(publisher.publish(stream.buffer(), RecordStream.offset(4)));
        publisher.flush();
        publisher.flush();
        assertEquals(1, worker.doWork(), "a flush writes the partial batch once");
        assertEquals(5, banks.active().packets());

        final TrafficCounters expected = new TrafficCounters();
        for (int i = 0; i < 5; i++)
        {
            expected.count(stream.buffer(), RecordStream.offset(i));
        }
        assertEquals(expected.bytes(), banks.active().bytes());
        assertEquals(0, fanOut.backPressureDrops());
    }

    @Test
    void shouldCountEveryRecordOfABatchThatFindsTheRingFullAsADrop()
    {
        // 8 KiB of ring holds 7 full batches of 32 records (1032 bytes each); the eighth does not fit.
        final RecordFanOut fanOut = new RecordFanOut(1, 8192, 32);
        final RecordFanOut.Publisher publisher = fanOut.newPublisher();
        final RecordStream stream = RecordStream.mixed(8 * 32 + 5, 20, 5);

        assertEquals(8 * 32 + 5, stream.publishTo(publisher));

        assertEquals(32, fanOut.backPressureDrops());
        assertEquals(32, publisher.drops(0));
        final DoubleBufferedCounters banks = new DoubleBufferedCounters(32, 12);
        final CountingWorker worker = new CountingWorker(0, fanOut.ring(0), banks, 1024);
        while (worker.doWork() > 0)
        {
            // drain
        }
        assertEquals(7 * 32 + 5, banks.active().packets(), "the last, partial batch fitted behind the full ones");
    }

    @Test
    void shouldStageZeroCopyClaimsAndLeaveAbortedOnesOut()
    {
        final RecordFanOut fanOut = new RecordFanOut(2, 1 << 16, 8);
        final RecordFanOut.Publisher publisher = fanOut.newPublisher();
        final RecordStream stream = RecordStream.mixed(6, 6, 6);

        for (int i = 0; i < 6; i++)
        {
            final int index = publisher.claim(stream.buffer().getLong(RecordStream.offset(i) + 8));
            assertTrue(index >= 0);
            publisher.buffer().putBytes(index, stream.buffer(), RecordStream.offset(i), LENGTH);
            if (i == 2)
            {
                publisher.abort(index);
            }
            else
            {
                publisher.commit(index);
            }
        }
        publisher.flush();

        final TrafficCounters expected = new TrafficCounters();
        long packets = 0;
        long bytes = 0;
        for (int i = 0; i < 6; i++)
        {
            if (i != 2)
            {
                expected.count(stream.buffer(), RecordStream.offset(i));
            }
        }
        for (int w = 0; w < 2; w++)
        {
            final DoubleBufferedCounters banks = new DoubleBufferedCounters(32, 12);
            new CountingWorker(w, fanOut.ring(w), banks, 1024).doWork();
            packets += banks.active().packets();
            bytes += banks.active().bytes();
        }
        assertEquals(5, packets);
        assertEquals(expected.bytes(), bytes);
    }

    @Test
    void shouldRejectABadRingSize()
    {
        assertThrows(IllegalArgumentException.class, () -> new RecordFanOut(1, 1000));
        assertThrows(IllegalArgumentException.class, () -> new RecordFanOut(0, 1024));
        assertThrows(IllegalArgumentException.class, () -> new RecordFanOut(1, 1024, 0));
        assertThrows(IllegalArgumentException.class, () -> new RecordFanOut(1, 4096, 32), "a batch over 1/8 ring");
    }
}
