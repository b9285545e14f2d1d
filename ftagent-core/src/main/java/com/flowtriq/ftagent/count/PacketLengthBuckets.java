package com.flowtriq.ftagent.count;

/**
 * Packet-length histogram buckets by wire length: {@code 0-64, 65-128, 129-256, 257-512, 513-1024, 1025-1500,
 * 1500+} (the last one holds lengths above 1500). A lookup table maps a length to its bucket without branches.
 */
public final class PacketLengthBuckets
{
    /** Number of buckets. */
    public static final int COUNT = 7;

    private static final String[] LABELS = { "0-64", "65-128", "129-256", "257-512", "513-1024", "1025-1500", "1500+" };
    private static final int[] UPPER_BOUNDS = { 64, 128, 256, 512, 1024, 1500 };
    private static final int TABLE_MAX = 1501;
    private static final byte[] BUCKET_OF_LENGTH = new byte[TABLE_MAX + 1];

    static
    {
        for (int length = 0; length <= TABLE_MAX; length++)
        {
            int bucket = UPPER_BOUNDS.length;
            for (int i = 0; i < UPPER_BOUNDS.length; i++)
            {
                if (length <= UPPER_BOUNDS[i])
                {
                    bucket = i;
                    break;
                }
            }
            BUCKET_OF_LENGTH[length] = (byte)bucket;
        }
    }

    private PacketLengthBuckets()
    {
    }

    /** The bucket of a wire length (0 .. 65535). */
    public static int bucket(final int wireLength)
    {
        return BUCKET_OF_LENGTH[Math.min(wireLength, TABLE_MAX)];
    }

    /** The label of {@code bucket}, for example {@code "65-128"}. */
    public static String label(final int bucket)
    {
        return LABELS[bucket];
    }
}
