package com.flowtriq.ftagent.detect;

/**
 * A ranked list of keys with packet and byte counts, heaviest first: what the detector reads of a heavy-hitter
 * sketch. Same shape as {@code count.HeavyHitters}, so the counting stage's lists can implement it directly.
 * <p>
 * Owned by the {@link TrafficSample} that returns it: read on the detection thread during one tick only.
 */
public interface RankedCounts
{
    /** Number of entries. */
    int size();

    /** Key at {@code rank} (0 = heaviest). */
    long key(int rank);

    /** Packets counted for the key at {@code rank}. */
    long packets(int rank);

    /** Bytes counted for the key at {@code rank}. */
    long bytes(int rank);
}
