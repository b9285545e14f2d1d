package com.flowtriq.ftagent.l7;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The figures of one followed access log for {@code /metrics}, {@code /health} and {@code ftagent status}: lines,
 * requests, unparseable and too-long lines, rotations, the latest second's requests, the detector's threshold,
 * baseline and incidents.
 * <p>
 * The tailer, ingest and detector keep plain counters confined to the L7 thread; {@link #publish} copies them here
 * after each poll, so the per-line path stays free of barriers.
 * <p>
 * Threading: single writer (the L7 agent thread calls {@link #publish}); any thread reads. Each field is volatile,
 * so a reader sees every value as of one publish or a later one; two fields may come from adjacent publishes, which
 * is harmless for counters that only grow.
 */
public final class L7LogStatistics
{
    private final String path;
    private final String format;
    private volatile long filesOpened;
    private volatile long lines;
    private volatile long requests;
    private volatile long unparseable;
    /** By {@link ParseStatus} ordinal ({@link ParseStatus#OK} stays 0); release-written, so no tearing per value. */
    private final AtomicLongArray unparseableByReason = new AtomicLongArray(ParseStatus.count());
    private volatile long tooLong;
    private volatile long rotations;
    private volatile long truncations;
    private volatile long readErrors;
    private volatile long requestsPerSecond;
    private volatile long thresholdRps;
    private volatile long baselineRps;
    private volatile long incidentsOpened;
    private volatile boolean incidentOpen;

    /**
     * @param path   the log as configured or found.
     * @param format the format's config name.
     */
    public L7LogStatistics(final String path, final String format)
    {
        this.path = path;
        this.format = format;
    }

    /**
     * L7 thread only: copies the current counters of one log.
     *
     * @param tailer the log's tailer.
     * @param ingest the log's parser, window and detector.
     */
    public void publish(final AccessLogTailer tailer, final L7LogIngest ingest)
    {
        filesOpened = tailer.filesOpened();
        lines = tailer.linesDelivered();
        requests = ingest.parseCount(ParseStatus.OK);
        unparseable = ingest.malformedLines();
        for (int i = 0; i < ParseStatus.count(); i++)
        {
            final ParseStatus reason = ParseStatus.byOrdinal(i);
            if (reason != ParseStatus.OK)
            {
                unparseableByReason.lazySet(i, ingest.parseCount(reason));
            }
        }
        tooLong = tailer.oversizeLines();
        rotations = tailer.rotations();
        truncations = tailer.truncations();
        readErrors = tailer.readErrors();
        requestsPerSecond = ingest.lastSecondRequests();
        final L7FloodDetector detector = ingest.detector();
        thresholdRps = detector.thresholdRps();
        baselineRps = detector.baselineRps();
        incidentsOpened = detector.incidentsOpened();
        incidentOpen = detector.isOpen();
    }

    /** The log as configured or found. */
    public String path()
    {
        return path;
    }

    /** The format's config name ({@code nginx_combined} ...). */
    public String format()
    {
        return format;
    }

    /** Files opened at the path since start; 0 while the log has not been found. */
    public long filesOpened()
    {
        return filesOpened;
    }

    /** Complete lines read since start. */
    public long lines()
    {
        return lines;
    }

    /** Lines parsed as requests. */
    public long requests()
    {
        return requests;
    }

    /** Lines that were not requests of the log's format, all reasons together. */
    public long unparseable()
    {
        return unparseable;
    }

    /** Lines that were not requests for one reason; 0 for {@link ParseStatus#OK}. */
    public long unparseable(final ParseStatus reason)
    {
        return unparseableByReason.get(reason.ordinal());
    }

    /** Lines longer than {@code l7_max_line_bytes}, skipped. */
    public long tooLong()
    {
        return tooLong;
    }

    /** Switches to a new file at the path (rename and create, delete and recreate, symlink swap). */
    public long rotations()
    {
        return rotations;
    }

    /** Truncations of the followed file (copytruncate). */
    public long truncations()
    {
        return truncations;
    }

    /** I/O errors other than a missing file. */
    public long readErrors()
    {
        return readErrors;
    }

    /** Requests of the latest closed second. */
    public long requestsPerSecond()
    {
        return requestsPerSecond;
    }

    /** The detector's current threshold, requests per second. */
    public long thresholdRps()
    {
        return thresholdRps;
    }

    /** The detector's learned baseline, requests per second. */
    public long baselineRps()
    {
        return baselineRps;
    }

    /** L7 incidents opened on this log since start. */
    public long incidentsOpened()
    {
        return incidentsOpened;
    }

    /** True while an L7 incident is open on this log. */
    public boolean incidentOpen()
    {
        return incidentOpen;
    }
}
