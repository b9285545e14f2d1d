package com.flowtriq.ftagent.ffi;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Live capture through libpcap on a veth pair between two network namespaces the test creates (see
 * /work/shared/testbed.md): frames are sent with an AF_PACKET socket from a thread that joined the tx namespace
 * and captured with {@code pcap_create}/{@code pcap_activate} from a thread that joined the rx namespace.
 */
class PcapLiveCaptureTest
{
    /** IEEE 802 local experimental ethertype: nothing in the kernel reacts to it, and the filter selects it. */
    private static final int ETHERTYPE_EXPERIMENTAL = 0x88B5;
    private static final byte[] MARKER = "ftagent-ffi pcap test".getBytes(StandardCharsets.US_ASCII);
    private static final MemorySegment MARKER_SEGMENT = MemorySegment.ofArray(MARKER);
    private static final int SEQUENCE_OFFSET = 14 + MARKER.length;
    private static final int FRAME_LENGTH = 64;
    private static final int FRAMES = 500;

    private static final int ID = (int)(ProcessHandle.current().pid() % 100_000);
    private static final String TX_NAMESPACE = "fta-tx-" + ID;
    private static final String RX_NAMESPACE = "fta-rx-" + ID;
    private static final String TX_INTERFACE = "fta-tx" + ID;
    private static final String RX_INTERFACE = "fta-rx" + ID;
    /** 198.18.0.0/15 only; the third octet from the id keeps parallel runs apart. */
    private static final String SUBNET = "198.18." + (ID % 250) + ".";

    private static boolean txCreated;
    private static boolean rxCreated;

    @BeforeAll
    static void createVethPairInTwoNamespaces() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: creates network namespaces and a veth pair");
        assumeTrue(Pcap.isAvailable(), "needs the libpcap runtime library (libpcap0.8)");
        txCreated = 0 == run("ip", "netns", "add", TX_NAMESPACE);
        rxCreated = 0 == run("ip", "netns", "add", RX_NAMESPACE);
        assumeTrue(txCreated && rxCreated, "needs 'ip netns add' to work");

        // Created inside the tx namespace with its peer moved straight into rx: neither end is ever in the root one.
        assertEquals(0, run("ip", "-n", TX_NAMESPACE, "link", "add", TX_INTERFACE, "type", "veth",
            "peer", "name", RX_INTERFACE, "netns", RX_NAMESPACE));
        configure(TX_NAMESPACE, TX_INTERFACE, SUBNET + "1/30");
        configure(RX_NAMESPACE, RX_INTERFACE, SUBNET + "2/30");
    }

    @AfterAll
    static void deleteNamespaces() throws Exception
    {
        // Deleting the namespaces removes the veth pair with them.
        if (txCreated)
        {
            run("ip", "netns", "del", TX_NAMESPACE);
        }
        if (rxCreated)
        {
            run("ip", "netns", "del", RX_NAMESPACE);
        }
    }

    @Test
    void shouldListVethWithItsAddressFromInsideNamespace() throws Exception
    {
        final List<PcapDevice> devices = inNamespace(RX_NAMESPACE, Pcap::findAllDevs);

        final PcapDevice veth = devices.stream().filter(d -> RX_INTERFACE.equals(d.name())).findFirst()
            .orElseThrow(() -> new AssertionError("no " + RX_INTERFACE + " in " + devices));
        assertFalse(veth.isLoopback());
        assertTrue(veth.isUp(), veth.toString());
        assertTrue(veth.addresses().contains(InetAddress.getByName(SUBNET + "2")), veth.toString());
        assertTrue(devices.stream().noneMatch(d -> TX_INTERFACE.equals(d.name())), "the tx end lives elsewhere: " + devices);
    }

    @Test
    void shouldCaptureEveryFrameSentFromPeerNamespaceExactlyOnce() throws Exception
    {
        final MemorySegment pcap = inNamespace(RX_NAMESPACE, PcapLiveCaptureTest::activateFilteredCapture);
        try (Arena arena = Arena.ofConfined())
        {
            final int sent = inNamespace(TX_NAMESPACE, () -> sendFrames(FRAMES));
            assertEquals(FRAMES, sent);

            // Frames already sit in the ring (veth delivers on the sender's thread); read until all are seen,
            // bounded by a number of empty reads at the 100 ms buffer timeout.
            final SequenceRecorder recorder = new SequenceRecorder(FRAMES);
            int emptyReads = 0;
            while (recorder.frames < FRAMES && emptyReads < 50)
            {
                if (0 == Pcap.dispatch(pcap, -1, recorder))
                {
                    emptyReads++;
                }
            }

            assertEquals(FRAMES, recorder.frames);
            assertEquals(0, recorder.foreign, "frames without our marker");
            assertEquals(0, recorder.duplicates, "sequence numbers seen twice");
            assertEquals(0, recorder.wrongLength, "frames whose caplen or len is not " + FRAME_LENGTH);
            final MemorySegment stat = PcapStat.allocate(arena);
            Pcap.stats(pcap, stat);
            assertEquals(0, PcapStat.ps_drop(stat));
            assertEquals(FRAMES, PcapStat.ps_recv(stat), "kernel count of frames that passed the filter");
        }
        finally
        {
            Pcap.close(pcap);
        }
    }

    @Test
    void shouldReturnBreakFromBlockedDispatchWhenBreakLoopIsCalledFromAnotherThread() throws Exception
    {
        final MemorySegment pcap = inNamespace(RX_NAMESPACE, () ->
        {
            final MemorySegment handle = Pcap.create(RX_INTERFACE);
            // Timeout 0: without traffic a dispatch waits forever, so only pcap_breakloop can end it.
            Pcap.setTimeout(handle, 0);
            Pcap.activate(handle, RX_INTERFACE);
            Pcap.setFilter(handle, "ether proto " + ETHERTYPE_EXPERIMENTAL, Pcap.PCAP_NETMASK_UNKNOWN);
            return handle;
        });
        try
        {
            final CountDownLatch dispatching = new CountDownLatch(1);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final int[] result = { Integer.MIN_VALUE };
            final SequenceRecorder recorder = new SequenceRecorder(1);
            final Thread reader = new Thread(() ->
            {
                try
                {
                    dispatching.countDown();
                    result[0] = Pcap.dispatch(pcap, -1, recorder);
                }
                catch (final Throwable t)
                {
                    failure.set(t);
                }
            }, "pcap-breakloop-reader");
            reader.start();
            assertTrue(dispatching.await(10, TimeUnit.SECONDS));
            // Give the reader time to block in poll; if it has not yet, the pending break still ends the call.
            Thread.sleep(200);
            assertTrue(reader.isAlive(), "dispatch with timeout 0 and no traffic returned by itself: " + result[0]);

            Pcap.breakLoop(pcap);
            reader.join(TimeUnit.SECONDS.toMillis(10));

            assertFalse(reader.isAlive(), "dispatch did not return after pcap_breakloop");
            if (null != failure.get())
            {
                throw new AssertionError(failure.get());
            }
            assertEquals(Pcap.PCAP_ERROR_BREAK, result[0]);
            assertEquals(0, recorder.frames);
        }
        finally
        {
            Pcap.close(pcap);
        }
    }

    private static MemorySegment activateFilteredCapture()
    {
        final MemorySegment pcap = Pcap.create(RX_INTERFACE);
        try
        {
            Pcap.setSnaplen(pcap, 256);
            Pcap.setPromisc(pcap, false);
            Pcap.setTimeout(pcap, 100);
            Pcap.setBufferSize(pcap, 4 << 20);
            Pcap.setImmediateMode(pcap, true);
            assertEquals(0, Pcap.activate(pcap, RX_INTERFACE));
            assertEquals(Pcap.DLT_EN10MB, Pcap.datalink(pcap));
            Pcap.setFilter(pcap, "ether proto " + ETHERTYPE_EXPERIMENTAL, Pcap.PCAP_NETMASK_UNKNOWN);
            return pcap;
        }
        catch (final RuntimeException | Error e)
        {
            Pcap.close(pcap);
            throw e;
        }
    }

    /** Sends broadcast frames numbered 0..count-1 on the tx end; returns how many were sent whole. */
    private static int sendFrames(final int count)
    {
        final int ifindex = Libc.ifNameToIndex(TX_INTERFACE);
        final int tx = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined())
        {
            Libc.bind(tx, SockaddrLl.allocateForBind(arena, ETHERTYPE_EXPERIMENTAL, ifindex));
            final MemorySegment frame = arena.allocate(FRAME_LENGTH);
            for (int i = 0; i < 6; i++)
            {
                frame.set(ValueLayout.JAVA_BYTE, i, (byte)0xFF);
                frame.set(ValueLayout.JAVA_BYTE, 6 + i, (byte)(0x02 + i));
            }
            frame.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 12, (short)ETHERTYPE_EXPERIMENTAL);
            MemorySegment.copy(MARKER, 0, frame, ValueLayout.JAVA_BYTE, 14, MARKER.length);
            int sent = 0;
            for (int sequence = 0; sequence < count; sequence++)
            {
                frame.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), SEQUENCE_OFFSET, sequence);
                if (FRAME_LENGTH == Libc.sendto(tx, frame, 0, MemorySegment.NULL))
                {
                    sent++;
                }
            }
            return sent;
        }
        finally
        {
            Libc.close(tx);
        }
    }

    /** Counts our numbered frames; anything else is counted as foreign. */
    private static final class SequenceRecorder implements PcapHandler
    {
        final boolean[] seen;
        int frames;
        int foreign;
        int duplicates;
        int wrongLength;

        SequenceRecorder(final int expected)
        {
            seen = new boolean[expected];
        }

        @Override
        public void onPacket(final MemorySegment memory, final long header, final long data)
        {
            final int caplen = PcapPkthdr.caplen(memory, header);
            if (caplen != FRAME_LENGTH || PcapPkthdr.len(memory, header) != FRAME_LENGTH)
            {
                wrongLength++;
            }
            if (caplen < SEQUENCE_OFFSET + 4 ||
                -1 != MemorySegment.mismatch(memory, data + 14, data + 14 + MARKER.length,
                    MARKER_SEGMENT, 0, MARKER.length))
            {
                foreign++;
                return;
            }
            final int sequence = memory.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), data + SEQUENCE_OFFSET);
            if (sequence < 0 || sequence >= seen.length)
            {
                foreign++;
            }
            else if (seen[sequence])
            {
                duplicates++;
            }
            else
            {
                seen[sequence] = true;
                frames++;
            }
        }
    }

    /** Runs {@code work} on a fresh thread that joined {@code namespace} with setns(2), and returns its result. */
    private static <T> T inNamespace(final String namespace, final Callable<T> work) throws InterruptedException
    {
        final AtomicReference<T> result = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = new Thread(() ->
        {
            try
            {
                final int namespaceFd = Libc.open("/var/run/netns/" + namespace, Libc.O_RDONLY | Libc.O_CLOEXEC);
                try
                {
                    Libc.setns(namespaceFd, Libc.CLONE_NEWNET);
                }
                finally
                {
                    Libc.close(namespaceFd);
                }
                result.set(work.call());
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        }, "in-" + namespace);
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(thread.isAlive(), "work in " + namespace + " did not finish");
        if (null != failure.get())
        {
            throw new AssertionError("in " + namespace, failure.get());
        }
        return result.get();
    }

    private static void configure(final String namespace, final String device, final String address) throws Exception
    {
        // No IPv6 on the test link: no DAD, router solicitations or MLD reports to wobble the counts.
        assertEquals(0, run("ip", "netns", "exec", namespace, "sysctl", "-q", "-w", "net.ipv6.conf." + device + ".disable_ipv6=1"));
        assertEquals(0, run("ip", "-n", namespace, "addr", "add", address, "dev", device));
        assertEquals(0, run("ip", "-n", namespace, "link", "set", device, "up"));
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
