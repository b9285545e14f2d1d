package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.detect.DetectionSettings;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.detect.DetectorClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detection thread of {@code run}: its once-a-minute summary line, driven by a clock the test advances. */
class DetectionLoopTest
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Test
    void shouldLogOneInfoSummaryLinePerSixtySecondsTicked() throws Exception
    {
        // One second further at each reading until 150 s after the start, then still: the first reading anchors the
        // ticker, so seconds 1..149 are ticked, which is two whole minutes and 29 seconds of a third.
        final long start = 1_790_000_000L * NANOS_PER_SECOND;
        final AtomicLong readings = new AtomicLong();
        final DetectorClock clock = () -> start + Math.min(readings.getAndIncrement(), 150) * NANOS_PER_SECOND;
        final Detector detector = new Detector(
            DetectionSettings.builder().baselineWindowMinutes(5).stateDir("/nonexistent-ftagent-test").build(),
            event -> { });
        final DetectionLoop loop = new DetectionLoop(
            new SingleThreadedCountingStage(), detector, clock, new AgentStatus("test"), () -> false);

        final Logger logger = Logger.getLogger(DetectionLoop.class.getName());
        final Level level = logger.getLevel();
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        final Handler handler = new Handler()
        {
            @Override
            public void publish(final LogRecord record)
            {
                records.add(record);
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        logger.setLevel(Level.INFO);
        logger.addHandler(handler);
        try
        {
            final Thread thread = Thread.ofPlatform().name("detection-loop-test").start(loop);
            // Caught up once the clock stands still and the loop sleeps between readings.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long previous = -1;
            while (System.nanoTime() < deadline && !(readings.get() > 150 && readings.get() == previous))
            {
                previous = readings.get();
                Thread.sleep(100);
            }
            loop.stop();
            thread.join();
        }
        finally
        {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }

        assertTrue(readings.get() > 150, "the loop did not reach the end of the clock: " + readings.get());
        final List<LogRecord> summaries =
            records.stream().filter(record -> record.getMessage().startsWith("last ")).toList();
        assertEquals(2, summaries.size(), records.stream().map(LogRecord::getMessage).toList().toString());
        for (final LogRecord summary : summaries)
        {
            assertEquals(Level.INFO, summary.getLevel());
            assertTrue(summary.getMessage().startsWith("last 60 s: 0 packets (0 pps avg), 0.0 Mbit/s avg; baseline "),
                summary.getMessage());
            assertTrue(summary.getMessage().endsWith("; late ticks 0"), summary.getMessage());
        }
    }
}
