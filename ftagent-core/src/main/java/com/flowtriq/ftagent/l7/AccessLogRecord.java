package com.flowtriq.ftagent.l7;

import org.agrona.DirectBuffer;

/**
 * One parsed access-log request, reused for every line. Text fields are not copied: they are (offset, length) pairs
 * into the line buffer the parser was given and are valid only until that buffer is reused; their hashes are
 * computed once here so that counters key on a long.
 * <p>
 * Threading: owned by the single thread that parses a log; not shared.
 */
public final class AccessLogRecord
{
    /** No client address in the line. */
    public static final int CLIENT_NONE = 0;
    /** The client field is text that is not an address (a hostname, "unix:"); keyed by its bytes. */
    public static final int CLIENT_NAME = 1;
    /** IPv4 client in the low 32 bits of {@link #clientLow()}. */
    public static final int CLIENT_IPV4 = 4;
    /** IPv6 client in {@link #clientHigh()}:{@link #clientLow()}. */
    public static final int CLIENT_IPV6 = 6;

    /** Absent numeric field (bytes "-", request time not logged). */
    public static final long ABSENT = -1;

    int clientFamily;
    long clientHigh;
    long clientLow;
    int clientOffset;
    int clientLength;
    long timestampMillis;
    HttpMethod method = HttpMethod.NONE;
    int pathOffset;
    int pathLength;
    int queryOffset;
    int queryLength;
    int status;
    long bytes;
    int userAgentOffset;
    int userAgentLength;
    long requestTimeMicros;
    int vhostOffset;
    int vhostLength;

    /** Clears every field, so nothing carries over from the previous line. */
    public void reset()
    {
        clientFamily = CLIENT_NONE;
        clientHigh = 0;
        clientLow = 0;
        clientOffset = 0;
        clientLength = 0;
        timestampMillis = 0;
        method = HttpMethod.NONE;
        pathOffset = 0;
        pathLength = 0;
        queryOffset = 0;
        queryLength = 0;
        status = 0;
        bytes = ABSENT;
        userAgentOffset = 0;
        userAgentLength = 0;
        requestTimeMicros = ABSENT;
        vhostOffset = 0;
        vhostLength = 0;
    }

    /** One of {@link #CLIENT_NONE}, {@link #CLIENT_NAME}, {@link #CLIENT_IPV4}, {@link #CLIENT_IPV6}. */
    public int clientFamily()
    {
        return clientFamily;
    }

    /** High 64 bits of an IPv6 client, else 0. */
    public long clientHigh()
    {
        return clientHigh;
    }

    /** Low 64 bits of an IPv6 client, or the IPv4 address widened unsigned, else 0. */
    public long clientLow()
    {
        return clientLow;
    }

    /** Offset of the client's text in the line buffer. */
    public int clientOffset()
    {
        return clientOffset;
    }

    /** Length of the client's text. */
    public int clientLength()
    {
        return clientLength;
    }

    /**
     * A 64-bit key for the client: the address mixed for IPv4/IPv6, the text hash for names, 0 when absent.
     * IPv4 and IPv4-mapped IPv6 forms of the same address give different keys; both are logged as written.
     */
    public long clientKey(final DirectBuffer line)
    {
        return switch (clientFamily)
        {
            case CLIENT_IPV4 -> ByteHash.hash128(CLIENT_IPV4, clientLow);
            case CLIENT_IPV6 -> ByteHash.hash128(clientHigh, clientLow);
            case CLIENT_NAME -> ByteHash.hash(line, clientOffset, clientLength);
            default -> ByteHash.EMPTY;
        };
    }

    /** Request time in milliseconds since the epoch, UTC. */
    public long timestampMillis()
    {
        return timestampMillis;
    }

    /** Request method. */
    public HttpMethod method()
    {
        return method;
    }

    /** Offset of the path (request target without the query string). */
    public int pathOffset()
    {
        return pathOffset;
    }

    /** Length of the path; 0 when the request line had none. */
    public int pathLength()
    {
        return pathLength;
    }

    /** Offset of the query string, after the '?'. */
    public int queryOffset()
    {
        return queryOffset;
    }

    /** Length of the query string; 0 when absent. */
    public int queryLength()
    {
        return queryLength;
    }

    /** HTTP status as logged (0 when the server logged 0, e.g. Caddy on an aborted request). */
    public int status()
    {
        return status;
    }

    /** Response bytes, or {@link #ABSENT}. */
    public long bytes()
    {
        return bytes;
    }

    /** Offset of the user agent. */
    public int userAgentOffset()
    {
        return userAgentOffset;
    }

    /** Length of the user agent; 0 when absent or "-". */
    public int userAgentLength()
    {
        return userAgentLength;
    }

    /** Request time in microseconds where the format logs it, else {@link #ABSENT}. */
    public long requestTimeMicros()
    {
        return requestTimeMicros;
    }

    /** Offset of the virtual host. */
    public int vhostOffset()
    {
        return vhostOffset;
    }

    /** Length of the virtual host; 0 when the format has none. */
    public int vhostLength()
    {
        return vhostLength;
    }
}
