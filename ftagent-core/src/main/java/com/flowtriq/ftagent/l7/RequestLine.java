package com.flowtriq.ftagent.l7;

import org.agrona.DirectBuffer;

/**
 * Splits an HTTP request line ("GET /path?query HTTP/1.1") or a bare request target into method, path and query
 * string in an {@link AccessLogRecord}. Anything that is not a request line ("-", "", TLS bytes, "&lt;BADREQ&gt;")
 * is still a logged request: its method says so and the path stays empty.
 */
final class RequestLine
{
    private RequestLine()
    {
    }

    static void parse(final DirectBuffer buffer, final int offset, final int length, final AccessLogRecord record)
    {
        final int end = offset + length;
        if (length == 0 || (length == 1 && buffer.getByte(offset) == '-'))
        {
            record.method = HttpMethod.NONE;
            return;
        }
        int firstSpace = offset;
        while (firstSpace < end && buffer.getByte(firstSpace) != ' ')
        {
            firstSpace++;
        }
        record.method = HttpMethod.parse(buffer, offset, firstSpace - offset);
        if (record.method == HttpMethod.INVALID || firstSpace == end)
        {
            return;
        }
        final int targetStart = firstSpace + 1;
        // The protocol is the last token if it starts with "HTTP/"; a target with raw spaces keeps them.
        int targetEnd = end;
        int lastSpace = end - 1;
        while (lastSpace > targetStart && buffer.getByte(lastSpace) != ' ')
        {
            lastSpace--;
        }
        if (lastSpace > targetStart && end - lastSpace > 5 && buffer.getByte(lastSpace + 1) == 'H' &&
            buffer.getByte(lastSpace + 2) == 'T' && buffer.getByte(lastSpace + 3) == 'T' &&
            buffer.getByte(lastSpace + 4) == 'P' && buffer.getByte(lastSpace + 5) == '/')
        {
            targetEnd = lastSpace;
        }
        target(buffer, targetStart, targetEnd - targetStart, record);
    }

    /** Splits a request target at the first '?' into path and query string. */
    static void target(final DirectBuffer buffer, final int offset, final int length, final AccessLogRecord record)
    {
        final int end = offset + length;
        int question = offset;
        while (question < end && buffer.getByte(question) != '?')
        {
            question++;
        }
        record.pathOffset = offset;
        record.pathLength = question - offset;
        if (question < end)
        {
            record.queryOffset = question + 1;
            record.queryLength = end - question - 1;
        }
    }
}
