package com.flowtriq.ftagent.count;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static com.flowtriq.ftagent.count.WindowAssertions.*;
import static org.junit.jupiter.api.Assertions.*;

class CountingStageTest
{
    /** A deadline that a healthy worker never reaches; the tests assert outcomes, not durations. */
    private static final long GENEROUS_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final int RING = 1 << 23;

    @Test
    void shouldMergeTwoWorkersToExactlyTheWindowOfOneWorker()
    {
        // At most 30 sources and fewer than 32 port keys: every sketch is exact, so even the lists must match.
        assertTwoWorkerMergeEqualsOneWorker(RecordStream.mixed(100_000, 30, 11, true), true);
    }

    @Test
    void shouldMergeTwoWorkersToTheSameTotalsAsOneWorkerWithManySources()
    {
        assertTwoWorkerMergeEqualsOneWorker(RecordStream.mixed(100_000, 20_000, 12), false);
    }

    @Test
    void shouldGiveTheSameWindowThreadedAsSingleThreaded()
    {
        final SingleThreadedCountingStage single = new SingleThreadedCountingStage();
        final TrafficWindow expected = single.newWindow();
        try (FanOutCountingStage threaded = new FanOutCountingStage(2, RING, 32, 12, GENEROUS_TIMEOUT_NANOS))
        {
            threaded.start();
            final TrafficWindow actual = threaded.newWindow();
            final RecordPublisher singlePublisher = single.newPublisher();
            final RecordPublisher threadedPublisher = threaded.newPublisher();
            for (int second = 1; second <= 3; second++)
            {
                final RecordStream stream = RecordStream.mixed(50_000, 30, 20 + second, true);
                assertEquals(stream.count(), stream.publishTo(threadedPublisher));
                stream.publishTo(singlePublisher);

                assertTrue(threaded.tick(second, actual));
                single.tick(second, expected);

                assertEquals(50_000, actual.packets());
                assertSameWindow(expected, actual);
            }
            assertEquals(0, threaded.backPressureDrops());
            assertEquals(0, threaded.workerErrors());
        }
    }

    @Test
    void shouldLoseNothingAndCountNothingTwiceWhileACaptureThreadPublishesThroughTicks() throws Exception
    {
        // Small rings so that some records are dropped: every record is either in exactly one window or a drop.
        try (FanOutCountingStage stage = new FanOutCountingStage(2, 1 << 14, 32, 12, GENEROUS_TIMEOUT_NANOS))
        {
            stage.start();
            final RecordStream stream = RecordStream.mixed(10_000, 5_000, 31);
            final AtomicBoolean done = new AtomicBoolean();
            final AtomicLong published = new AtomicLong();
            final Thread capture = new Thread(() ->
            {
                final RecordPublisher publisher = stage.newPublisher();
                for (int round = 0; round < 100; round++)
                {
                    stream.publishTo(publisher);
                    published.addAndGet(stream.count());
                }
                done.set(true);
            }, "test-capture");
            capture.start();

            final TrafficWindow window = stage.newWindow();
            final TrafficWindow total = stage.newWindow();
            long drops = 0;
            long second = 0;
            final List<String> late = new ArrayList<>();
            while (!done.get())
            {
                if (!stage.tick(++second, window))
                {
                    late.add("tick " + second);
                }
                assertSelfConsistent(window);
                drops += window.backPressureDrops();
                total.add(window);
            }
            capture.join();
            // Once the capture thread is done, one complete tick collects everything still in the rings.
            assertTrue(stage.tick(++second, window), "final tick");
            drops += window.backPressureDrops();
            total.add(window);

            assertEquals(1_000_000, published.get());
            assertEquals(published.get(), total.packets() + drops, "counted + dropped");
            assertEquals(stage.backPressureDrops(), drops);
            assertEquals(second, total.seconds());
            assertSelfConsistent(total);
            assertTrue(late.isEmpty(), "late ticks: " + late);
        }
    }

    private static void assertTwoWorkerMergeEqualsOneWorker(final RecordStream stream, final boolean exactLists)
    {
        final RecordFanOut fanOut = new RecordFanOut(2, RING);
        final CountingWorker[] workers = new CountingWorker[2];
        for (int i = 0; i < 2; i++)
        {
            workers[i] = new CountingWorker(i, fanOut.ring(i), new DoubleBufferedCounters(32, 12), 1 << 20);
        }
        assertEquals(stream.count(), stream.publishTo(fanOut.newPublisher()));
        for (int i = 0; i < 2; i++)
        {
            assertTrue(fanOut.tryWriteTick(i, 1, 7));
            workers[i].doWork();
            assertEquals(1, workers[i].completedTickSequence());
        }
        assertTrue(workers[0].banks().retired().packets() > stream.count() / 3, "both workers got sources");
        assertTrue(workers[1].banks().retired().packets() > stream.count() / 3, "both workers got sources");

        final TrafficWindowAssembler assembler = new TrafficWindowAssembler(2, 32);
        final TrafficWindow merged = new TrafficWindow();
        assembler.begin(merged, 7);
        assembler.add(merged, workers[0].banks().retired());
        assembler.add(merged, workers[1].banks().retired());
        assembler.finish(merged, 0);

        final SingleThreadedCountingStage single = new SingleThreadedCountingStage();
        final TrafficWindow expected = single.newWindow();
        stream.publishTo(single.newPublisher());
        single.tick(7, expected);

        assertEquals(stream.count(), merged.packets());
        if (exactLists)
        {
            assertSameWindow(expected, merged);
        }
        else
        {
            assertSameCounts(expected, merged);
            assertEquals(32, merged.topSources().size());
        }
    }
}
