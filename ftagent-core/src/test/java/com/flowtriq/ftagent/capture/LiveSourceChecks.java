package com.flowtriq.ftagent.capture;

import com.flowtriq.ftagent.testbed.NetnsTestBed;
import com.flowtriq.ftagent.testbed.TestFrames;
import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Checks both live sources' tests make the same way, on a source opened in the test bed's rx namespace. */
final class LiveSourceChecks
{
    private LiveSourceChecks()
    {
    }

    /**
     * Drains {@code rounds} rounds of {@code frameCount} numbered frames sent from the tx end and asserts that the
     * polling (calling) thread's steady state allocates nothing per frame.
     */
    static void assertPollThreadAllocatesNothingPerFrame(
        final String sourceName, final NetnsTestBed bed, final PacketSource source, final int frameCount,
        final int rounds) throws Exception
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "needs per-thread allocation accounting");
        final List<byte[]> frames = TestFrames.udpSequence(bed, frameCount);
        final long pollThreadId = Thread.currentThread().threadId();
        final long[] allocatedPerRound = new long[rounds];
        for (int round = 0; round < rounds; round++)
        {
            final CountingFrameHandler handler = new CountingFrameHandler(frameCount);
            final BackgroundSend sender = BackgroundSend.start(bed, frames);
            final long before = threads.getThreadAllocatedBytes(pollThreadId);
            final boolean reached = SourceDrain.drain(source, handler, frameCount);
            allocatedPerRound[round] = threads.getThreadAllocatedBytes(pollThreadId) - before;
            sender.join();
            assertTrue(reached, "round " + round + " saw only " + handler.packets);
        }

        // The first rounds include one-off costs (class loading, lambda forms, JIT); the steady state is the
        // least. Per-frame or per-block allocation would show in every round as hundreds of kilobytes.
        final long steadyState = Arrays.stream(allocatedPerRound).min().orElseThrow();
        System.out.println(sourceName + " poll thread allocated per round of " + frameCount + " frames: " +
            Arrays.toString(allocatedPerRound));
        assertTrue(steadyState < 16 * 1024, "poll thread allocated " + Arrays.toString(allocatedPerRound) +
            " bytes per round of " + frameCount + " frames");
    }

    /** Asserts that {@code ip -d link} of the rx interface shows {@code expected} ("promiscuity N"). */
    static void assertPromiscuity(final NetnsTestBed bed, final String expected)
    {
        final String link =
            bed.run(bed.rxNamespace(), "ip", "-d", "link", "show", "dev", bed.rxInterface()).check().output();
        assertTrue(link.contains(expected), link);
    }
}
