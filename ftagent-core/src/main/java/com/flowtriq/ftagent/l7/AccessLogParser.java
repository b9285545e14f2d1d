package com.flowtriq.ftagent.l7;

import org.agrona.DirectBuffer;

/**
 * Parses one access-log line (without its newline) into a reused record. Implementations allocate nothing, make no
 * String and never throw on any input: a line that is not a request gets a {@link ParseStatus} saying why.
 * <p>
 * Threading: an instance is used by one thread at a time.
 */
public interface AccessLogParser
{
    /**
     * @param buffer holding the line.
     * @param offset of the first byte of the line.
     * @param length of the line, excluding the newline (a trailing '\r' is tolerated).
     * @param record reset and filled; its text fields point into {@code buffer}.
     * @return {@link ParseStatus#OK} when the record holds a request, else the reason it does not.
     */
    ParseStatus parse(DirectBuffer buffer, int offset, int length, AccessLogRecord record);

    /** The format this parser reads. */
    AccessLogFormat format();
}
