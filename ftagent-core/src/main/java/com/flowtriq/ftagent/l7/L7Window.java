package com.flowtriq.ftagent.l7;

import com.flowtriq.ftagent.count.HyperLogLog;
import org.agrona.DirectBuffer;

/**
 * Counters of the requests logged in one second, reused from second to second: request count, status classes,
 * methods, bytes, query strings, request times, top clients/paths/user agents (fixed-size heavy-hitter sketches) and
 * the number of distinct clients (the count stage's {@link HyperLogLog}).
 * <p>
 * Cache busting is measured as the share of requests whose path+query was not seen before in the second: random
 * query strings make nearly every request unique, while normal traffic with query strings repeats.
 * <p>
 * Threading: single writer (the L7 ingest thread) calls {@link #onRequest}; the detector reads it on the same thread
 * once the second is closed, before {@link #reset(long)}.
 */
public final class L7Window
{
    /** Status class index for statuses outside 100-599 (Caddy logs 0 for aborted requests). */
    public static final int STATUS_CLASS_OTHER = 0;

    /** Default tracked keys per heavy-hitter sketch. */
    public static final int DEFAULT_SKETCH_CAPACITY = 64;

    /** A request slower than this counts as slow (for the slow_rate subtype). */
    public static final long SLOW_REQUEST_MICROS = 10_000_000L;

    private final long[] statusClasses = new long[6];
    private final long[] methods = new long[HttpMethod.count()];
    private final HeavyHitterSketch clients;
    private final HeavyHitterSketch paths;
    private final HeavyHitterSketch userAgents;
    private final HyperLogLog distinctClients = new HyperLogLog(HyperLogLog.DEFAULT_PRECISION);
    private final HyperLogLog distinctTargets = new HyperLogLog(HyperLogLog.DEFAULT_PRECISION);

    private long second;
    private long requests;
    private long closedStatus499or444;
    private long bytes;
    private long withQuery;
    private long timedRequests;
    private long slowRequests;
    private long requestTimeMicrosSum;
    private long lateRequests;

    /**
     * @param sketchCapacity keys tracked per heavy-hitter sketch (clients, paths, user agents).
     */
    public L7Window(final int sketchCapacity)
    {
        clients = new HeavyHitterSketch(sketchCapacity);
        paths = new HeavyHitterSketch(sketchCapacity);
        userAgents = new HeavyHitterSketch(sketchCapacity);
    }

    /** Counts one parsed request; line is the buffer the record's offsets point into. */
    public void onRequest(final DirectBuffer line, final AccessLogRecord record)
    {
        requests++;
        final int status = record.status();
        statusClasses[status >= 100 && status <= 599 ? status / 100 : STATUS_CLASS_OTHER]++;
        if (status == 499 || status == 444)
        {
            closedStatus499or444++;
        }
        methods[record.method().ordinal()]++;
        if (record.bytes() > 0)
        {
            bytes += record.bytes();
        }
        if (record.requestTimeMicros() >= 0)
        {
            timedRequests++;
            requestTimeMicrosSum += record.requestTimeMicros();
            if (record.requestTimeMicros() >= SLOW_REQUEST_MICROS)
            {
                slowRequests++;
            }
        }
        if (record.timestampMillis() < second * 1000L)
        {
            lateRequests++;
        }

        final long clientKey = record.clientKey(line);
        clients.offer(clientKey, line, record.clientOffset(), record.clientLength());
        distinctClients.offer(clientKey);

        final long pathKey = ByteHash.hash(line, record.pathOffset(), record.pathLength());
        paths.offer(pathKey, line, record.pathOffset(), record.pathLength());
        if (record.queryLength() > 0)
        {
            withQuery++;
            distinctTargets.offer(pathKey ^ ByteHash.hash(line, record.queryOffset(), record.queryLength()));
        }
        userAgents.offer(
            ByteHash.hash(line, record.userAgentOffset(), record.userAgentLength()),
            line, record.userAgentOffset(), record.userAgentLength());
    }

    /** Clears every counter and starts the window of the given epoch second. */
    public void reset(final long epochSecond)
    {
        second = epochSecond;
        requests = 0;
        java.util.Arrays.fill(statusClasses, 0);
        java.util.Arrays.fill(methods, 0);
        closedStatus499or444 = 0;
        bytes = 0;
        withQuery = 0;
        timedRequests = 0;
        slowRequests = 0;
        requestTimeMicrosSum = 0;
        lateRequests = 0;
        clients.reset();
        paths.reset();
        userAgents.reset();
        distinctClients.clear();
        distinctTargets.clear();
    }

    /** Epoch second this window covers. */
    public long second()
    {
        return second;
    }

    /** Requests in the second. */
    public long requests()
    {
        return requests;
    }

    /** Requests with a status in class n (1-5), or {@link #STATUS_CLASS_OTHER}. */
    public long statusClass(final int statusClass)
    {
        return statusClasses[statusClass];
    }

    /** Requests the client gave up on or nginx closed without answer (499, 444). */
    public long closedStatus499or444()
    {
        return closedStatus499or444;
    }

    /** Requests of a method. */
    public long method(final HttpMethod method)
    {
        return methods[method.ordinal()];
    }

    /** Response bytes. */
    public long bytes()
    {
        return bytes;
    }

    /** Requests with a query string. */
    public long withQuery()
    {
        return withQuery;
    }

    /** Requests whose log gave a request time. */
    public long timedRequests()
    {
        return timedRequests;
    }

    /** Requests at or over {@link #SLOW_REQUEST_MICROS}. */
    public long slowRequests()
    {
        return slowRequests;
    }

    /** Sum of logged request times, microseconds. */
    public long requestTimeMicrosSum()
    {
        return requestTimeMicrosSum;
    }

    /** Requests whose timestamp was before this second (counted here, logs are not strictly ordered). */
    public long lateRequests()
    {
        return lateRequests;
    }

    /** Share of requests with a 4xx or 5xx status, 0 when empty. */
    public double errorShare()
    {
        return requests == 0 ? 0 : (statusClasses[4] + statusClasses[5]) / (double)requests;
    }

    /** Share of requests from the busiest client. */
    public double topClientShare()
    {
        return requests == 0 ? 0 : clients.maxCount() / (double)requests;
    }

    /** Share of requests to the busiest path. */
    public double topPathShare()
    {
        return requests == 0 ? 0 : paths.maxCount() / (double)requests;
    }

    /** Share of requests carrying a path+query not seen before this second (cache busting). */
    public double uniqueQueryShare()
    {
        return requests == 0 ? 0 : Math.min(withQuery, Math.round(distinctTargets.estimate())) / (double)requests;
    }

    /** Share of timed requests that were slow, 0 when the log has no request times. */
    public double slowShare()
    {
        return timedRequests == 0 ? 0 : slowRequests / (double)timedRequests;
    }

    /** Estimated distinct clients. */
    public long distinctClients()
    {
        return Math.round(distinctClients.estimate());
    }

    /** Merges this second's distinct-client sketch into target (precision {@link HyperLogLog#DEFAULT_PRECISION}). */
    public void mergeDistinctClientsInto(final HyperLogLog target)
    {
        target.merge(distinctClients);
    }

    /** Requests per distinct client. */
    public double requestsPerClient()
    {
        final long distinct = distinctClients();
        return distinct == 0 ? 0 : requests / (double)distinct;
    }

    /** Top clients (label: the client as logged). */
    public HeavyHitterSketch clients()
    {
        return clients;
    }

    /** Top paths. */
    public HeavyHitterSketch paths()
    {
        return paths;
    }

    /** Top user agents. */
    public HeavyHitterSketch userAgents()
    {
        return userAgents;
    }
}
