package com.flowtriq.ftagent.l7;

import org.agrona.DirectBuffer;

/**
 * One access log's path from lines to detection: parse each line, count why a line was not a request, add requests
 * to the per-second {@link L7Window}, and close a window into the {@link L7FloodDetector} when the log's clock moves
 * to a later second. The log's own timestamps are the clock, so replaying yesterday's log gives the incidents
 * living through it would have.
 * <p>
 * A request stamped earlier than the open window (logs are written at completion and are not strictly ordered) is
 * counted in the open window and in {@link L7Window#lateRequests()}.
 * <p>
 * Threading: single thread; it is the tailer's {@link LineHandler}. Counters are plain longs read by the same thread
 * ({@link L7LogStatistics#publish} copies them there for other threads).
 */
public final class L7LogIngest implements LineHandler
{
    private final AccessLogParser parser;
    private final AccessLogRecord record = new AccessLogRecord();
    private final long[] parseCounts = new long[ParseStatus.count()];
    private final L7Window window;
    private final L7FloodDetector detector;
    private final L7WindowListener windowListener;
    private boolean windowOpen;
    private long lastSecondRequests;

    /**
     * @param parser   for the log's format.
     * @param window   reused for every second.
     * @param detector receives each closed second.
     */
    public L7LogIngest(final AccessLogParser parser, final L7Window window, final L7FloodDetector detector)
    {
        this(parser, window, detector, L7WindowListener.NONE);
    }

    /**
     * @param parser         for the log's format.
     * @param window         reused for every second.
     * @param detector       receives each closed second.
     * @param windowListener sees each closed second after the detector.
     */
    public L7LogIngest(
        final AccessLogParser parser,
        final L7Window window,
        final L7FloodDetector detector,
        final L7WindowListener windowListener)
    {
        this.parser = parser;
        this.window = window;
        this.detector = detector;
        this.windowListener = windowListener;
    }

    public void onLine(final DirectBuffer buffer, final int offset, final int length)
    {
        final ParseStatus status = parser.parse(buffer, offset, length, record);
        parseCounts[status.ordinal()]++;
        if (status != ParseStatus.OK)
        {
            return;
        }
        final long second = Math.floorDiv(record.timestampMillis(), 1000L);
        if (!windowOpen)
        {
            window.reset(second);
            windowOpen = true;
        }
        else if (second > window.second())
        {
            advanceTo(second);
        }
        window.onRequest(buffer, record);
    }

    /**
     * Closes the open window and every empty second before the given one (the clock moved on). In live mode the
     * agent calls this on each clock tick so that a server that went quiet still resolves its incident.
     */
    public void advanceTo(final long second)
    {
        if (!windowOpen)
        {
            window.reset(second);
            windowOpen = true;
            return;
        }
        if (second <= window.second())
        {
            return;
        }
        final long closed = window.second();
        closeWindow();
        if (second - closed > 1)
        {
            detector.onIdleSeconds(closed + 1, second - closed - 1);
            lastSecondRequests = 0;
        }
        window.reset(second);
    }

    /** Closes the open window (end of a replayed log). */
    public void flush()
    {
        if (windowOpen)
        {
            closeWindow();
            windowOpen = false;
        }
    }

    private void closeWindow()
    {
        detector.onWindow(window);
        lastSecondRequests = window.requests();
        windowListener.onWindowClosed(window);
    }

    /** Requests of the latest closed second (0 when the seconds since were empty). */
    public long lastSecondRequests()
    {
        return lastSecondRequests;
    }

    /** The log's detector (threshold, baseline and incident state for status). */
    public L7FloodDetector detector()
    {
        return detector;
    }

    /** Lines with the given outcome since start. */
    public long parseCount(final ParseStatus status)
    {
        return parseCounts[status.ordinal()];
    }

    /** Lines that were not requests, all reasons together. */
    public long malformedLines()
    {
        long total = 0;
        for (int i = 0; i < parseCounts.length; i++)
        {
            if (i != ParseStatus.OK.ordinal())
            {
                total += parseCounts[i];
            }
        }
        return total;
    }

    /** The parser's format. */
    public AccessLogFormat format()
    {
        return parser.format();
    }
}
