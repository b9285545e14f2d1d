package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.detect.BaselineFile;
import com.flowtriq.ftagent.detect.DetectionSettings;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.detect.TrafficWindowSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #4: the baseline is written to {@code state_dir} while the agent runs, every save interval of the clock,
 * not only on shutdown, so that a crash keeps what was learned.
 */
class PeriodicBaselineSaveTest
{
    private static final long T0 = 1_790_000_000L;
    private static final long INTERVAL_SECONDS = 20;

    @TempDir
    Path stateDir;

    @Test
    void shouldWriteTheBaselineEveryIntervalWhileTheDetectorTicks() throws Exception
    {
        final DetectionSettings settings = DetectionSettings.builder()
            .baselineWindowMinutes(1)
            .stateDir(stateDir.toString())
            .build();
        final Detector detector = new Detector(settings, event -> { });
        final SingleThreadedCountingStage stage = new SingleThreadedCountingStage();
        final TrafficWindow window = stage.newWindow();
        final TrafficWindowSample sample = new TrafficWindowSample();
        final Path file = detector.baselinePath();

        try (PeriodicBaselineSave save = PeriodicBaselineSave.start(detector, INTERVAL_SECONDS))
        {
            long second = T0;
            detector.onTick(second, sample.wrap(tick(stage, second, window)));
            awaitSaves(save, 1);
            assertTrue(Files.isRegularFile(file), "written after the first tick: " + file);

            // The next offer is due INTERVAL_SECONDS of the clock later, not before.
            for (int i = 1; i < INTERVAL_SECONDS; i++)
            {
                second++;
                detector.onTick(second, sample.wrap(tick(stage, second, window)));
            }
            second++;
            detector.onTick(second, sample.wrap(tick(stage, second, window)));
            awaitSaves(save, 2);
            assertEquals(2, save.saver().saves());
            assertEquals(0, save.saver().failures());
        }

        final Detector restarted = new Detector(settings, event -> { });
        assertEquals(BaselineFile.RestoreResult.RESTORED, restarted.restoreBaseline(T0 + INTERVAL_SECONDS + 1));
        assertEquals(INTERVAL_SECONDS + 1, restarted.baseline().sampleCount(), "the seconds learned up to the save");
    }

    private static TrafficWindow tick(
        final SingleThreadedCountingStage stage, final long second, final TrafficWindow window)
    {
        stage.tick(second, window);
        return window;
    }

    /** Waits for the saver's thread; fails after a generous bound (a wait, not a timing assertion). */
    private static void awaitSaves(final PeriodicBaselineSave save, final long saves) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (save.saver().saves() < saves && System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        assertEquals(saves, save.saver().saves(), "snapshots written");
    }
}
