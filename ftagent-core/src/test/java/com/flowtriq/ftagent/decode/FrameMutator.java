package com.flowtriq.ftagent.decode;

import java.util.SplittableRandom;

/**
 * Breaks frames for the decoder's robustness tests: truncations, random bytes, 16-bit values on the edges of
 * length and offset checks, length fields bent by a few, bytes appended, and now and then a frame of random bytes.
 * Positions favour the first 100 bytes, where the headers are. Deterministic for a given random stream, so a
 * failing frame reproduces from the test's seed.
 */
final class FrameMutator
{
    /** Values that sit on the edges of length and offset checks. */
    private static final int[] BOUNDARY_VALUES =
    {
        0, 1, 4, 5, 7, 8, 19, 20, 39, 40, 0x3F, 0x40, 0x45, 0x4F, 0x5F, 0x60, 0xF0, 0xFF, 0x0800, 0x86DD, 0x8100,
        0x88A8, 0x2000, 0x1FFF, 0x3FFF, 0x7FFF, 0x8000, 0xFFF8, 0xFFFF
    };

    private FrameMutator()
    {
    }

    /**
     * Copies a frame into {@code work} and breaks it.
     *
     * @return the broken frame's length, at most {@code work.length}.
     */
    static int mutate(final byte[] original, final byte[] work, final SplittableRandom random)
    {
        if (random.nextInt(16) == 0)
        {
            final int length = random.nextInt(200);
            for (int i = 0; i < length; i++)
            {
                work[i] = (byte)random.nextInt(256);
            }
            return length;
        }

        int length = original.length;
        System.arraycopy(original, 0, work, 0, length);
        final int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++)
        {
            final int kind = random.nextInt(10);
            if (kind < 2)
            {
                length = random.nextInt(length + 1);
            }
            else if (kind < 5 && length > 0)
            {
                work[headerPosition(length, random)] = (byte)random.nextInt(256);
            }
            else if (kind < 8 && length > 1)
            {
                final int position = headerPosition(length - 1, random);
                final int value = random.nextBoolean() ?
                    BOUNDARY_VALUES[random.nextInt(BOUNDARY_VALUES.length)] : random.nextInt(0x10000);
                work[position] = (byte)(value >>> 8);
                work[position + 1] = (byte)value;
            }
            else if (kind == 8 && length > 0)
            {
                // A length field bent by a small amount, the classic off-by-a-few.
                final int position = headerPosition(length - 1, random);
                final int value = ((work[position] & 0xFF) << 8 | (work[position + 1] & 0xFF)) +
                    random.nextInt(-8, 9);
                work[position] = (byte)(value >>> 8);
                work[position + 1] = (byte)value;
            }
            else if (length < work.length - 64)
            {
                final int extra = random.nextInt(64);
                for (int i = 0; i < extra; i++)
                {
                    work[length + i] = (byte)random.nextInt(256);
                }
                length += extra;
            }
        }
        return length;
    }

    /** A position below {@code bound}, mostly within the first 100 bytes, where the headers are. */
    private static int headerPosition(final int bound, final SplittableRandom random)
    {
        if (bound <= 0)
        {
            return 0;
        }
        return random.nextInt(4) != 0 ? random.nextInt(Math.min(bound, 100)) : random.nextInt(bound);
    }
}
