package com.flowtriq.ftagent.count;

/**
 * 64-bit mixing of counting keys (addresses, port keys). Used by {@link HyperLogLog} (which needs every output bit
 * to depend on every input bit: IPv4 sources are small integers) and by {@link RecordFanOut} to pick a worker.
 */
public final class AddressHash
{
    private AddressHash()
    {
    }

    /**
     * The SplitMix64 finaliser (Stafford's "Mix13" constants): a bijection on 64-bit values with full avalanche.
     * A fixed function, so estimates and the worker of a source are the same on every run.
     */
    public static long mix64(final long key)
    {
        long z = key;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
