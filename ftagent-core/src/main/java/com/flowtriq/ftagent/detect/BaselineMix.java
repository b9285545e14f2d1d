package com.flowtriq.ftagent.detect;

import java.util.Arrays;

/**
 * What an ordinary second looks like, feature by feature ({@link TrafficFeatures}): the mean per second of each
 * counter over the non-attack seconds the {@link Baseline} learns. The classifier subtracts it from an incident's
 * counters, so that it classifies the <em>excess</em>: benign DNS answers or web traffic that were there before the
 * attack neither hide nor fake a vector.
 * <p>
 * The mean is a cumulative average for the first {@code windowSeconds} learned seconds, then an exponentially
 * weighted average with weight {@code 1 / windowSeconds}, so it forgets on the same time scale as the baseline
 * window while holding only {@link TrafficFeatures#COUNT} doubles. It is not persisted: after a restart it
 * relearns within seconds (the cumulative phase), while the PPS/BPS baseline is restored from disk.
 * <p>
 * Single-threaded (the detection thread); no allocation after construction.
 */
public final class BaselineMix
{
    private final double[] mean = new double[TrafficFeatures.COUNT];
    private final long windowSeconds;
    private long learnedSeconds;

    /**
     * @param windowSeconds the baseline window; at least 1.
     */
    public BaselineMix(final long windowSeconds)
    {
        if (windowSeconds < 1)
        {
            throw new IllegalArgumentException("windowSeconds=" + windowSeconds + ": expected >= 1");
        }
        this.windowSeconds = windowSeconds;
    }

    /** Learns one non-attack second. */
    public void learn(final long[] features)
    {
        learnedSeconds++;
        final double weight = 1.0 / Math.min(learnedSeconds, windowSeconds);
        final double[] m = mean;
        for (int i = 0; i < TrafficFeatures.COUNT; i++)
        {
            m[i] += (features[i] - m[i]) * weight;
        }
    }

    /** Mean per second of feature {@code index}; 0 before anything was learned. */
    public double meanPerSecond(final int index)
    {
        return mean[index];
    }

    public long learnedSeconds()
    {
        return learnedSeconds;
    }

    public void clear()
    {
        Arrays.fill(mean, 0);
        learnedSeconds = 0;
    }
}
