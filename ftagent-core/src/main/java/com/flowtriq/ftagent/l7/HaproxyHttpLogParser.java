package com.flowtriq.ftagent.l7;

import org.agrona.DirectBuffer;

/**
 * Parser for HAProxy's "option httplog" line, as it arrives through syslog (any header ending in "]: ", BSD or
 * ISO-8601) or bare:
 * <pre>
 *   [syslog header haproxy[pid]: ]client:port [dd/Mon/yyyy:HH:MM:SS.mmm] frontend[~] backend/server
 *       TR/Tw/Tc/Tr/Ta status bytes cookie_req cookie_resp flags conns queues [{captures} ...]"request"
 * </pre>
 * Lines HAProxy logs that are not HTTP requests (proxy start notices, SSL handshake failures, TCP-mode lines with
 * three timers) are {@link ParseStatus#NOT_ACCESS_LOG}. The last timer (total/active time in ms) becomes the request
 * time; -1 means HAProxy did not measure it. Header captures are skipped: which capture is the user agent depends on
 * the operator's config, so the user agent stays absent.
 * <p>
 * Threading: one thread at a time; no state between lines.
 */
public final class HaproxyHttpLogParser implements AccessLogParser
{
    public AccessLogFormat format()
    {
        return AccessLogFormat.HAPROXY_HTTP;
    }

    public ParseStatus parse(final DirectBuffer buffer, final int offset, final int length, final AccessLogRecord record)
    {
        record.reset();
        int end = offset + length;
        while (end > offset && (buffer.getByte(end - 1) == '\r' || buffer.getByte(end - 1) == ' '))
        {
            end--;
        }
        if (end == offset)
        {
            return ParseStatus.EMPTY;
        }
        int clientEnd = clientEnd(buffer, offset, end);
        int clientStart = offset;
        if (clientEnd < 0)
        {
            final int header = headerEnd(buffer, offset, end);
            if (header < 0)
            {
                return ParseStatus.BAD_SYNTAX;
            }
            clientStart = header;
            clientEnd = clientEnd(buffer, clientStart, end);
            if (clientEnd < 0)
            {
                return ParseStatus.NOT_ACCESS_LOG;
            }
        }
        int portColon = clientEnd - 1;
        while (portColon > clientStart && buffer.getByte(portColon) != ':')
        {
            portColon--;
        }
        ClientAddressText.parse(buffer, clientStart, portColon - clientStart, record);

        final int dateStart = clientEnd + 2;
        int dateEnd = dateStart;
        while (dateEnd < end && buffer.getByte(dateEnd) != ']')
        {
            dateEnd++;
        }
        if (dateEnd == end)
        {
            return ParseStatus.TRUNCATED;
        }
        final long timestamp = LogTimestamps.parseClf(buffer, dateStart, dateEnd - dateStart);
        if (timestamp == LogTimestamps.INVALID)
        {
            return ParseStatus.BAD_TIMESTAMP;
        }
        record.timestampMillis = timestamp;

        // frontend, backend/server
        int i = dateEnd + 1;
        final int frontendEnd = tokenEnd(buffer, i + 1, end);
        if (frontendEnd >= end)
        {
            return ParseStatus.TRUNCATED;
        }
        if (buffer.getByte(frontendEnd - 1) == ':')
        {
            return ParseStatus.NOT_ACCESS_LOG;
        }
        final int backendEnd = tokenEnd(buffer, frontendEnd + 1, end);
        if (backendEnd >= end)
        {
            return ParseStatus.TRUNCATED;
        }
        if (buffer.getByte(backendEnd - 1) == ':')
        {
            return ParseStatus.NOT_ACCESS_LOG;
        }

        // Timers: exactly five in HTTP mode.
        i = backendEnd + 1;
        final int timersEnd = tokenEnd(buffer, i, end);
        int slashes = 0;
        long lastTimer = 0;
        boolean negative = false;
        for (int k = i; k < timersEnd; k++)
        {
            final byte c = buffer.getByte(k);
            if (c == '/')
            {
                slashes++;
                lastTimer = 0;
                negative = false;
            }
            else if (c == '-' || c == '+')
            {
                negative = c == '-';
            }
            else if (LogTimestamps.isDigit(c))
            {
                lastTimer = lastTimer * 10 + (c - '0');
            }
            else
            {
                return ParseStatus.NOT_ACCESS_LOG;
            }
        }
        if (slashes != 4)
        {
            return timersEnd >= end ? ParseStatus.TRUNCATED : ParseStatus.NOT_ACCESS_LOG;
        }
        record.requestTimeMicros = negative ? AccessLogRecord.ABSENT : lastTimer * 1000L;

        i = timersEnd + 1;
        final int statusEnd = tokenEnd(buffer, i, end);
        if (statusEnd >= end)
        {
            return ParseStatus.TRUNCATED;
        }
        if (statusEnd - i != 3 && !(statusEnd - i == 2 && buffer.getByte(i) == '-'))
        {
            return ParseStatus.BAD_STATUS;
        }
        int status = 0;
        for (int k = i; k < statusEnd; k++)
        {
            final byte c = buffer.getByte(k);
            if (c == '-' && k == i)
            {
                status = -1;
                break;
            }
            if (!LogTimestamps.isDigit(c))
            {
                return ParseStatus.BAD_STATUS;
            }
            status = status * 10 + (c - '0');
        }
        record.status = status < 0 ? 0 : status;

        i = statusEnd + 1;
        final int bytesEnd = tokenEnd(buffer, i, end);
        if (bytesEnd >= end)
        {
            return ParseStatus.TRUNCATED;
        }
        int k = buffer.getByte(i) == '+' ? i + 1 : i;
        long bytes = 0;
        if (k == bytesEnd)
        {
            return ParseStatus.BAD_BYTES;
        }
        for (; k < bytesEnd; k++)
        {
            final byte c = buffer.getByte(k);
            if (!LogTimestamps.isDigit(c) || k - i > 18)
            {
                return ParseStatus.BAD_BYTES;
            }
            bytes = bytes * 10 + (c - '0');
        }
        record.bytes = bytes;

        // The request is the last field, quoted; skip {captures} which may hold quotes of their own.
        if (buffer.getByte(end - 1) != '"')
        {
            return ParseStatus.TRUNCATED;
        }
        int open = bytesEnd;
        int braces = 0;
        while (open < end)
        {
            final byte c = buffer.getByte(open);
            if (c == '{')
            {
                braces++;
            }
            else if (c == '}' && braces > 0)
            {
                braces--;
            }
            else if (c == '"' && braces == 0)
            {
                break;
            }
            open++;
        }
        if (open >= end - 1)
        {
            return ParseStatus.BAD_REQUEST_FIELD;
        }
        RequestLine.parse(buffer, open + 1, end - 1 - (open + 1), record);
        return ParseStatus.OK;
    }

    /**
     * If the text at from is "address:port [", returns the index just past the port, else -1.
     */
    private static int clientEnd(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        int colons = 0;
        while (i < end)
        {
            final byte c = buffer.getByte(i);
            if (c == ' ')
            {
                break;
            }
            if (c == ':')
            {
                colons++;
            }
            else if (!isAddressChar(c))
            {
                return -1;
            }
            i++;
        }
        if (colons == 0 || i == from || i + 1 >= end || buffer.getByte(i + 1) != '[' ||
            !LogTimestamps.isDigit(buffer.getByte(i - 1)))
        {
            return -1;
        }
        return i;
    }

    /** Index just past the first "]: " (end of a syslog header with a program[pid] tag), or -1. */
    private static int headerEnd(final DirectBuffer buffer, final int from, final int end)
    {
        for (int i = from; i + 2 < end; i++)
        {
            if (buffer.getByte(i) == ']' && buffer.getByte(i + 1) == ':' && buffer.getByte(i + 2) == ' ')
            {
                return i + 3;
            }
        }
        return -1;
    }

    private static int tokenEnd(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        while (i < end && buffer.getByte(i) != ' ')
        {
            i++;
        }
        return i;
    }

    private static boolean isAddressChar(final byte c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == '[' ||
            c == ']';
    }
}
