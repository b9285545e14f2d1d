package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.count.HyperLogLog;
import com.flowtriq.ftagent.l7.HeavyHitterSketch;
import com.flowtriq.ftagent.l7.L7Window;
import com.flowtriq.ftagent.l7.L7WindowListener;
import com.flowtriq.ftagent.report.L7Sample;
import com.flowtriq.ftagent.report.RankedItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Folds the closed seconds of every followed log into one {@link L7Sample} per {@code windowSeconds} (the
 * {@code metrics_interval}) for {@code POST /agent/l7/metrics}: requests and status classes summed, distinct clients
 * merged (HyperLogLog), top clients and paths folded into interval sketches. Intervals are aligned to multiples of
 * {@code windowSeconds} of the log clock; a sample is made when the first second of the next interval closes, and
 * replaces one the reporter has not taken yet (latest wins, like the L3/L4 metrics).
 * <p>
 * Threading: {@link #onWindowClosed} on the L7 thread only (once per log per second, no allocation except when a
 * sample is made); {@link #take()} from any thread (the reporter).
 */
public final class L7SampleAccumulator implements L7WindowListener
{
    /** Entries in the sample's top lists. */
    public static final int TOP_ENTRIES = 10;

    private final int windowSeconds;
    private final HeavyHitterSketch clients = new HeavyHitterSketch(L7Window.DEFAULT_SKETCH_CAPACITY);
    private final HeavyHitterSketch paths = new HeavyHitterSketch(L7Window.DEFAULT_SKETCH_CAPACITY);
    private final HyperLogLog distinctClients = new HyperLogLog(HyperLogLog.DEFAULT_PRECISION);
    private final long[] statusClasses = new long[6];
    private final int[] topEntries = new int[TOP_ENTRIES];
    private final AtomicReference<L7Sample> latest = new AtomicReference<>();
    private long intervalStart = Long.MIN_VALUE;
    private long requests;

    /** @param windowSeconds seconds per sample, at least 1. */
    public L7SampleAccumulator(final int windowSeconds)
    {
        if (windowSeconds < 1)
        {
            throw new IllegalArgumentException("metrics_interval=" + windowSeconds);
        }
        this.windowSeconds = windowSeconds;
    }

    @Override
    public void onWindowClosed(final L7Window window)
    {
        final long second = window.second();
        final long start = second - Math.floorMod(second, (long)windowSeconds);
        if (intervalStart == Long.MIN_VALUE)
        {
            intervalStart = start;
        }
        else if (start > intervalStart)
        {
            latest.set(sample());
            reset(start);
        }
        requests += window.requests();
        for (int c = 0; c < statusClasses.length; c++)
        {
            statusClasses[c] += window.statusClass(c);
        }
        window.mergeDistinctClientsInto(distinctClients);
        fold(window.clients(), clients);
        fold(window.paths(), paths);
    }

    /**
     * Any thread.
     *
     * @return the latest sample not taken yet, or null.
     */
    public L7Sample take()
    {
        return latest.getAndSet(null);
    }

    private static void fold(final HeavyHitterSketch second, final HeavyHitterSketch interval)
    {
        for (int entry = 0, size = second.size(); entry < size; entry++)
        {
            interval.offer(second, entry);
        }
    }

    private L7Sample sample()
    {
        final Map<String, Long> statusCodes = new LinkedHashMap<>();
        for (int c = 1; c <= 5; c++)
        {
            statusCodes.put(c + "xx", statusClasses[c]);
        }
        final double errors = statusClasses[4] + statusClasses[5];
        return new L7Sample(
            requests / (double)windowSeconds,
            requests == 0 ? 0 : errors / requests,
            requests == 0 ? 0 : Math.min(requests, Math.round(distinctClients.estimate())),
            requests,
            top(paths),
            top(clients),
            statusCodes,
            windowSeconds);
    }

    private List<RankedItem> top(final HeavyHitterSketch sketch)
    {
        final int count = sketch.top(topEntries);
        final List<RankedItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            items.add(new RankedItem(sketch.label(topEntries[i]), sketch.count(topEntries[i])));
        }
        return items;
    }

    private void reset(final long start)
    {
        intervalStart = start;
        requests = 0;
        java.util.Arrays.fill(statusClasses, 0);
        distinctClients.clear();
        clients.reset();
        paths.reset();
    }
}
