package com.flowtriq.ftagent.ffi;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end through the bindings: in a network namespace the test creates, a thread joins it with setns, maps a
 * TPACKET_V3 ring on its loopback, sends one frame with sendto and reads it back in place through
 * {@link TpacketBlockDesc} and {@link Tpacket3Hdr}.
 */
class TpacketV3RingTest
{
    private static final int BLOCK_SIZE = 1 << 16;
    private static final int BLOCK_COUNT = 4;
    private static final int FRAME_SIZE = 2048;
    /** IEEE 802 local experimental ethertype: nothing in the kernel reacts to it. */
    private static final int ETHERTYPE_EXPERIMENTAL = 0x88B5;

    private static final String NAMESPACE = "fta-ffi-" + ProcessHandle.current().pid();
    private static boolean namespaceCreated;

    @BeforeAll
    static void createNamespace() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: creates a network namespace");
        namespaceCreated = 0 == run("ip", "netns", "add", NAMESPACE);
        assumeTrue(namespaceCreated, "needs 'ip netns add' to work");
        assertEquals(0, run("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up"));
    }

    @AfterAll
    static void deleteNamespace() throws Exception
    {
        if (namespaceCreated)
        {
            run("ip", "netns", "del", NAMESPACE);
        }
    }

    @Test
    void shouldReadSentFrameInPlaceFromTpacketV3RingAndReturnBlockToKernel() throws Exception
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = new Thread(() ->
        {
            try
            {
                joinNamespace();
                captureOneFrame();
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        }, "ffi-ring-test");
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(30));

        assertTrue(!thread.isAlive(), "ring test thread did not finish");
        if (null != failure.get())
        {
            throw new AssertionError(failure.get());
        }
    }

    private static void joinNamespace()
    {
        final int namespaceFd = Libc.open("/var/run/netns/" + NAMESPACE, Libc.O_RDONLY | Libc.O_CLOEXEC);
        try
        {
            Libc.setns(namespaceFd, Libc.CLONE_NEWNET);
        }
        finally
        {
            Libc.close(namespaceFd);
        }
    }

    private static void captureOneFrame()
    {
        final int loopback = Libc.ifNameToIndex("lo");
        final int rx = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.htons(Libc.ETH_P_ALL));
        final int tx = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
        MemorySegment ring = MemorySegment.NULL;
        try (Arena arena = Arena.ofConfined())
        {
            Libc.setsockoptInt(rx, Libc.SOL_PACKET, Libc.PACKET_VERSION, Libc.TPACKET_V3);
            final MemorySegment request = TpacketReq3.allocate(arena);
            TpacketReq3.tp_block_size(request, BLOCK_SIZE);
            TpacketReq3.tp_block_nr(request, BLOCK_COUNT);
            TpacketReq3.tp_frame_size(request, FRAME_SIZE);
            TpacketReq3.tp_frame_nr(request, BLOCK_SIZE / FRAME_SIZE * BLOCK_COUNT);
            TpacketReq3.tp_retire_blk_tov(request, 10);
            TpacketReq3.tp_feature_req_word(request, Libc.TP_FT_REQ_FILL_RXHASH);
            Libc.setsockopt(rx, Libc.SOL_PACKET, Libc.PACKET_RX_RING, request);
            ring = Libc.mmap((long)BLOCK_SIZE * BLOCK_COUNT, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, rx, 0);
            Libc.bind(rx, SockaddrLl.allocateForBind(arena, Libc.ETH_P_ALL, loopback));
            Libc.bind(tx, SockaddrLl.allocateForBind(arena, ETHERTYPE_EXPERIMENTAL, loopback));

            final byte[] frame = frame();
            final MemorySegment frameSegment = arena.allocateFrom(ValueLayout.JAVA_BYTE, frame);
            assertEquals(frame.length, Libc.sendto(tx, frameSegment, 0, MemorySegment.NULL));

            final MemorySegment fds = Pollfd.allocateArray(arena, 1);
            Pollfd.fd(fds, 0, rx);
            Pollfd.events(fds, 0, (short)(Libc.POLLIN | Libc.POLLERR));
            final MemorySegment callState = Libc.allocateCallState(arena);
            int polls = 0;
            while (Libc.TP_STATUS_KERNEL == (TpacketBlockDesc.block_status_acquire(ring, 0) & Libc.TP_STATUS_USER) &&
                polls++ < 100)
            {
                final int ready = Libc.pollRaw(callState, fds, 1, 100);
                assertTrue(ready >= 0 || Errno.EINTR == Libc.errno(callState), "poll errno " + Libc.errno(callState));
            }

            assertEquals(Libc.TP_STATUS_USER, TpacketBlockDesc.block_status_acquire(ring, 0) & Libc.TP_STATUS_USER);
            assertEquals(Libc.TPACKET_V3, TpacketBlockDesc.version(ring, 0));
            final int packets = TpacketBlockDesc.num_pkts(ring, 0);
            // Loopback shows the frame once leaving and once arriving; both copies are the same bytes.
            assertTrue(packets >= 1 && packets <= 2, "num_pkts " + packets);
            long offset = TpacketBlockDesc.offset_to_first_pkt(ring, 0);
            for (int i = 0; i < packets; i++)
            {
                assertEquals(frame.length, Tpacket3Hdr.tp_snaplen(ring, offset));
                assertEquals(frame.length, Tpacket3Hdr.tp_len(ring, offset));
                assertTrue(Tpacket3Hdr.tp_sec(ring, offset) > 1_600_000_000L, "tp_sec plausible");
                final long mac = offset + Tpacket3Hdr.tp_mac(ring, offset);
                assertArrayEquals(frame, ring.asSlice(mac, frame.length).toArray(ValueLayout.JAVA_BYTE));
                assertEquals(Tpacket3Hdr.tp_mac(ring, offset) + 14, Tpacket3Hdr.tp_net(ring, offset));
                offset += Tpacket3Hdr.tp_next_offset(ring, offset);
            }
            TpacketBlockDesc.block_status_release(ring, 0, Libc.TP_STATUS_KERNEL);
            assertEquals(Libc.TP_STATUS_KERNEL, TpacketBlockDesc.block_status(ring, 0));

            final MemorySegment stats = TpacketStatsV3.allocate(arena);
            assertEquals(TpacketStatsV3.sizeof(), Libc.getsockopt(rx, Libc.SOL_PACKET, Libc.PACKET_STATISTICS, stats));
            assertEquals(packets, TpacketStatsV3.tp_packets(stats));
            assertEquals(0, TpacketStatsV3.tp_drops(stats));
        }
        finally
        {
            if (MemorySegment.NULL != ring && 0 != ring.byteSize())
            {
                Libc.munmap(ring);
            }
            Libc.close(tx);
            Libc.close(rx);
        }
    }

    private static byte[] frame()
    {
        final byte[] frame = new byte[60];
        for (int i = 0; i < 6; i++)
        {
            frame[i] = (byte)0x02;
            frame[6 + i] = (byte)(0x10 + i);
        }
        frame[12] = (byte)(ETHERTYPE_EXPERIMENTAL >>> 8);
        frame[13] = (byte)ETHERTYPE_EXPERIMENTAL;
        final byte[] marker = "ftagent-ffi ring test".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, frame, 14, marker.length);
        return frame;
    }

    private static int run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            return -1;
        }
        if (0 != process.exitValue())
        {
            System.out.println("command " + List.of(command) + " exited " + process.exitValue() + ": " + output);
        }
        return process.exitValue();
    }
}
