package com.flowtriq.ftagent.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineFileTest
{
    private static final long NOW = 1_790_000_000L;

    @TempDir
    Path dir;

    private static Baseline filled(final int capacity, final int samples)
    {
        final Baseline baseline = new Baseline(capacity);
        for (int i = 0; i < samples; i++)
        {
            baseline.record(1_000 + i, 8_000_000L + i, false);
        }
        return baseline;
    }

    private static long[] samples(final Baseline baseline)
    {
        final long[] values = new long[baseline.sampleCount() * 2];
        for (int i = 0; i < baseline.sampleCount(); i++)
        {
            values[2 * i] = baseline.samplePps(i);
            values[2 * i + 1] = baseline.sampleBps(i);
        }
        return values;
    }

    @Test
    void shouldRestoreExactlyWhatWasSaved() throws IOException
    {
        final Baseline saved = filled(600, 900);
        final Path file = dir.resolve(BaselineFile.FILE_NAME);
        BaselineFile.save(file, saved, NOW);

        final Baseline restored = new Baseline(600);
        assertEquals(BaselineFile.RestoreResult.RESTORED, BaselineFile.restore(file, restored, NOW + 60, 3600));

        assertArrayEquals(samples(saved), samples(restored));
        assertEquals(saved.p99Pps(), restored.p99Pps());
        assertEquals(saved.averageBps(), restored.averageBps());
        assertFalse(restored.isWarmingUp());
    }

    @Test
    void shouldKeepTheNewestSamplesWhenTheWindowShrank() throws IOException
    {
        final Path file = dir.resolve(BaselineFile.FILE_NAME);
        BaselineFile.save(file, filled(600, 600), NOW);

        final Baseline smaller = new Baseline(100);
        assertEquals(BaselineFile.RestoreResult.RESTORED, BaselineFile.restore(file, smaller, NOW, 3600));
        assertEquals(100, smaller.sampleCount());
        assertEquals(1_500, smaller.samplePps(0));
        assertEquals(1_599, smaller.samplePps(99));
    }

    @Test
    void shouldIgnoreAFileOlderThanTheAllowedAge() throws IOException
    {
        final Path file = dir.resolve(BaselineFile.FILE_NAME);
        BaselineFile.save(file, filled(60, 60), NOW);

        final Baseline baseline = new Baseline(60);
        assertEquals(BaselineFile.RestoreResult.STALE, BaselineFile.restore(file, baseline, NOW + 3601, 3600));
        assertEquals(0, baseline.sampleCount());
    }

    @Test
    void shouldReportAMissingFile()
    {
        final Baseline baseline = new Baseline(60);
        assertEquals(BaselineFile.RestoreResult.MISSING,
            BaselineFile.restore(dir.resolve("none.bin"), baseline, NOW, 3600));
    }

    @Test
    void shouldIgnoreCorruptFilesAndLeaveTheBaselineToWarmUpAfresh() throws IOException
    {
        final Path file = dir.resolve(BaselineFile.FILE_NAME);
        BaselineFile.save(file, filled(60, 60), NOW);
        final byte[] good = Files.readAllBytes(file);

        final byte[] flipped = good.clone();
        flipped[BaselineFile.SAMPLES_OFFSET + 3] ^= 0x40;
        final byte[] truncated = java.util.Arrays.copyOf(good, good.length - 7);
        final byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        final byte[] garbage = "{\"not\":\"a baseline\"}".getBytes();

        for (final byte[] bytes : List.of(flipped, truncated, badMagic, garbage, new byte[0]))
        {
            Files.write(file, bytes);
            final Baseline baseline = filled(60, 3);
            assertEquals(BaselineFile.RestoreResult.CORRUPT, BaselineFile.restore(file, baseline, NOW, 3600));
            assertEquals(3, baseline.sampleCount(), "a corrupt file must not touch the baseline");
        }
    }

    @Test
    void shouldStartWarmingUpWhenTheDetectorFindsACorruptFile() throws IOException
    {
        Files.write(dir.resolve(BaselineFile.FILE_NAME), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
        final DetectionSettings settings = DetectionSettings.builder().stateDir(dir.toString()).build();
        final Detector detector = new Detector(settings, e -> { });

        assertEquals(BaselineFile.RestoreResult.CORRUPT, detector.restoreBaseline(NOW));
        assertTrue(detector.warmingUp());
        assertTrue(detector.status().contains("warming up"), detector.status());
    }

    @Test
    void shouldRoundTripThroughTheDetectorsStateDirectory() throws IOException
    {
        final DetectionSettings settings =
            DetectionSettings.builder().baselineWindowMinutes(1).stateDir(dir.resolve("state").toString()).build();
        final Detector first = new Detector(settings, e -> { });
        final SyntheticTrafficSample sample = new SyntheticTrafficSample();
        for (int t = 0; t < 60; t++)
        {
            Traffic.benign(sample.clear(NOW + t), NOW + t, 2_000);
            first.onTick(NOW + t, sample);
        }
        first.saveBaseline(NOW + 60);

        final Detector second = new Detector(settings, e -> { });
        assertEquals(BaselineFile.RestoreResult.RESTORED, second.restoreBaseline(NOW + 120));
        assertFalse(second.warmingUp());
        assertEquals(first.baseline().p99Pps(), second.baseline().p99Pps());
        assertEquals(first.baseline().sampleCount(), second.baseline().sampleCount());
    }

    @Test
    void shouldWriteOfferedSnapshotsFromTheSaverAgentAndRefuseWhileBusy()
    {
        final Path file = dir.resolve("saver").resolve(BaselineFile.FILE_NAME);
        final Baseline baseline = filled(60, 60);
        final BaselineSaver saver = new BaselineSaver(file, 60, 300);

        assertTrue(saver.offerIfDue(baseline, NOW));
        assertFalse(saver.offerIfDue(baseline, NOW + 299));
        assertFalse(saver.offer(baseline, NOW + 1));
        assertEquals(1, saver.busyRefusals());
        assertEquals(1, saver.doWork());
        assertEquals(0, saver.doWork());
        assertEquals(1, saver.saves());

        final Baseline restored = new Baseline(60);
        assertEquals(BaselineFile.RestoreResult.RESTORED, BaselineFile.restore(file, restored, NOW, 3600));
        assertArrayEquals(samples(baseline), samples(restored));
        assertTrue(saver.offerIfDue(baseline, NOW + 300));
    }
}
