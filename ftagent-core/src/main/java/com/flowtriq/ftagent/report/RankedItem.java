package com.flowtriq.ftagent.report;

/**
 * One entry of a top-K list: an address or port (as text) and how many packets it had.
 *
 * @param key   an IP address or a port number, as text.
 * @param count packets counted for it.
 */
public record RankedItem(String key, long count)
{
}
