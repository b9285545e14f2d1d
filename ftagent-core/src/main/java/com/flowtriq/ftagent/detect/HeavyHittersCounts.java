package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.count.HeavyHitters;

/**
 * Shows a counting-stage {@link HeavyHitters} list as {@link RankedCounts}. A reusable view: {@link #wrap} points it
 * at a list; no copy, no allocation.
 * <p>
 * Single-threaded: used by the detection thread, which owns the window the list belongs to.
 */
final class HeavyHittersCounts implements RankedCounts
{
    private HeavyHitters list;

    HeavyHittersCounts wrap(final HeavyHitters list)
    {
        this.list = list;
        return this;
    }

    @Override
    public int size()
    {
        return list.size();
    }

    @Override
    public long key(final int rank)
    {
        return list.key(rank);
    }

    /**
     * The guaranteed count (Space-Saving's lower bound), not the upper bound: a spoofed source seen once must not
     * look like a heavy sender because its sketch entry inherited the count of the key it evicted.
     */
    @Override
    public long packets(final int rank)
    {
        return list.packets(rank) - list.error(rank);
    }

    @Override
    public long bytes(final int rank)
    {
        return list.bytes(rank);
    }
}
