package com.flowtriq.ftagent.capture;

import com.flowtriq.ftagent.ffi.LinkType;
import com.flowtriq.ftagent.testbed.NetnsTestBed;
import com.flowtriq.ftagent.testbed.NetnsTestBedExtension;
import com.flowtriq.ftagent.testbed.TestFrames;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

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
 * {@link TpacketV3Source} on a real veth pair between two namespaces the test creates (see {@link NetnsTestBed}):
 * frames built by {@link TestFrames} are sent from the tx end with {@link FrameSender} and captured on the rx end.
 */
class TpacketV3SourceTest
{
    private static final int FRAME_COUNT = 10_000;
    /** Short timeouts so a drain notices the end of the traffic quickly. */
    private static final RingGeometry ROOMY_RING = RingGeometry.of(1 << 20, 32, 2048, 5);
    private static final int POLL_TIMEOUT_MILLIS = 20;

    private static final int ALLOCATION_ROUNDS = 4;

    @RegisterExtension
    static final NetnsTestBedExtension bed = NetnsTestBedExtension.plain();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldHandOverExactlyEveryFrameSentWithItsExactLengthAndByteTotal() throws Exception
    {
        final List<byte[]> frames = TestFrames.udpSequence(bed.get(), FRAME_COUNT);
        final CountingFrameHandler handler = new CountingFrameHandler(FRAME_COUNT);
        final CaptureStatistics statistics = new CaptureStatistics();

        try (TpacketV3Source source = bed.get().callInRx(() -> TpacketV3Source.open(settings(ROOMY_RING))))
        {
            final BackgroundSend sender = sendInBackground(frames);
            final boolean reached = SourceDrain.drain(source, handler, FRAME_COUNT);
            sender.join();
            assertTrue(reached, "saw only " + handler.packets + " of " + FRAME_COUNT + " frames");
            source.statistics(statistics);
            assertEquals(0, source.malformedBlocks());
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
    void shouldSplitEveryFrameBetweenTwoFanoutSocketsExactlyOnce() throws Exception
    {
        final List<byte[]> frames = TestFrames.udpSequence(bed.get(), FRAME_COUNT);
        final CountingFrameHandler first = new CountingFrameHandler(FRAME_COUNT);
        final CountingFrameHandler second = new CountingFrameHandler(FRAME_COUNT);
        final CaptureStatistics firstStatistics = new CaptureStatistics();
        final CaptureStatistics secondStatistics = new CaptureStatistics();
        final int groupId = (int)(ProcessHandle.current().pid() & 0xFFFF);
        final TpacketV3Source.Settings settings = settings(ROOMY_RING).fanout(groupId, FanoutMode.HASH);

        try (TpacketV3Source a = bed.get().callInRx(() -> TpacketV3Source.open(settings));
            TpacketV3Source b = bed.get().callInRx(() -> TpacketV3Source.open(settings)))
        {
            assertTrue(a.describe().contains("fanout=" + groupId + "/hash"), a.describe());
            final BackgroundSend sender = sendInBackground(frames);
            final boolean reached = SourceDrain.drain(
                new PacketSource[]{ a, b }, new CountingFrameHandler[]{ first, second }, FRAME_COUNT);
            sender.join();
            assertTrue(reached, "saw only " + (first.packets + second.packets) + " of " + FRAME_COUNT + " frames");
            a.statistics(firstStatistics);
            b.statistics(secondStatistics);
        }

        int seenByBoth = 0;
        int seenByNone = 0;
        for (int sequence = 0; sequence < FRAME_COUNT; sequence++)
        {
            final int times = first.timesSeen(sequence) + second.timesSeen(sequence);
            seenByBoth += times > 1 ? 1 : 0;
            seenByNone += 0 == times ? 1 : 0;
        }
        assertEquals(0, seenByBoth);
        assertEquals(0, seenByNone);
        assertEquals(FRAME_COUNT, first.packets + second.packets);
        assertEquals(TestFrames.totalLength(frames), first.bytes + second.bytes);
        assertTrue(first.packets > 0 && second.packets > 0,
            "hash fanout over many flows gave every frame to one socket: " + first.packets + "/" + second.packets);
        final CaptureStatistics group = new CaptureStatistics();
        group.add(firstStatistics);
        group.add(secondStatistics);
        assertEquals(FRAME_COUNT, group.packets);
        assertEquals(FRAME_COUNT, group.kernelPackets);
        assertEquals(0, group.kernelDrops);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldAccountEveryFrameAsCountedOrKernelDropWhenStalledReaderOverflowsTinyRing() throws Exception
    {
        // Two one-page blocks hold a few frames; the reader does not poll while all the frames are sent.
        final RingGeometry tinyRing = RingGeometry.of(SystemPageSize.pageSize(), 2, 2048, 5);
        final int frameCount = 2_000;
        final List<byte[]> frames = TestFrames.udpSequence(bed.get(), frameCount);
        final CountingFrameHandler handler = new CountingFrameHandler(frameCount);
        final CaptureStatistics early = new CaptureStatistics();
        final CaptureStatistics statistics = new CaptureStatistics();

        try (TpacketV3Source source = bed.get().callInRx(() -> TpacketV3Source.open(settings(tinyRing))))
        {
            sendInBackground(frames).join();
            // Read the clear-on-read kernel counters once mid-way: the totals must not lose them.
            source.statistics(early);
            SourceDrain.drain(source, handler, 0);
            source.statistics(statistics);
        }

        assertTrue(early.kernelDrops > 0, "the stalled tiny ring dropped nothing: " + early);
        assertEquals(frameCount, statistics.kernelPackets, "frames that reached the socket: " + statistics);
        assertEquals(statistics.kernelPackets, handler.packets + statistics.kernelDrops, statistics.toString());
        assertEquals(handler.packets, statistics.packets);
        assertTrue(statistics.kernelDrops >= early.kernelDrops);
        assertTrue(statistics.freezeCount > 0, "a stalled ring freezes its queue: " + statistics);
        assertEquals(0, handler.duplicates());
        assertEquals(0, handler.foreignFrames);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldReturnFromPollWithoutWaitingWhenWakeupWasRequested() throws Exception
    {
        final CountingFrameHandler handler = new CountingFrameHandler(1);
        // A poll timeout far above the test timeout: only the wakeup can make poll return.
        final TpacketV3Source.Settings settings = settings(ROOMY_RING).pollTimeoutMillis(600_000);
        try (TpacketV3Source source = bed.get().callInRx(() -> TpacketV3Source.open(settings)))
        {
            source.wakeup();
            assertEquals(0, source.poll(handler));
        }
        assertEquals(0, handler.packets);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldEndBlockedPollLoopAfterWakeupFromAnotherThread() throws Exception
    {
        final CountingFrameHandler handler = new CountingFrameHandler(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (TpacketV3Source source = bed.get().callInRx(() -> TpacketV3Source.open(settings(ROOMY_RING))))
        {
            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread poller = Thread.ofPlatform().name("poller").start(() ->
            {
                try
                {
                    while (running.get())
                    {
                        source.poll(handler);
                    }
                }
                catch (final Throwable t)
                {
                    failure.set(t);
                }
            });
            running.set(false);
            source.wakeup();
            poller.join();
        }
        assertNull(failure.get());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldAllocateNothingPerFrameOnPollThread() throws Exception
    {
        try (TpacketV3Source source = bed.get().callInRx(() -> TpacketV3Source.open(settings(ROOMY_RING))))
        {
            LiveSourceChecks.assertPollThreadAllocatesNothingPerFrame(
                "TpacketV3Source", bed.get(), source, FRAME_COUNT, ALLOCATION_ROUNDS);
        }
    }

    @Test
    void shouldHoldInterfaceInPromiscuousModeOnlyWhileOpen() throws Exception
    {
        LiveSourceChecks.assertPromiscuity(bed.get(), "promiscuity 0");
        try (TpacketV3Source source =
            bed.get().callInRx(() -> TpacketV3Source.open(settings(ROOMY_RING).promiscuous(true))))
        {
            assertTrue(source.describe().contains("promisc"), source.describe());
            LiveSourceChecks.assertPromiscuity(bed.get(), "promiscuity 1");
        }
        LiveSourceChecks.assertPromiscuity(bed.get(), "promiscuity 0");
    }

    @Test
    void shouldExplainRefusalWhenFanoutGroupExistsWithAnotherMode() throws Exception
    {
        final int groupId = (int)((ProcessHandle.current().pid() + 1) & 0xFFFF);
        try (TpacketV3Source member = bed.get().callInRx(() ->
            TpacketV3Source.open(settings(ROOMY_RING).fanout(groupId, FanoutMode.HASH))))
        {
            final CaptureOpenException ex = assertThrows(CaptureOpenException.class, () -> bed.get().callInRx(() ->
                TpacketV3Source.open(settings(ROOMY_RING).fanout(groupId, FanoutMode.LOAD_BALANCE))));

            assertEquals(CaptureOpenException.Reason.KERNEL_REJECTED, ex.reason());
            assertTrue(ex.getMessage().contains("cannot join fanout group " + groupId + " (lb)"), ex.getMessage());
            assertTrue(ex.getMessage().contains("with another mode or flags"), ex.getMessage());
            assertTrue(member.describe().contains("fanout=" + groupId + "/hash"), member.describe());
        }
    }

    @Test
    void shouldRejectFanoutGroupIdOutOfRange()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
            TpacketV3Source.open(new TpacketV3Source.Settings().interfaceName("fta-unused0").fanout(65536, FanoutMode.HASH)));

        assertTrue(ex.getMessage().contains("fanout group id=65536 must be 0..65535"), ex.getMessage());
    }

    @Test
    void shouldListExistingInterfacesWhenInterfaceDoesNotExist()
    {
        final CaptureOpenException ex = assertThrows(CaptureOpenException.class, () -> bed.get().callInRx(() ->
            TpacketV3Source.open(new TpacketV3Source.Settings().interfaceName("fta-nosuch0"))));

        assertEquals(CaptureOpenException.Reason.NO_SUCH_INTERFACE, ex.reason());
        assertTrue(ex.getMessage().contains("'fta-nosuch0'"), ex.getMessage());
        assertTrue(ex.getMessage().contains(bed.get().rxInterface()), ex.getMessage());
        assertTrue(ex.getMessage().contains("lo"), ex.getMessage());
    }

    @Test
    void shouldNameCapNetRawAndHowToGrantItWhenProcessLacksIt() throws Exception
    {
        assumeTrue(CaptureOpenProbe.canDropCapabilities(), "needs setpriv (util-linux) to drop CAP_NET_RAW");

        final String output = CaptureOpenProbe.runInRx(bed.get(), "afpacket", true);

        assertTrue(output.startsWith("REASON=PERMISSION_DENIED "), output);
        assertTrue(output.contains("needs CAP_NET_RAW"), output);
        assertTrue(output.contains("run as root"), output);
        assertTrue(output.contains("setcap"), output);
        assertTrue(output.contains(bed.get().rxInterface()), output);
    }

    @Test
    void shouldOpenInChildProcessThatKeepsCapNetRaw() throws Exception
    {
        // The control for the test above: the same child, CAP_NET_RAW kept, opens the source; so the failure
        // there comes from the missing capability and not from the child's set-up.
        assumeTrue(CaptureOpenProbe.canDropCapabilities(), "needs setpriv (util-linux)");

        final String output = CaptureOpenProbe.runInRx(bed.get(), "afpacket", false);

        assertTrue(output.startsWith("OPENED afpacket " + bed.get().rxInterface()), output);
    }

    @Test
    void shouldNameBrokenRuleBeforeAnySystemCallWhenRingGeometryIsInvalid()
    {
        // No privileges needed: the geometry is checked before the interface or any socket is touched.
        final RingGeometry badBlock = RingGeometry.of(SystemPageSize.pageSize() + 512, 4, 512, 10);
        final CaptureOpenException ex = assertThrows(CaptureOpenException.class, () -> TpacketV3Source.open(
            new TpacketV3Source.Settings().interfaceName("fta-unused0").ringGeometry(badBlock)));

        assertEquals(CaptureOpenException.Reason.INVALID_RING_GEOMETRY, ex.reason());
        assertTrue(ex.getMessage().contains("tp_block_size=" + (SystemPageSize.pageSize() + 512)), ex.getMessage());
        assertTrue(ex.getMessage().contains("multiple of the page size"), ex.getMessage());
        assertFalse(ex.getMessage().contains("tp_frame_size"), ex.getMessage());
    }

    @Test
    void shouldSayWhichConstraintWhenTheKernelRefusesARingThatPassesTheDocumentedRules() throws Exception
    {
        // One-page blocks, as many as tp_frame_nr allows: every documented rule holds, but the kernel's table of
        // block pointers alone would be 16 GiB, so it fails with ENOMEM before it allocates any block.
        final int pageSize = SystemPageSize.pageSize();
        final RingGeometry huge = RingGeometry.of(pageSize, Integer.MAX_VALUE, pageSize, 10);
        huge.validate(pageSize);

        final CaptureOpenException ex = assertThrows(CaptureOpenException.class, () -> bed.get().callInRx(() ->
            TpacketV3Source.open(
                new TpacketV3Source.Settings().interfaceName(bed.get().rxInterface()).ringGeometry(huge))));

        assertEquals(CaptureOpenException.Reason.KERNEL_REJECTED, ex.reason());
        assertTrue(ex.getMessage().startsWith("PACKET_RX_RING "), ex.getMessage());
        assertTrue(ex.getMessage().contains("refused: not enough memory for a ring of"), ex.getMessage());
        assertTrue(ex.getMessage().contains("use fewer or smaller blocks"), ex.getMessage());
        assertTrue(ex.getMessage().contains("ENOMEM"), ex.getMessage());
    }

    @Test
    void shouldTakeTheLinkTypeFromTheInterfacesHardwareTypeEthernetOnVethRawIpOnTun() throws Exception
    {
        // A tun device (like WireGuard) has no link header: its frames start with the IP header, and a source
        // that called them Ethernet would decode every one wrongly. The device lives in the rx namespace and
        // goes with it.
        final String tun = "ftt" + bed.get().id();
        bed.get().runInRx("ip", "tuntap", "add", "dev", tun, "mode", "tun").check();
        bed.get().runInRx("ip", "link", "set", tun, "up").check();

        try (TpacketV3Source veth = bed.get().callInRx(() -> TpacketV3Source.open(settings(ROOMY_RING)));
            TpacketV3Source loopback = bed.get().callInRx(() -> TpacketV3Source.open(
                new TpacketV3Source.Settings().interfaceName("lo").ringGeometry(ROOMY_RING)));
            TpacketV3Source tunnel = bed.get().callInRx(() -> TpacketV3Source.open(
                new TpacketV3Source.Settings().interfaceName(tun).ringGeometry(ROOMY_RING))))
        {
            assertEquals(LinkType.ETHERNET, veth.linkType());
            assertEquals(LinkType.ETHERNET, loopback.linkType());
            assertEquals(LinkType.RAW, tunnel.linkType());
        }
    }

    private static TpacketV3Source.Settings settings(final RingGeometry geometry)
    {
        return new TpacketV3Source.Settings()
            .interfaceName(bed.get().rxInterface())
            .ringGeometry(geometry)
            .pollTimeoutMillis(POLL_TIMEOUT_MILLIS);
    }

    static BackgroundSend sendInBackground(final List<byte[]> frames)
    {
        return BackgroundSend.start(bed.get(), frames);
    }
}
