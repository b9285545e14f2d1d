package com.flowtriq.ftagent.count;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static com.flowtriq.ftagent.count.WindowAssertions.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The single-threaded mode of {@code run} (one core): the capture thread counts and swaps banks when the detector,
 * on another thread, asks for a tick.
 */
class CaptureThreadCountingStageTest
{
    /** A deadline that a healthy capture thread never reaches; the tests assert outcomes, not durations. */
    private static final long GENEROUS_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** A deadline nobody meets: the test thread is the capture thread and does not flush while it ticks. */
    private static final long NO_WAIT_NANOS = 1;

    @Test
    void shouldGiveTheSameWindowsAsTheSingleThreadedStageWhileTheCaptureThreadFlushesBetweenPolls() throws Exception
    {
        final CaptureThreadCountingStage stage = new CaptureThreadCountingStage(32, 12, GENEROUS_TIMEOUT_NANOS);
        final SingleThreadedCountingStage single = new SingleThreadedCountingStage();
        final TrafficWindow actual = stage.newWindow();
        final TrafficWindow expected = single.newWindow();
        final RecordStream[] toPublish = new RecordStream[1];
        final AtomicLong published = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread capture = new Thread(() ->
        {
            final RecordPublisher publisher = stage.newPublisher();
            long seen = 0;
            while (running.get())
            {
                // A poll: the second's records when the test has put them out, else nothing; then the batch end.
                if (published.get() > seen)
                {
                    toPublish[0].publishTo(publisher);
                    seen = published.get();
                }
                publisher.flush();
                Thread.onSpinWait();
            }
        }, "test-capture");
        capture.start();
        try
        {
            for (int second = 1; second <= 3; second++)
            {
                final RecordStream stream = RecordStream.mixed(50_000, 30, 40 + second, true);
                toPublish[0] = stream;
                published.incrementAndGet();
                // Tick until the records published for this second are in a window (the first tick may close
                // before the capture thread has taken them: it is then empty).
                long packets = 0;
                while (packets == 0)
                {
                    assertTrue(stage.tick(second, actual));
                    packets = actual.packets();
                }
                stream.publishTo(single.newPublisher());
                single.tick(second, expected);

                assertEquals(50_000, actual.packets());
                assertSameWindow(expected, actual);
            }
        }
        finally
        {
            running.set(false);
            capture.join();
        }
        assertEquals(0, stage.lateTicks());
        assertEquals(0, stage.backPressureDrops());
    }

    @Test
    void shouldLoseNothingAndCountNothingTwiceWhileTheCaptureThreadCountsThroughTicks() throws Exception
    {
        final CaptureThreadCountingStage stage = new CaptureThreadCountingStage(32, 12, GENEROUS_TIMEOUT_NANOS);
        final RecordStream stream = RecordStream.mixed(10_000, 5_000, 31);
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong published = new AtomicLong();
        final Thread capture = new Thread(() ->
        {
            final RecordPublisher publisher = stage.newPublisher();
            for (int round = 0; round < 100; round++)
            {
                published.addAndGet(stream.publishTo(publisher, 0, stream.count() / 2));
                published.addAndGet(stream.publishTo(publisher, stream.count() / 2, stream.count()));
            }
            done.set(true);
            while (running.get())
            {
                // Empty polls, each ending its batch, as the capture loop does on a quiet link.
                publisher.flush();
                Thread.onSpinWait();
            }
        }, "test-capture");
        capture.start();

        final TrafficWindow window = stage.newWindow();
        final TrafficWindow total = stage.newWindow();
        final List<String> late = new ArrayList<>();
        long second = 0;
        try
        {
            while (!done.get())
            {
                if (!stage.tick(++second, window))
                {
                    late.add("tick " + second);
                }
                assertSelfConsistent(window);
                total.add(window);
            }
            // Once the capture thread is done, one more tick collects what it counted since the last one.
            assertTrue(stage.tick(++second, window), "final tick");
            total.add(window);
        }
        finally
        {
            running.set(false);
            capture.join();
        }

        assertEquals(1_000_000, published.get());
        assertEquals(published.get(), total.packets(), "every record in exactly one window");
        assertEquals(second, total.seconds());
        assertSelfConsistent(total);
        assertTrue(late.isEmpty(), "late ticks: " + late);
    }

    @Test
    void shouldMergeALateSwapIntoTheNextWindowWithoutLossOrDoubleCount()
    {
        final CaptureThreadCountingStage stage = new CaptureThreadCountingStage(32, 12, NO_WAIT_NANOS);
        final RecordPublisher publisher = stage.newPublisher();
        final TrafficWindow window = stage.newWindow();

        publish(publisher, 100);
        assertFalse(stage.tick(1, window), "the capture thread has not swapped yet");
        assertEquals(0, window.packets());

        publish(publisher, 50);
        publisher.flush(); // swaps for tick 1: the 150 records are retired
        assertFalse(stage.tick(2, window), "tick 2 asked, not yet swapped");
        assertEquals(150, window.packets(), "tick 1's bank, merged late");

        publish(publisher, 7);
        publisher.flush(); // swaps for tick 2
        publisher.flush(); // no new request: no swap, nothing cleared
        assertFalse(stage.tick(3, window));
        assertEquals(7, window.packets());
        assertEquals(3, stage.lateTicks());
    }

    private static void publish(final RecordPublisher publisher, final int records)
    {
        final RecordStream stream = new RecordStream().tcp4(records, 0x0A00_0001L, 0xC612_0001, 80, 0x02, 60);
        for (int i = 0; i < stream.count(); i++)
        {
            assertTrue(publisher.publish(stream.buffer(), RecordStream.offset(i)));
        }
    }
}
