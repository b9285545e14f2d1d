package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.count.CountingStage;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.detect.DetectorClock;
import com.flowtriq.ftagent.detect.SecondTicker;
import com.flowtriq.ftagent.detect.TrafficWindowSample;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The detection thread of {@code run}: once per wall-clock second it closes the counting stage's tick and hands
 * the merged window to the detector; once a minute it logs a summary line. It never does I/O per second, and
 * the incident listener it drives hands slow work (HTTP, files, firewall commands) to other threads.
 */
final class DetectionLoop implements Runnable
{
    private static final System.Logger LOGGER = System.getLogger(DetectionLoop.class.getName());
    private static final int SUMMARY_EVERY_SECONDS = 60;
    /** A wall clock that jumps further than this ticks only the last part of the gap (see SecondTicker). */
    private static final long MAX_CATCH_UP_SECONDS = 300;

    private final CountingStage stage;
    private final Detector detector;
    private final DetectorClock clock;
    private final SecondTicker ticker = new SecondTicker(MAX_CATCH_UP_SECONDS);
    private final TrafficWindow window;
    private final TrafficWindowSample sample = new TrafficWindowSample();
    private final AgentStatus status;
    private final BooleanSupplier capturing;
    private volatile boolean running = true;
    private volatile Thread thread;
    private long summaryPackets;
    private long summaryBytes;
    private int secondsSinceSummary;
    private long lateTicks;

    DetectionLoop(
        final CountingStage stage,
        final Detector detector,
        final DetectorClock clock,
        final AgentStatus status,
        final BooleanSupplier capturing)
    {
        this.stage = stage;
        this.detector = detector;
        this.clock = clock;
        this.window = stage.newWindow();
        this.status = status;
        this.capturing = capturing;
    }

    @Override
    public void run()
    {
        thread = Thread.currentThread();
        while (running)
        {
            final long wait = ticker.nanosUntilDue(clock.epochNanos());
            if (wait > 0)
            {
                LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(200)));
                continue;
            }
            long second;
            while ((second = ticker.pollDueSecond(clock.epochNanos())) != SecondTicker.NO_TICK)
            {
                tick(second);
            }
        }
    }

    private void tick(final long second)
    {
        if (!stage.tick(second, window))
        {
            lateTicks++;
        }
        summaryPackets += window.packets();
        summaryBytes += window.bytes();
        try
        {
            detector.onTick(second, sample.wrap(window));
        }
        catch (final RuntimeException ex)
        {
            // A detector bug must not stop counting; it is logged with the second it happened on.
            LOGGER.log(System.Logger.Level.ERROR, "detector failed on second " + second + ": " + ex, ex);
        }
        status.publish(window, detector, capturing.getAsBoolean());
        if (++secondsSinceSummary >= SUMMARY_EVERY_SECONDS)
        {
            LOGGER.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                "last %d s: %,d packets (%,.0f pps avg), %.1f Mbit/s avg; %s; late ticks %d",
                secondsSinceSummary, summaryPackets, summaryPackets / (double)secondsSinceSummary,
                summaryBytes * 8 / 1e6 / secondsSinceSummary, detector.status(), lateTicks));
            summaryPackets = 0;
            summaryBytes = 0;
            secondsSinceSummary = 0;
        }
    }

    /** Ends the loop after the current tick; returns once the thread has ended. */
    void stop() throws InterruptedException
    {
        running = false;
        final Thread current = thread;
        if (current != null)
        {
            LockSupport.unpark(current);
            current.join();
        }
    }
}
