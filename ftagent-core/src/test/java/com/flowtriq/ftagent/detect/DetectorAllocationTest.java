package com.flowtriq.ftagent.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static com.flowtriq.ftagent.detect.Traffic.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The detector must not allocate per tick in steady state: measured with the JVM's per-thread allocation counter
 * over many ticks (so that a single allocation per tick would show as thousands of bytes). The baseline saver is not
 * attached: it encodes a snapshot every few minutes, not per tick.
 */
class DetectorAllocationTest
{
    private static final int WARM_UP_TICKS = 20_000;
    private static final int MEASURED_TICKS = 20_000;
    /** Far below one object per tick (the smallest object is 16 bytes); leaves room for the measurement itself. */
    private static final long ALLOWED_BYTES = 2_048;

    private static com.sun.management.ThreadMXBean threadBean()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        final com.sun.management.ThreadMXBean sunBean = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(sunBean.isThreadAllocatedMemorySupported(), "thread allocation counting not supported");
        sunBean.setThreadAllocatedMemoryEnabled(true);
        return sunBean;
    }

    @Test
    void shouldNotAllocatePerTickWhileLearningBenignTraffic()
    {
        final com.sun.management.ThreadMXBean bean = threadBean();
        final Detector detector = new Detector(DetectionSettings.defaults(), e -> { });
        final SyntheticTrafficSample sample = new SyntheticTrafficSample();
        long second = T0;
        for (int i = 0; i < WARM_UP_TICKS; i++, second++)
        {
            benign(sample.clear(second), second, 2_000);
            detector.onTick(second, sample);
        }

        final long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_TICKS; i++, second++)
        {
            benign(sample.clear(second), second, 2_000);
            detector.onTick(second, sample);
        }
        final long allocated = bean.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < ALLOWED_BYTES, allocated + " bytes over " + MEASURED_TICKS + " ticks");
        assertEquals(0, detector.lifecycle().incidentCount());
    }

    @Test
    void shouldOfferBaselineSnapshotsWithoutAllocating(@TempDir final Path dir)
    {
        final com.sun.management.ThreadMXBean bean = threadBean();
        final Baseline baseline = new Baseline(3600);
        for (int i = 0; i < 3600; i++)
        {
            baseline.record(2_000 + i, 16_000_000, false);
        }
        final BaselineSaver saver = new BaselineSaver(dir.resolve(BaselineFile.FILE_NAME), 3600, 1);

        // The first offers load and initialise classes (checksum, buffer); steady state comes after.
        for (int i = 0; i < 20; i++)
        {
            assertTrue(saver.offer(baseline, T0 + i));
            saver.doWork();
        }

        long allocated = 0;
        for (int i = 0; i < 40; i++)
        {
            final long before = bean.getCurrentThreadAllocatedBytes();
            final boolean offered = saver.offer(baseline, T0 + i);
            allocated += bean.getCurrentThreadAllocatedBytes() - before;
            assertTrue(offered);
            saver.doWork(); // the saver thread's part (file I/O), not measured
        }

        assertEquals(60, saver.saves());
        assertTrue(allocated < ALLOWED_BYTES, allocated + " bytes over 40 offers");
    }

    @Test
    void shouldNotAllocatePerTickWhileAnIncidentIsOpenAndUpdating()
    {
        final com.sun.management.ThreadMXBean bean = threadBean();
        final long[] events = new long[1];
        // One-day window, so the long attack below is not adopted as the new baseline while measuring.
        final DetectionSettings settings = DetectionSettings.builder().baselineWindowMinutes(1440).build();
        final Detector detector = new Detector(settings, e -> events[0]++);
        final SyntheticTrafficSample sample = new SyntheticTrafficSample();
        long second = T0;
        for (int i = 0; i < 9_000; i++, second++)
        {
            benign(sample.clear(second), second, 2_000);
            detector.onTick(second, sample);
        }
        for (int i = 0; i < WARM_UP_TICKS; i++, second++)
        {
            benign(sample.clear(second), second, 2_000);
            tcpFlood(sample, TrafficSample.FLAGS_SYN, 30_000);
            amplification(sample, 53, 10_000, 1400);
            detector.onTick(second, sample);
        }
        assertTrue(detector.incidentOpen(), detector.status());

        final long eventsBefore = events[0];
        final long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_TICKS; i++, second++)
        {
            benign(sample.clear(second), second, 2_000);
            tcpFlood(sample, TrafficSample.FLAGS_SYN, 30_000);
            amplification(sample, 53, 10_000, 1400);
            detector.onTick(second, sample);
        }
        final long allocated = bean.getCurrentThreadAllocatedBytes() - before;

        assertTrue(detector.incidentOpen());
        assertEquals(MEASURED_TICKS / settings.metricsInterval(), events[0] - eventsBefore);
        assertTrue(allocated < ALLOWED_BYTES, allocated + " bytes over " + MEASURED_TICKS + " ticks");
    }
}
