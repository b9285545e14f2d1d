package com.flowtriq.ftagent.l7;

import org.agrona.DirectBuffer;

/**
 * Parser for the NCSA family of access logs: Apache common/combined/vhost_combined, nginx combined/main and
 * LiteSpeed, which share one shape:
 * <pre>
 *   [vhost[:port] ]client ident user [dd/Mon/yyyy:HH:MM:SS +zzzz] "request" status bytes[ "referer" "agent"][ ...]
 * </pre>
 * The client field may be a proxy list ("10.0.0.2, 10.0.0.1, 127.0.0.1", optionally quoted) when a server logs
 * X-Forwarded-For in its place; the last entry is the peer that connected, and is what is kept. Trailing fields
 * (nginx's "$http_x_forwarded_for", request times added by an operator) are ignored. Quoted fields honour
 * backslash escapes (Apache writes \" and nginx \x22).
 * <p>
 * With {@link TrustedProxies}, a peer that is a trusted proxy is replaced by the rightmost untrusted address of the
 * forwarded list: either the list in the client position, or the quoted field after the user agent (nginx "main").
 * <p>
 * Threading: one thread at a time; the parser holds no state between lines.
 */
public final class CombinedLogParser implements AccessLogParser
{
    private final AccessLogFormat format;
    private final boolean vhostRequired;
    private final TrustedProxies trustedProxies;
    private final AccessLogRecord scratch = new AccessLogRecord();

    /**
     * @param format       reported by {@link #format()}.
     * @param vhostRequired true for vhost_combined, where a line without the host prefix is malformed.
     */
    public CombinedLogParser(final AccessLogFormat format, final boolean vhostRequired)
    {
        this(format, vhostRequired, TrustedProxies.NONE);
    }

    /**
     * @param format         reported by {@link #format()}.
     * @param vhostRequired  true for vhost_combined, where a line without the host prefix is malformed.
     * @param trustedProxies peers whose forwarded addresses are believed.
     */
    public CombinedLogParser(
        final AccessLogFormat format, final boolean vhostRequired, final TrustedProxies trustedProxies)
    {
        this.format = format;
        this.vhostRequired = vhostRequired;
        this.trustedProxies = trustedProxies;
    }

    public AccessLogFormat format()
    {
        return format;
    }

    public ParseStatus parse(final DirectBuffer buffer, final int offset, final int length, final AccessLogRecord record)
    {
        record.reset();
        int end = offset + length;
        while (end > offset && isSpace(buffer.getByte(end - 1)))
        {
            end--;
        }
        int start = offset;
        while (start < end && isSpace(buffer.getByte(start)))
        {
            start++;
        }
        if (start == end)
        {
            return ParseStatus.EMPTY;
        }

        // Timestamp bracket: the first '[' outside quotes (a quoted proxy list may come first).
        int bracket = start;
        boolean quoted = false;
        while (bracket < end)
        {
            final byte c = buffer.getByte(bracket);
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '[' && !quoted)
            {
                break;
            }
            bracket++;
        }
        if (bracket == end)
        {
            return ParseStatus.BAD_SYNTAX;
        }
        final ParseStatus prefixStatus = parsePrefix(buffer, start, bracket, record);
        if (prefixStatus != ParseStatus.OK)
        {
            return prefixStatus;
        }

        int closeBracket = bracket + 1;
        while (closeBracket < end && buffer.getByte(closeBracket) != ']')
        {
            closeBracket++;
        }
        if (closeBracket == end)
        {
            return ParseStatus.TRUNCATED;
        }
        final long timestamp = LogTimestamps.parseClf(buffer, bracket + 1, closeBracket - bracket - 1);
        if (timestamp == LogTimestamps.INVALID)
        {
            return ParseStatus.BAD_TIMESTAMP;
        }
        record.timestampMillis = timestamp;

        int i = closeBracket + 1;
        if (i >= end)
        {
            return ParseStatus.TRUNCATED;
        }
        if (buffer.getByte(i) != ' ' || i + 1 >= end || buffer.getByte(i + 1) != '"')
        {
            return ParseStatus.BAD_REQUEST_FIELD;
        }
        final int requestStart = i + 2;
        final int requestEnd = closingQuote(buffer, requestStart, end);
        if (requestEnd < 0)
        {
            return ParseStatus.TRUNCATED;
        }
        RequestLine.parse(buffer, requestStart, requestEnd - requestStart, record);

        i = requestEnd + 1;
        if (i >= end)
        {
            return ParseStatus.TRUNCATED;
        }
        if (buffer.getByte(i) != ' ')
        {
            return ParseStatus.BAD_STATUS;
        }
        i++;
        final int statusStart = i;
        int status = 0;
        while (i < end && LogTimestamps.isDigit(buffer.getByte(i)))
        {
            status = status * 10 + (buffer.getByte(i) - '0');
            i++;
        }
        if (i - statusStart != 3)
        {
            return i == end && i - statusStart < 3 ? ParseStatus.TRUNCATED : ParseStatus.BAD_STATUS;
        }
        record.status = status;
        if (i >= end)
        {
            return ParseStatus.TRUNCATED;
        }
        if (buffer.getByte(i) != ' ')
        {
            return ParseStatus.BAD_STATUS;
        }
        i++;
        if (i >= end)
        {
            return ParseStatus.TRUNCATED;
        }
        if (buffer.getByte(i) == '-')
        {
            i++;
        }
        else
        {
            final int bytesStart = i;
            long bytes = 0;
            while (i < end && LogTimestamps.isDigit(buffer.getByte(i)) && i - bytesStart < 18)
            {
                bytes = bytes * 10 + (buffer.getByte(i) - '0');
                i++;
            }
            if (i == bytesStart)
            {
                return ParseStatus.BAD_BYTES;
            }
            record.bytes = bytes;
        }
        if (i < end && buffer.getByte(i) != ' ')
        {
            return ParseStatus.BAD_BYTES;
        }

        // Optional "referer" "user agent"; common-format lines stop here.
        if (i + 1 < end && buffer.getByte(i + 1) == '"')
        {
            final int refererEnd = closingQuote(buffer, i + 2, end);
            if (refererEnd < 0)
            {
                return ParseStatus.TRUNCATED;
            }
            i = refererEnd + 1;
            if (i + 1 < end && buffer.getByte(i) == ' ' && buffer.getByte(i + 1) == '"')
            {
                final int agentStart = i + 2;
                final int agentEnd = closingQuote(buffer, agentStart, end);
                if (agentEnd < 0)
                {
                    return ParseStatus.TRUNCATED;
                }
                final int agentLength = agentEnd - agentStart;
                if (!(agentLength == 1 && buffer.getByte(agentStart) == '-'))
                {
                    record.userAgentOffset = agentStart;
                    record.userAgentLength = agentLength;
                }
                i = agentEnd + 1;
                if (!trustedProxies.isEmpty() && i + 1 < end && buffer.getByte(i) == ' ' &&
                    buffer.getByte(i + 1) == '"' && isTrustedPeer(record))
                {
                    final int forwardedEnd = closingQuote(buffer, i + 2, end);
                    if (forwardedEnd > i + 2)
                    {
                        resolveForwarded(buffer, i + 2, forwardedEnd, record, false);
                    }
                }
            }
        }
        return ParseStatus.OK;
    }

    private boolean isTrustedPeer(final AccessLogRecord record)
    {
        return trustedProxies.contains(record.clientFamily, record.clientHigh, record.clientLow);
    }

    /**
     * Walks a forwarded list [from, to) right to left and takes the first address that is not a trusted proxy
     * (or the leftmost one if all are), replacing the record's client.
     *
     * @param skipLast true when the last entry of the list is the peer itself (already known to be trusted).
     */
    private void resolveForwarded(
        final DirectBuffer buffer, final int from, final int to, final AccessLogRecord record, final boolean skipLast)
    {
        int entryEnd = to;
        boolean first = true;
        while (entryEnd > from)
        {
            while (entryEnd > from && isClientSeparator(buffer.getByte(entryEnd - 1)))
            {
                entryEnd--;
            }
            int entryStart = entryEnd;
            while (entryStart > from && !isClientSeparator(buffer.getByte(entryStart - 1)))
            {
                entryStart--;
            }
            if (entryStart == entryEnd)
            {
                return;
            }
            if (!(first && skipLast))
            {
                final int family = ClientAddressText.parse(buffer, entryStart, entryEnd - entryStart, scratch);
                if (family == AccessLogRecord.CLIENT_NONE)
                {
                    return;
                }
                record.clientFamily = family;
                record.clientHigh = scratch.clientHigh;
                record.clientLow = scratch.clientLow;
                record.clientOffset = scratch.clientOffset;
                record.clientLength = scratch.clientLength;
                if (!trustedProxies.contains(family, scratch.clientHigh, scratch.clientLow))
                {
                    return;
                }
            }
            first = false;
            entryEnd = entryStart;
        }
    }

    /**
     * Reads "[vhost ]client ident user " ending just before the '['. Tokens are taken from the right, because the
     * client part is the one that may hold spaces.
     */
    private ParseStatus parsePrefix(
        final DirectBuffer buffer, final int start, final int bracket, final AccessLogRecord record)
    {
        int i = bracket - 1;
        if (i < start || buffer.getByte(i) != ' ')
        {
            return ParseStatus.BAD_SYNTAX;
        }
        // user
        while (i > start && buffer.getByte(i) == ' ')
        {
            i--;
        }
        while (i > start && buffer.getByte(i) != ' ')
        {
            i--;
        }
        // ident
        while (i > start && buffer.getByte(i) == ' ')
        {
            i--;
        }
        while (i > start && buffer.getByte(i) != ' ')
        {
            i--;
        }
        if (i <= start)
        {
            return ParseStatus.BAD_SYNTAX;
        }
        int clientRegionEnd = i;
        while (clientRegionEnd > start && buffer.getByte(clientRegionEnd - 1) == ' ')
        {
            clientRegionEnd--;
        }
        if (clientRegionEnd == start)
        {
            return ParseStatus.BAD_SYNTAX;
        }
        // Client: the last token of the region, split on space, comma or quote.
        int clientStart = clientRegionEnd;
        while (clientStart > start && !isClientSeparator(buffer.getByte(clientStart - 1)))
        {
            clientStart--;
        }
        int clientEnd = clientRegionEnd;
        if (clientEnd > clientStart && buffer.getByte(clientEnd - 1) == '"')
        {
            clientEnd--;
        }
        ClientAddressText.parse(buffer, clientStart, clientEnd - clientStart, record);

        // Vhost: a first token that is not part of a proxy list.
        int firstEnd = start;
        while (firstEnd < clientRegionEnd && buffer.getByte(firstEnd) != ' ')
        {
            firstEnd++;
        }
        final boolean hasVhost = firstEnd < clientStart && buffer.getByte(start) != '"' &&
            buffer.getByte(firstEnd - 1) != ',';
        if (hasVhost)
        {
            record.vhostOffset = start;
            record.vhostLength = firstEnd - start;
        }
        else if (vhostRequired)
        {
            return ParseStatus.MISSING_VHOST;
        }
        final int clientListStart = hasVhost ? firstEnd + 1 : start;
        if (!trustedProxies.isEmpty() && clientStart > clientListStart && isTrustedPeer(record))
        {
            resolveForwarded(buffer, clientListStart, clientRegionEnd, record, true);
        }
        return ParseStatus.OK;
    }

    /** Index of the quote closing a field that starts at from, honouring backslash escapes; -1 if none. */
    static int closingQuote(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        while (i < end)
        {
            final byte c = buffer.getByte(i);
            if (c == '\\')
            {
                i += 2;
                continue;
            }
            if (c == '"')
            {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean isClientSeparator(final byte c)
    {
        return c == ' ' || c == ',' || c == '"';
    }

    private static boolean isSpace(final byte c)
    {
        return c == ' ' || c == '\r' || c == '\t' || c == '\n';
    }
}
