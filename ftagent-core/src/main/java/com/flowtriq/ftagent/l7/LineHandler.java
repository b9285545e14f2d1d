package com.flowtriq.ftagent.l7;

import org.agrona.DirectBuffer;

/**
 * Receives complete lines from an {@link AccessLogTailer}, without their newline. The bytes are valid only during
 * the call: the tailer reuses its buffer.
 */
@FunctionalInterface
public interface LineHandler
{
    void onLine(DirectBuffer buffer, int offset, int length);
}
