package com.flowtriq.ftagent.count;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tick protocol between a counting worker and the detector, driven step by step on one thread: the test plays
 * the worker (calling {@code doWork}) and the detector in turn, so every interleaving checked is deterministic.
 */
class BankSwapProtocolTest
{
    @Test
    void shouldRetireExactlyTheRecordsAheadOfTheTickAndKeepWritingTheOtherBank()
    {
        final RecordFanOut fanOut = new RecordFanOut(1, 1 << 16);
        final RecordFanOut.Publisher publisher = fanOut.newPublisher();
        final DoubleBufferedCounters banks = new DoubleBufferedCounters(32, 12);
        final CountingWorker worker = new CountingWorker(0, fanOut.ring(0), banks, 1024);
        final RecordStream stream = RecordStream.mixed(20, 5, 7);

        stream.publishTo(publisher, 0, 3);
        assertTrue(fanOut.tryWriteTick(0, 1, 100));
        stream.publishTo(publisher, 3, 5);
        assertEquals(0, worker.completedTickSequence(), "nothing may be read before the worker completes a tick");

        worker.doWork();

        assertEquals(1, worker.completedTickSequence());
        assertEquals(100, worker.completedTickSecond());
        final TrafficCounters retired = banks.retired();
        assertNotSame(retired, banks.active());
        assertEquals(3, retired.packets(), "records before the tick message");
        assertEquals(2, banks.active().packets(), "records after it");

        // The worker keeps counting: only the active bank changes; the retired one is written by nobody.
        final long retiredBytes = retired.bytes();
        stream.publishTo(publisher, 5, 15);
        worker.doWork();
        assertSame(retired, banks.retired());
        assertEquals(3, retired.packets());
        assertEquals(retiredBytes, retired.bytes());
        assertEquals(12, banks.active().packets());

        // The next tick retires the other bank; the first one is cleared and written again only from now on.
        assertTrue(fanOut.tryWriteTick(0, 2, 101));
        worker.doWork();
        assertEquals(2, worker.completedTickSequence());
        assertNotSame(retired, banks.retired());
        assertSame(retired, banks.active());
        assertEquals(0, banks.active().packets());
        assertEquals(12, banks.retired().packets());
        assertEquals(2, banks.swaps());
    }

    @Test
    void shouldCountARecordStagedAtATickInTheNextWindowOnly()
    {
        final RecordFanOut fanOut = new RecordFanOut(1, 1 << 16, 4);
        final RecordFanOut.Publisher publisher = fanOut.newPublisher();
        final DoubleBufferedCounters banks = new DoubleBufferedCounters(32, 12);
        final CountingWorker worker = new CountingWorker(0, fanOut.ring(0), banks, 1024);
        final RecordStream stream = RecordStream.mixed(20, 5, 11);

        // 6 records: one full batch of 4 goes into the ring, 2 stay staged while the tick message is written.
        for (int i = 0; i < 6; i++)
        {
            publisher.publish(stream.buffer(), RecordStream.offset(i));
        }
        assertTrue(fanOut.tryWriteTick(0, 1, 100));
        publisher.flush();
        stream.publishTo(publisher, 6, 9);
        worker.doWork();

        assertEquals(1, worker.completedTickSequence());
        assertEquals(4, banks.retired().packets(), "only the batch written before the tick message");
        assertEquals(5, banks.active().packets(), "the 2 staged at the tick, then 3 more");

        assertTrue(fanOut.tryWriteTick(0, 2, 101));
        worker.doWork();
        assertEquals(5, banks.retired().packets());
        assertEquals(0, banks.active().packets());
    }

    @Test
    void shouldMergeALateWorkersBankIntoTheNextWindowWithoutLossOrDoubleCount()
    {
        // Workers are never started: the test thread plays them, so the stage sees them late on purpose.
        try (FanOutCountingStage stage = new FanOutCountingStage(1, 1 << 16, 32, 12, TimeUnit.MILLISECONDS.toNanos(1)))
        {
            final RecordPublisher publisher = stage.newPublisher();
            final TrafficWindow window = stage.newWindow();
            final CountingWorker worker = stage.worker(0);
            final RecordStream stream = RecordStream.mixed(15, 5, 8);

            stream.publishTo(publisher, 0, 10);
            assertFalse(stage.tick(1, window), "worker did not answer");
            assertEquals(0, window.packets());
            assertEquals(1, window.tickSecond());

            worker.doWork(); // counts 10, completes tick 1
            stream.publishTo(publisher, 10, 15);
            worker.doWork(); // counts 5 into the new active bank

            assertFalse(stage.tick(2, window), "tick 2 sent, not yet answered");
            assertEquals(10, window.packets(), "the late bank of tick 1 is merged into window 2");
            assertEquals(2, window.tickSecond());

            worker.doWork(); // completes tick 2: the 5 later records are retired
            assertFalse(stage.tick(3, window));
            assertEquals(5, window.packets());

            worker.doWork();
            assertFalse(stage.tick(4, window));
            assertEquals(0, window.packets());
            assertEquals(4, stage.lateTicks());
        }
    }

    @Test
    void shouldReportDropsOfAFullRingInTheWindowOfTheirTick()
    {
        // Unbatched, 2048 bytes take 51 records of 40 bytes; the 8 bytes left cannot hold a 24-byte tick message.
        try (FanOutCountingStage stage =
            new FanOutCountingStage(1, 2048, 1, 32, 12, TimeUnit.MILLISECONDS.toNanos(1)))
        {
            final RecordPublisher publisher = stage.newPublisher();
            final TrafficWindow window = stage.newWindow();
            final RecordStream stream = RecordStream.mixed(100, 10, 9);

            final int taken = stream.publishTo(publisher);
            assertEquals(51, taken);
            assertFalse(stage.tick(1, window), "no room even for the tick message");
            assertEquals(100 - taken, window.backPressureDrops());
            assertEquals(100 - taken, stage.backPressureDrops());

            stage.worker(0).doWork(); // drains the ring; there was no tick message in it
            assertFalse(stage.tick(2, window));
            assertEquals(0, window.backPressureDrops(), "drops are per window");
            assertEquals(0, window.packets());

            stage.worker(0).doWork(); // completes tick 2 with everything taken so far
            stage.tick(3, window);
            assertEquals(taken, window.packets());
        }
    }
}
