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
    void shouldRejectABadRingSize()
    {
        assertThrows(IllegalArgumentException.class, () -> new RecordFanOut(1, 1000));
        assertThrows(IllegalArgumentException.class, () -> new RecordFanOut(0, 1024));
    }
}
