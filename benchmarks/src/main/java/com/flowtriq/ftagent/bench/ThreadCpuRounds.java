package com.flowtriq.ftagent.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times a benchmark's operation by the calling thread's CPU clock instead of the wall clock, for machines shared
 * with other load, where a wall-clock score mostly measures time spent waiting for a core. Used by the
 * {@code CpuTime} mains next to the JMH benchmarks; not itself a JMH benchmark.
 *
 * @param nanosPerOp CPU nanoseconds per operation, one entry per measured round.
 * @param check      the sum of what the invocations returned, printed so that the JIT cannot drop the work.
 */
record ThreadCpuRounds(double[] nanosPerOp, long check)
{
    /**
     * @param invocation          one benchmark invocation; returns a value to sum into {@link #check()}.
     * @param warmupInvocations   untimed invocations first.
     * @param rounds              timed rounds.
     * @param invocationsPerRound invocations per round.
     * @param opsPerInvocation    operations (packets, records) per invocation.
     */
    static ThreadCpuRounds measure(
        final LongSupplier invocation,
        final int warmupInvocations,
        final int rounds,
        final int invocationsPerRound,
        final long opsPerInvocation)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long check = 0;
        for (int i = 0; i < warmupInvocations; i++)
        {
            check += invocation.getAsLong();
        }
        final double[] nanosPerOp = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            final long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < invocationsPerRound; i++)
            {
                check += invocation.getAsLong();
            }
            nanosPerOp[round] =
                (threads.getCurrentThreadCpuTime() - start) / ((double)invocationsPerRound * opsPerInvocation);
        }
        return new ThreadCpuRounds(nanosPerOp, check);
    }

    double best()
    {
        return Arrays.stream(nanosPerOp).min().orElse(Double.NaN);
    }

    double worst()
    {
        return Arrays.stream(nanosPerOp).max().orElse(Double.NaN);
    }

    /** The median of the second half of the rounds, the first half counting as warm-up. */
    double medianOfLastHalf()
    {
        final double[] measured = Arrays.copyOfRange(nanosPerOp, nanosPerOp.length / 2, nanosPerOp.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}
