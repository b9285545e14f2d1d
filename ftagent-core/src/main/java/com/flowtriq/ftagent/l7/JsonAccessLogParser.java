package com.flowtriq.ftagent.l7;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

/**
 * Hand-written scanner for one-object-per-line JSON access logs, for Caddy's default access log and nginx
 * {@code escape=json} formats. It walks the object once, picks out the fields it knows by key and skips every other
 * value without looking inside (iteratively, so hostile nesting cannot overflow the stack). String values are kept as
 * raw byte ranges, escapes included: they are keys for counting, not text to display.
 * <p>
 * Caddy nests the request:
 * <pre>
 *   {"level":"info","ts":1693840791.75,"logger":"http.log.access","msg":"handled request",
 *    "request":{"remote_ip":"172.17.0.1","client_ip":"127.0.0.1","method":"GET","host":"h","uri":"/?q",
 *               "headers":{"User-Agent":["curl/7.74.0"]}},"duration":0.0000027,"size":0,"status":200}
 * </pre>
 * A Caddy line whose "logger" is not an access logger is {@link ParseStatus#NOT_ACCESS_LOG}. nginx JSON is flat and
 * keyed by variable names: remote_addr, time_iso8601 | time_local | msec, request | request_method + request_uri,
 * status, body_bytes_sent | bytes_sent, http_user_agent, request_time, host.
 * <p>
 * Threading: one thread at a time; the scan state is reset per line.
 */
public final class JsonAccessLogParser implements AccessLogParser
{
    /** Key set for Caddy's default access log. */
    public static final int CADDY_KEYS = 1;
    /** Key set for nginx JSON. */
    public static final int NGINX_KEYS = 2;

    private static final int CONTEXT_ROOT = 0;
    private static final int CONTEXT_REQUEST = 1;
    private static final int CONTEXT_HEADERS = 2;

    private static final int KEY_OTHER = 0;
    private static final int KEY_TS_EPOCH = 1;
    private static final int KEY_TIME_ISO = 2;
    private static final int KEY_TIME_CLF = 3;
    private static final int KEY_LOGGER = 4;
    private static final int KEY_STATUS = 5;
    private static final int KEY_BYTES = 6;
    private static final int KEY_DURATION_SECONDS = 7;
    private static final int KEY_REQUEST_OBJECT = 8;
    private static final int KEY_REMOTE_IP = 9;
    private static final int KEY_CLIENT_IP = 10;
    private static final int KEY_METHOD = 11;
    private static final int KEY_URI = 12;
    private static final int KEY_HOST = 13;
    private static final int KEY_HEADERS = 14;
    private static final int KEY_USER_AGENT = 15;
    private static final int KEY_REQUEST_LINE = 16;

    private static final byte[] TS = ascii("ts");
    private static final byte[] LOGGER = ascii("logger");
    private static final byte[] STATUS = ascii("status");
    private static final byte[] SIZE = ascii("size");
    private static final byte[] DURATION = ascii("duration");
    private static final byte[] REQUEST = ascii("request");
    private static final byte[] REMOTE_IP = ascii("remote_ip");
    private static final byte[] CLIENT_IP = ascii("client_ip");
    private static final byte[] METHOD = ascii("method");
    private static final byte[] URI = ascii("uri");
    private static final byte[] HOST = ascii("host");
    private static final byte[] HEADERS = ascii("headers");
    private static final byte[] USER_AGENT = ascii("User-Agent");
    private static final byte[] ACCESS_LOGGER_PREFIX = ascii("http.log.access");

    private static final byte[] REMOTE_ADDR = ascii("remote_addr");
    private static final byte[] TIME_ISO8601 = ascii("time_iso8601");
    private static final byte[] TIME_LOCAL = ascii("time_local");
    private static final byte[] MSEC = ascii("msec");
    private static final byte[] REQUEST_METHOD = ascii("request_method");
    private static final byte[] REQUEST_URI = ascii("request_uri");
    private static final byte[] BODY_BYTES_SENT = ascii("body_bytes_sent");
    private static final byte[] BYTES_SENT = ascii("bytes_sent");
    private static final byte[] HTTP_USER_AGENT = ascii("http_user_agent");
    private static final byte[] REQUEST_TIME = ascii("request_time");

    private static final long QUOTES = 0x2222_2222_2222_2222L;
    private static final long BACKSLASHES = 0x5C5C_5C5C_5C5C_5C5CL;

    private final AccessLogFormat format;
    private final int keys;

    private boolean seenTime;
    private boolean seenStatus;
    private boolean seenClientIp;
    private boolean notAccessLog;
    private boolean badValue;

    /**
     * @param format reported by {@link #format()}.
     * @param keys   {@link #CADDY_KEYS} or {@link #NGINX_KEYS}.
     */
    public JsonAccessLogParser(final AccessLogFormat format, final int keys)
    {
        this.format = format;
        this.keys = keys;
    }

    public AccessLogFormat format()
    {
        return format;
    }

    public ParseStatus parse(final DirectBuffer buffer, final int offset, final int length, final AccessLogRecord record)
    {
        record.reset();
        seenTime = false;
        seenStatus = false;
        seenClientIp = false;
        notAccessLog = false;
        badValue = false;
        final int end = offset + length;
        int i = skipWhitespace(buffer, offset, end);
        if (i == end)
        {
            return ParseStatus.EMPTY;
        }
        if (buffer.getByte(i) != '{')
        {
            return ParseStatus.BAD_JSON;
        }
        i = parseObject(buffer, i, end, record, CONTEXT_ROOT);
        if (i < 0)
        {
            return i == -2 ? ParseStatus.TRUNCATED : ParseStatus.BAD_JSON;
        }
        if (skipWhitespace(buffer, i, end) != end)
        {
            return ParseStatus.BAD_JSON;
        }
        if (notAccessLog)
        {
            return ParseStatus.NOT_ACCESS_LOG;
        }
        if (badValue)
        {
            return ParseStatus.BAD_SYNTAX;
        }
        if (!seenStatus)
        {
            return seenTime ? ParseStatus.MISSING_FIELD : ParseStatus.NOT_ACCESS_LOG;
        }
        if (!seenTime)
        {
            return ParseStatus.MISSING_FIELD;
        }
        return ParseStatus.OK;
    }

    /**
     * Walks an object starting at its '{'. Recurses only into the two known containers, so depth is at most 3.
     *
     * @return index after the closing '}', -1 on a syntax error, -2 if the line ended inside the object.
     */
    private int parseObject(
        final DirectBuffer buffer, final int from, final int end, final AccessLogRecord record, final int context)
    {
        int i = skipWhitespace(buffer, from + 1, end);
        if (i >= end)
        {
            return -2;
        }
        if (buffer.getByte(i) == '}')
        {
            return i + 1;
        }
        while (true)
        {
            if (i >= end)
            {
                return -2;
            }
            if (buffer.getByte(i) != '"')
            {
                return -1;
            }
            final int keyStart = i + 1;
            final int keyEnd = stringEnd(buffer, keyStart, end);
            if (keyEnd < 0)
            {
                return -2;
            }
            final int key = keyId(buffer, keyStart, keyEnd - keyStart, context);
            i = skipWhitespace(buffer, keyEnd + 1, end);
            if (i >= end)
            {
                return -2;
            }
            if (buffer.getByte(i) != ':')
            {
                return -1;
            }
            i = skipWhitespace(buffer, i + 1, end);
            if (i >= end)
            {
                return -2;
            }
            final byte first = buffer.getByte(i);
            if (first == '"')
            {
                final int valueEnd = stringEnd(buffer, i + 1, end);
                if (valueEnd < 0)
                {
                    return -2;
                }
                onString(buffer, key, i + 1, valueEnd - i - 1, record);
                i = valueEnd + 1;
            }
            else if (first == '{' && key == KEY_REQUEST_OBJECT)
            {
                i = parseObject(buffer, i, end, record, CONTEXT_REQUEST);
            }
            else if (first == '{' && key == KEY_HEADERS)
            {
                i = parseObject(buffer, i, end, record, CONTEXT_HEADERS);
            }
            else if (first == '[' && key == KEY_USER_AGENT)
            {
                final int elementStart = skipWhitespace(buffer, i + 1, end);
                if (elementStart < end && buffer.getByte(elementStart) == '"')
                {
                    final int elementEnd = stringEnd(buffer, elementStart + 1, end);
                    if (elementEnd < 0)
                    {
                        return -2;
                    }
                    record.userAgentOffset = elementStart + 1;
                    record.userAgentLength = elementEnd - elementStart - 1;
                }
                i = skipValue(buffer, i, end);
            }
            else if (first == '{' || first == '[')
            {
                i = skipValue(buffer, i, end);
            }
            else
            {
                final int tokenEnd = scalarEnd(buffer, i, end);
                onScalar(buffer, key, i, tokenEnd - i, record);
                i = tokenEnd;
            }
            if (i < 0)
            {
                return i;
            }
            i = skipWhitespace(buffer, i, end);
            if (i >= end)
            {
                return -2;
            }
            final byte next = buffer.getByte(i);
            if (next == '}')
            {
                return i + 1;
            }
            if (next != ',')
            {
                return -1;
            }
            i = skipWhitespace(buffer, i + 1, end);
        }
    }

    private int keyId(final DirectBuffer buffer, final int offset, final int length, final int context)
    {
        if (keys == CADDY_KEYS)
        {
            switch (context)
            {
                case CONTEXT_ROOT:
                    if (equals(buffer, offset, length, TS))
                    {
                        return KEY_TS_EPOCH;
                    }
                    if (equals(buffer, offset, length, STATUS))
                    {
                        return KEY_STATUS;
                    }
                    if (equals(buffer, offset, length, SIZE))
                    {
                        return KEY_BYTES;
                    }
                    if (equals(buffer, offset, length, DURATION))
                    {
                        return KEY_DURATION_SECONDS;
                    }
                    if (equals(buffer, offset, length, REQUEST))
                    {
                        return KEY_REQUEST_OBJECT;
                    }
                    if (equals(buffer, offset, length, LOGGER))
                    {
                        return KEY_LOGGER;
                    }
                    return KEY_OTHER;
                case CONTEXT_REQUEST:
                    if (equals(buffer, offset, length, REMOTE_IP))
                    {
                        return KEY_REMOTE_IP;
                    }
                    if (equals(buffer, offset, length, CLIENT_IP))
                    {
                        return KEY_CLIENT_IP;
                    }
                    if (equals(buffer, offset, length, METHOD))
                    {
                        return KEY_METHOD;
                    }
                    if (equals(buffer, offset, length, URI))
                    {
                        return KEY_URI;
                    }
                    if (equals(buffer, offset, length, HOST))
                    {
                        return KEY_HOST;
                    }
                    if (equals(buffer, offset, length, HEADERS))
                    {
                        return KEY_HEADERS;
                    }
                    return KEY_OTHER;
                default:
                    return equals(buffer, offset, length, USER_AGENT) ? KEY_USER_AGENT : KEY_OTHER;
            }
        }
        if (equals(buffer, offset, length, REMOTE_ADDR))
        {
            return KEY_REMOTE_IP;
        }
        if (equals(buffer, offset, length, TIME_ISO8601))
        {
            return KEY_TIME_ISO;
        }
        if (equals(buffer, offset, length, TIME_LOCAL))
        {
            return KEY_TIME_CLF;
        }
        if (equals(buffer, offset, length, MSEC))
        {
            return KEY_TS_EPOCH;
        }
        if (equals(buffer, offset, length, STATUS))
        {
            return KEY_STATUS;
        }
        if (equals(buffer, offset, length, REQUEST))
        {
            return KEY_REQUEST_LINE;
        }
        if (equals(buffer, offset, length, REQUEST_METHOD))
        {
            return KEY_METHOD;
        }
        if (equals(buffer, offset, length, REQUEST_URI))
        {
            return KEY_URI;
        }
        if (equals(buffer, offset, length, BODY_BYTES_SENT) || equals(buffer, offset, length, BYTES_SENT))
        {
            return KEY_BYTES;
        }
        if (equals(buffer, offset, length, HTTP_USER_AGENT))
        {
            return KEY_USER_AGENT;
        }
        if (equals(buffer, offset, length, REQUEST_TIME))
        {
            return KEY_DURATION_SECONDS;
        }
        if (equals(buffer, offset, length, HOST))
        {
            return KEY_HOST;
        }
        return KEY_OTHER;
    }

    private void onString(
        final DirectBuffer buffer, final int key, final int offset, final int length, final AccessLogRecord record)
    {
        switch (key)
        {
            case KEY_LOGGER:
                if (!startsWith(buffer, offset, length, ACCESS_LOGGER_PREFIX))
                {
                    notAccessLog = true;
                }
                break;
            case KEY_CLIENT_IP:
                if (length > 0)
                {
                    ClientAddressText.parse(buffer, offset, length, record);
                    seenClientIp = true;
                }
                break;
            case KEY_REMOTE_IP:
                // Caddy fills client_ip from trusted proxies only; remote_ip is the peer and the fallback.
                if (!seenClientIp)
                {
                    ClientAddressText.parse(buffer, offset, length, record);
                }
                break;
            case KEY_METHOD:
                record.method = HttpMethod.parse(buffer, offset, length);
                break;
            case KEY_URI:
                RequestLine.target(buffer, offset, length, record);
                break;
            case KEY_REQUEST_LINE:
                if (record.pathLength == 0)
                {
                    RequestLine.parse(buffer, offset, length, record);
                }
                break;
            case KEY_HOST:
                record.vhostOffset = offset;
                record.vhostLength = length;
                break;
            case KEY_USER_AGENT:
                if (!(length == 1 && buffer.getByte(offset) == '-'))
                {
                    record.userAgentOffset = offset;
                    record.userAgentLength = length;
                }
                break;
            case KEY_TIME_ISO:
                setTime(LogTimestamps.parseIso8601(buffer, offset, length), record);
                break;
            case KEY_TIME_CLF:
                setTime(LogTimestamps.parseClf(buffer, offset, length), record);
                break;
            default:
                // nginx writes every variable as a string: numbers arrive quoted.
                onScalar(buffer, key, offset, length, record);
                break;
        }
    }

    private void onScalar(
        final DirectBuffer buffer, final int key, final int offset, final int length, final AccessLogRecord record)
    {
        switch (key)
        {
            case KEY_TS_EPOCH:
                setTime(LogTimestamps.parseEpochSecondsDecimal(buffer, offset, length), record);
                break;
            case KEY_STATUS:
            {
                final long status = parseUnsigned(buffer, offset, length, 3);
                if (status < 0)
                {
                    badValue = true;
                }
                else
                {
                    record.status = (int)status;
                    seenStatus = true;
                }
                break;
            }
            case KEY_BYTES:
            {
                final long bytes = parseUnsigned(buffer, offset, length, 18);
                record.bytes = bytes < 0 ? AccessLogRecord.ABSENT : bytes;
                break;
            }
            case KEY_DURATION_SECONDS:
            {
                // Caddy's duration and nginx's $request_time are seconds with a fraction.
                final long micros = parseSecondsToMicros(buffer, offset, length);
                record.requestTimeMicros = micros < 0 ? AccessLogRecord.ABSENT : micros;
                break;
            }
            default:
                break;
        }
    }

    private void setTime(final long millis, final AccessLogRecord record)
    {
        if (millis == LogTimestamps.INVALID)
        {
            badValue = true;
        }
        else
        {
            record.timestampMillis = millis;
            seenTime = true;
        }
    }

    private static long parseSecondsToMicros(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int i = offset;
        long seconds = 0;
        if (i == end || !LogTimestamps.isDigit(buffer.getByte(i)))
        {
            return -1;
        }
        while (i < end && LogTimestamps.isDigit(buffer.getByte(i)) && i - offset < 9)
        {
            seconds = seconds * 10 + (buffer.getByte(i) - '0');
            i++;
        }
        long micros = 0;
        if (i < end && buffer.getByte(i) == '.')
        {
            i++;
            long scale = 100_000;
            while (i < end && LogTimestamps.isDigit(buffer.getByte(i)))
            {
                micros += (buffer.getByte(i) - '0') * scale;
                scale /= 10;
                i++;
            }
        }
        // An exponent (Caddy can write 2.7e-06) means a tiny duration: keep it as 0 rather than reject.
        if (i < end && (buffer.getByte(i) == 'e' || buffer.getByte(i) == 'E'))
        {
            return buffer.getByte(i + 1 < end ? i + 1 : i) == '-' ? 0 : -1;
        }
        return i == end ? seconds * 1_000_000L + micros : -1;
    }

    private static long parseUnsigned(final DirectBuffer buffer, final int offset, final int length, final int maxDigits)
    {
        if (length == 0 || length > maxDigits)
        {
            return -1;
        }
        long value = 0;
        for (int i = offset; i < offset + length; i++)
        {
            final byte c = buffer.getByte(i);
            if (!LogTimestamps.isDigit(c))
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Index of the closing quote of a string whose content starts at from, or -1 if the line ends first. Runs of 8
     * bytes holding neither '"' nor '\\' are skipped a word at a time (SWAR), since Caddy lines are mostly long
     * strings.
     */
    private static int stringEnd(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        while (true)
        {
            while (i + 8 <= end)
            {
                final long word = buffer.getLong(i, ByteOrder.LITTLE_ENDIAN);
                if (hasZeroByte(word ^ QUOTES) || hasZeroByte(word ^ BACKSLASHES))
                {
                    break;
                }
                i += 8;
            }
            if (i >= end)
            {
                return -1;
            }
            final byte c = buffer.getByte(i);
            if (c == '\\')
            {
                i += 2;
            }
            else if (c == '"')
            {
                return i;
            }
            else
            {
                i++;
            }
        }
    }

    private static boolean hasZeroByte(final long word)
    {
        return ((word - 0x0101_0101_0101_0101L) & ~word & 0x8080_8080_8080_8080L) != 0;
    }

    /** Skips any value iteratively; returns the index after it, -1 on bad syntax, -2 if the line ends inside. */
    private static int skipValue(final DirectBuffer buffer, final int from, final int end)
    {
        final byte first = buffer.getByte(from);
        if (first == '"')
        {
            final int close = stringEnd(buffer, from + 1, end);
            return close < 0 ? -2 : close + 1;
        }
        if (first != '{' && first != '[')
        {
            return scalarEnd(buffer, from, end);
        }
        int depth = 0;
        int i = from;
        while (i < end)
        {
            final byte c = buffer.getByte(i);
            if (c == '"')
            {
                final int close = stringEnd(buffer, i + 1, end);
                if (close < 0)
                {
                    return -2;
                }
                i = close + 1;
                continue;
            }
            if (c == '{' || c == '[')
            {
                depth++;
            }
            else if (c == '}' || c == ']')
            {
                if (--depth == 0)
                {
                    return i + 1;
                }
                if (depth < 0)
                {
                    return -1;
                }
            }
            i++;
        }
        return -2;
    }

    private static int scalarEnd(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        while (i < end)
        {
            final byte c = buffer.getByte(i);
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r')
            {
                break;
            }
            i++;
        }
        return i;
    }

    private static int skipWhitespace(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        while (i < end)
        {
            final byte c = buffer.getByte(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            {
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean equals(final DirectBuffer buffer, final int offset, final int length, final byte[] text)
    {
        if (length != text.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != text[i])
            {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(
        final DirectBuffer buffer, final int offset, final int length, final byte[] prefix)
    {
        return length >= prefix.length && equals(buffer, offset, prefix.length, prefix);
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
