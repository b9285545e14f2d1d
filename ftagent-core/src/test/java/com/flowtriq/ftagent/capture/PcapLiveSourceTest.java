package com.flowtriq.ftagent.capture;

import com.flowtriq.ftagent.ffi.LinkType;
import com.flowtriq.ftagent.ffi.Pcap;
import com.flowtriq.ftagent.testbed.NetnsTestBed;
import com.flowtriq.ftagent.testbed.NetnsTestBedExtension;
import com.flowtriq.ftagent.testbed.TestFrames;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link PcapLiveSource} on a real veth pair between two namespaces the test creates (see {@link NetnsTestBed}).
 */
class PcapLiveSourceTest
{
    private static final int FRAME_COUNT = 10_000;
    private static final int TIMEOUT_MILLIS = 20;

    private static final int ALLOCATION_ROUNDS = 4;

    @RegisterExtension
    static final NetnsTestBedExtension bed = NetnsTestBedExtension.plain();

    @BeforeAll
    static void checkWhatTheTestsNeed()
    {
        assumeTrue(Pcap.isAvailable(), "needs the libpcap runtime library (Debian/Ubuntu: libpcap0.8)");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldHandOverExactlyEveryFrameSentWithItsExactLengthAndByteTotal() throws Exception
    {
        final List<byte[]> frames = TestFrames.udpSequence(bed.get(), FRAME_COUNT);
        final CountingFrameHandler handler = new CountingFrameHandler(FRAME_COUNT);
        final CaptureStatistics statistics = new CaptureStatistics();

        try (PcapLiveSource source = bed.get().callInRx(() -> PcapLiveSource.open(settings())))
        {
            assertEquals(LinkType.ETHERNET, source.linkType());
            final BackgroundSend sender = BackgroundSend.start(bed.get(), frames);
            final boolean reached = SourceDrain.drain(source, handler, FRAME_COUNT);
            sender.join();
            assertTrue(reached, "saw only " + handler.packets + " of " + FRAME_COUNT + " frames");
            source.statistics(statistics);
            assertEquals(0, source.statisticsErrors());
        }

        assertEquals(FRAME_COUNT, handler.packets);
        assertEquals(TestFrames.totalLength(frames), handler.bytes);
        assertEquals(FRAME_COUNT, handler.distinctSeen());
        assertEquals(0, handler.duplicates());
        assertEquals(0, handler.foreignFrames);
        assertEquals(0, handler.lengthMismatches);
        assertEquals(0, handler.truncatedFrames);
        assertEquals(FRAME_COUNT, statistics.packets);
        assertEquals(TestFrames.totalLength(frames), statistics.bytes);
        assertEquals(FRAME_COUNT, statistics.kernelPackets);
        assertEquals(0, statistics.kernelDrops);
        assertTrue(handler.firstTimestampNanos > 0 && handler.lastTimestampNanos >= handler.firstTimestampNanos);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldAccountEveryFrameAsCountedOrDroppedWhenStalledReaderOverflowsSmallBuffer() throws Exception
    {
        final int frameCount = 2_000;
        final List<byte[]> frames = TestFrames.udpSequence(bed.get(), frameCount);
        final CountingFrameHandler handler = new CountingFrameHandler(frameCount);
        final CaptureStatistics statistics = new CaptureStatistics();

        try (PcapLiveSource source = bed.get().callInRx(() -> PcapLiveSource.open(settings().bufferSize(64 << 10))))
        {
            BackgroundSend.start(bed.get(), frames).join();
            SourceDrain.drain(source, handler, 0);
            source.statistics(statistics);
        }

        assertTrue(statistics.kernelDrops > 0, "the stalled small buffer dropped nothing: " + statistics);
        assertEquals(frameCount, statistics.kernelPackets, statistics.toString());
        assertEquals(statistics.kernelPackets, handler.packets + statistics.kernelDrops, statistics.toString());
        assertEquals(handler.packets, statistics.packets);
        assertEquals(0, handler.duplicates());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldTruncateToSnapLengthAndStillReportWireLength() throws Exception
    {
        final int frameCount = 500;
        final List<byte[]> frames = TestFrames.udpSequence(bed.get(), frameCount);
        final CountingFrameHandler handler = new CountingFrameHandler(frameCount);
        long longerThanSnap = 0;
        for (final byte[] frame : frames)
        {
            longerThanSnap += frame.length > 64 ? 1 : 0;
        }

        try (PcapLiveSource source = bed.get().callInRx(() -> PcapLiveSource.open(settings().snapLength(64))))
        {
            final BackgroundSend sender = BackgroundSend.start(bed.get(), frames);
            assertTrue(SourceDrain.drain(source, handler, frameCount), "saw only " + handler.packets);
            sender.join();
        }

        assertEquals(frameCount, handler.packets);
        assertEquals(TestFrames.totalLength(frames), handler.bytes);
        assertEquals(longerThanSnap, handler.truncatedFrames);
        assertEquals(0, handler.lengthMismatches);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldHandOverOnlyFramesTheFilterAccepts() throws Exception
    {
        final int frameCount = 1000;
        final List<byte[]> frames = TestFrames.udpSequence(bed.get(), frameCount);
        final CountingFrameHandler handler = new CountingFrameHandler(frameCount);
        long accepted = 0;
        for (final byte[] frame : frames)
        {
            accepted += frame.length > 800 ? 1 : 0;
        }

        try (PcapLiveSource source = bed.get().callInRx(() -> PcapLiveSource.open(settings().filter("greater 801"))))
        {
            assertTrue(source.describe().contains("filter='greater 801'"), source.describe());
            final BackgroundSend sender = BackgroundSend.start(bed.get(), frames);
            SourceDrain.drain(source, handler, accepted);
            sender.join();
        }

        assertTrue(accepted > 0 && accepted < frameCount);
        assertEquals(accepted, handler.packets);
        assertEquals(accepted, handler.distinctSeen());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldEndPollLoopOnQuietLinkAfterWakeupFromAnotherThread() throws Exception
    {
        final CountingFrameHandler handler = new CountingFrameHandler(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicInteger polls = new AtomicInteger();
        try (PcapLiveSource source = bed.get().callInRx(() -> PcapLiveSource.open(settings())))
        {
            final CountDownLatch polling = new CountDownLatch(1);
            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread poller = Thread.ofPlatform().name("pcap-poller").start(() ->
            {
                try
                {
                    while (running.get())
                    {
                        source.poll(handler);
                        polls.incrementAndGet();
                        polling.countDown();
                    }
                }
                catch (final Throwable t)
                {
                    failure.set(t);
                }
            });
            // A poll on a quiet link returns by itself within the timeout: libpcap must not block for ever.
            assertTrue(polling.await(30, TimeUnit.SECONDS), "no poll returned on a quiet link");
            running.set(false);
            source.wakeup();
            poller.join();
        }
        assertNull(failure.get());
        assertTrue(polls.get() > 0);
        assertEquals(0, handler.packets);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldReturnZeroAtOnceWhenWakeupPrecedesPoll() throws Exception
    {
        final CountingFrameHandler handler = new CountingFrameHandler(1);
        try (PcapLiveSource source = bed.get().callInRx(() -> PcapLiveSource.open(settings().timeoutMillis(600_000))))
        {
            source.wakeup();
            assertEquals(0, source.poll(handler));
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldAllocateNothingPerFrameOnPollThread() throws Exception
    {
        try (PcapLiveSource source = bed.get().callInRx(() -> PcapLiveSource.open(settings())))
        {
            LiveSourceChecks.assertPollThreadAllocatesNothingPerFrame(
                "PcapLiveSource", bed.get(), source, FRAME_COUNT, ALLOCATION_ROUNDS);
        }
    }

    @Test
    void shouldHoldInterfaceInPromiscuousModeOnlyWhileOpen() throws Exception
    {
        LiveSourceChecks.assertPromiscuity(bed.get(), "promiscuity 0");
        try (PcapLiveSource source = bed.get().callInRx(() -> PcapLiveSource.open(settings().promiscuous(true))))
        {
            assertTrue(source.describe().contains("promisc"), source.describe());
            LiveSourceChecks.assertPromiscuity(bed.get(), "promiscuity 1");
        }
        LiveSourceChecks.assertPromiscuity(bed.get(), "promiscuity 0");
    }

    @Test
    void shouldListExistingInterfacesWhenInterfaceDoesNotExist()
    {
        final CaptureOpenException ex = assertThrows(CaptureOpenException.class, () -> bed.get().callInRx(() ->
            PcapLiveSource.open(new PcapLiveSource.Settings().interfaceName("fta-nosuch0"))));

        assertEquals(CaptureOpenException.Reason.NO_SUCH_INTERFACE, ex.reason());
        assertTrue(ex.getMessage().contains("'fta-nosuch0'"), ex.getMessage());
        assertTrue(ex.getMessage().contains(bed.get().rxInterface()), ex.getMessage());
    }

    @Test
    void shouldNameCapNetRawWhenProcessLacksIt() throws Exception
    {
        assumeTrue(CaptureOpenProbe.canDropCapabilities(), "needs setpriv (util-linux) to drop CAP_NET_RAW");

        final String output = CaptureOpenProbe.runInRx(bed.get(), "pcap", true);

        assertTrue(output.startsWith("REASON=PERMISSION_DENIED "), output);
        assertTrue(output.contains("needs CAP_NET_RAW"), output);
        assertTrue(output.contains("run as root"), output);
        assertTrue(output.contains(bed.get().rxInterface()), output);
    }

    @Test
    void shouldNameFilterWhenItDoesNotCompile()
    {
        final CaptureOpenException ex = assertThrows(CaptureOpenException.class, () -> bed.get().callInRx(() ->
            PcapLiveSource.open(settings().filter("udp and and"))));

        assertEquals(CaptureOpenException.Reason.LIBPCAP_FAILED, ex.reason());
        assertTrue(ex.getMessage().contains("filter 'udp and and'"), ex.getMessage());
        assertFalse(ex.getMessage().isBlank());
    }

    private static PcapLiveSource.Settings settings()
    {
        return new PcapLiveSource.Settings()
            .interfaceName(bed.get().rxInterface())
            .bufferSize(32 << 20)
            .timeoutMillis(TIMEOUT_MILLIS);
    }
}
