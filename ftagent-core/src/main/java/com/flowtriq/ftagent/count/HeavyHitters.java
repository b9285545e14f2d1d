package com.flowtriq.ftagent.count;

/**
 * A ranked list of heavy hitters: keys with their packet and byte counts, ranked by packets, highest first (ties by
 * key, ascending). Owned and reused by a {@link TrafficWindow}: read it on the thread that owns the window, and
 * copy what must outlive the next tick.
 *
 * <p>Keys by list: source address (IPv4 zero-extended, or the 64-bit IPv6 digest with bit 63 set); destination
 * {@code (family << 32) | address} (family 1 IPv4, 2 IPv6 with the 32-bit digest); ports
 * {@code (ipProtocol << 16) | port} (for ICMP the "port" is the type or the code).
 */
public interface HeavyHitters
{
    /** Number of entries, at most the sketch capacity K. */
    int size();

    /** Key at {@code rank} (0 = heaviest). */
    long key(int rank);

    /** Packets counted for the key: an upper bound of its true count (Space-Saving), exact when its error is 0. */
    long packets(int rank);

    /** Bytes counted for the key while it was tracked: a lower bound of its true bytes. */
    long bytes(int rank);

    /**
     * Overcount bound of {@link #packets(int)}: {@code packets - error} is a lower bound of the true count. Under a
     * flood of spoofed, ever-new sources every entry inherits a large count from the key it replaced, so anything
     * that acts on a key (evidence shown to operators, sources to block) must use the lower bound.
     */
    long error(int rank);
}
