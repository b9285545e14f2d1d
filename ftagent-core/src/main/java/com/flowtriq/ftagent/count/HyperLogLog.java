package com.flowtriq.ftagent.count;

import java.util.Arrays;

/**
 * HyperLogLog distinct counter (Flajolet, Fusy, Gandouet, Meunier 2007) over 64-bit keys, with {@code m = 2^p}
 * one-byte registers, preallocated.
 *
 * <p>Each key is mixed by {@link AddressHash#mix64(long)}; the top {@code p} bits choose a register and the register
 * keeps the maximum "rank" (1 + the number of leading zeros) of the remaining {@code 64 - p} bits. The estimate is
 * the raw harmonic-mean estimate {@code alpha_m * m^2 / sum(2^-register)}, with the standard small-range
 * correction: when it is at most {@code 2.5 m} and some registers are still zero, linear counting
 * {@code m ln(m / zeros)} is used instead. With a 64-bit hash the large-range correction of the 32-bit paper is not
 * needed. The relative standard error is about {@code 1.04 / sqrt(m)}: 1.6 % at p = 12, 0.8 % at p = 14.
 *
 * <p>Two sketches of the same precision merge by taking the maximum of each register, which gives exactly the
 * sketch of the union of their inputs.
 *
 * <p>Threading: single writer; {@link #offer(long)} allocates nothing and has no branch.
 */
public final class HyperLogLog
{
    /** Smallest supported precision. */
    public static final int MIN_PRECISION = 4;
    /** Largest supported precision. */
    public static final int MAX_PRECISION = 18;
    /** Default precision: 4096 registers, 1.6 % standard error. */
    public static final int DEFAULT_PRECISION = 12;

    private static final double[] INVERSE_POWERS_OF_TWO = new double[66];

    static
    {
        for (int i = 0; i < INVERSE_POWERS_OF_TWO.length; i++)
        {
            INVERSE_POWERS_OF_TWO[i] = Math.scalb(1.0, -i);
        }
    }

    private final int precision;
    private final int shift;
    private final long rankGuard;
    private final byte[] registers;

    public HyperLogLog(final int precision)
    {
        if (precision < MIN_PRECISION || precision > MAX_PRECISION)
        {
            throw new IllegalArgumentException("precision=" + precision + " not in [" + MIN_PRECISION + ", " +
                MAX_PRECISION + "]");
        }
        this.precision = precision;
        this.shift = 64 - precision;
        // A one bit just past the rank bits bounds the leading-zero count at 64 - p, so the rank is at most 65 - p.
        this.rankGuard = 1L << (precision - 1);
        this.registers = new byte[1 << precision];
    }

    public int precision()
    {
        return precision;
    }

    /** Number of registers, {@code 2^p}. */
    public int registerCount()
    {
        return registers.length;
    }

    /** The register {@code index}, for tests and inspection. */
    public int register(final int index)
    {
        return registers[index];
    }

    /** Relative standard error of an estimate, {@code 1.04 / sqrt(m)}. */
    public double standardError()
    {
        return 1.04 / Math.sqrt(registers.length);
    }

    /** Adds a key. */
    public void offer(final long key)
    {
        final long hash = AddressHash.mix64(key);
        final int index = (int)(hash >>> shift);
        final int rank = Long.numberOfLeadingZeros((hash << precision) | rankGuard) + 1;
        final byte[] registers = this.registers;
        registers[index] = (byte)Math.max(registers[index], rank);
    }

    /** The estimated number of distinct keys offered since the last {@link #clear()}. Cold path. */
    public double estimate()
    {
        final byte[] registers = this.registers;
        final int m = registers.length;
        double sum = 0.0;
        int zeros = 0;
        for (final byte register : registers)
        {
            sum += INVERSE_POWERS_OF_TWO[register];
            zeros += register == 0 ? 1 : 0;
        }

        final double raw = alpha(m) * m * (double)m / sum;
        if (raw <= 2.5 * m && zeros != 0)
        {
            return m * Math.log((double)m / zeros);
        }

        return raw;
    }

    /** Merges {@code other} into this sketch: each register becomes the maximum of the two. */
    public void merge(final HyperLogLog other)
    {
        if (other.precision != precision)
        {
            throw new IllegalArgumentException("precision=" + other.precision + " differs from " + precision);
        }
        final byte[] registers = this.registers;
        final byte[] otherRegisters = other.registers;
        for (int i = 0; i < registers.length; i++)
        {
            registers[i] = (byte)Math.max(registers[i], otherRegisters[i]);
        }
    }

    /** Makes this sketch a copy of {@code other}. */
    public void copyFrom(final HyperLogLog other)
    {
        if (other.precision != precision)
        {
            throw new IllegalArgumentException("precision=" + other.precision + " differs from " + precision);
        }
        System.arraycopy(other.registers, 0, registers, 0, registers.length);
    }

    /** True if both sketches have the same precision and registers. */
    public boolean sameRegisters(final HyperLogLog other)
    {
        return precision == other.precision && Arrays.equals(registers, other.registers);
    }

    public void clear()
    {
        Arrays.fill(registers, (byte)0);
    }

    private static double alpha(final int m)
    {
        return switch (m)
        {
            case 16 -> 0.673;
            case 32 -> 0.697;
            case 64 -> 0.709;
            default -> 0.7213 / (1.0 + 1.079 / m);
        };
    }
}
