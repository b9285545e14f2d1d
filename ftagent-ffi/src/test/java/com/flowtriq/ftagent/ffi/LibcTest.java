package com.flowtriq.ftagent.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LibcTest
{
    private static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void shouldOpenAfPacketSocketAndSwitchItToTpacketV3()
    {
        assumeTrue(isRoot(), "needs root: AF_PACKET sockets need CAP_NET_RAW");

        final int fd = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.htons(Libc.ETH_P_ALL));
        try
        {
            assertTrue(fd >= 0);
            Libc.setsockoptInt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, Libc.TPACKET_V3);
            assertEquals(Libc.TPACKET_V3, Libc.getsockoptInt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION));
        }
        finally
        {
            Libc.close(fd);
        }
    }

    @Test
    void shouldNameCallErrnoAndTextWhenInterfaceDoesNotExist()
    {
        final NativeCallException e = assertThrows(
            NativeCallException.class, () -> Libc.ifNameToIndex("fta-nosuch0"));

        assertEquals(Errno.ENODEV, e.errno());
        assertEquals("ENODEV", e.errnoName());
        assertTrue(e.getMessage().contains("if_nametoindex(\"fta-nosuch0\")"), e.getMessage());
        assertTrue(e.getMessage().contains("ENODEV (errno 19, No such device)"), e.getMessage());
    }

    @Test
    void shouldReportEbadfWhenBindingAClosedDescriptor()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment address = SockaddrLl.allocateForBind(arena, Libc.ETH_P_ALL, 1);

            final NativeCallException e = assertThrows(NativeCallException.class, () -> Libc.bind(-1, address));

            assertEquals(Errno.EBADF, e.errno());
            assertTrue(e.getMessage().startsWith("bind(fd -1) failed: EBADF (errno 9, Bad file descriptor)"),
                e.getMessage());
        }
    }

    @Test
    void shouldNameSocketOptionInSetsockoptFailure()
    {
        final NativeCallException e = assertThrows(
            NativeCallException.class,
            () -> Libc.setsockoptInt(-1, Libc.SOL_PACKET, Libc.PACKET_FANOUT, 7));

        assertEquals(Errno.EBADF, e.errno());
        assertTrue(e.getMessage().contains("setsockopt(fd -1, SOL_PACKET PACKET_FANOUT, 7)"), e.getMessage());
    }

    @Test
    void shouldReturnMinusOneAndCaptureErrnoFromRawPollWithoutThrowing()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = Libc.allocateCallState(arena);
            // An invalid pointer with a non-zero count makes poll fail with EFAULT before it sleeps.
            final int result = Libc.pollRaw(callState, MemorySegment.ofAddress(8), 1, 0);

            assertEquals(-1, result);
            assertEquals(Errno.EFAULT, Libc.errno(callState));
        }
    }

    @Test
    void shouldReportNegativeFdAsNvalFromPoll()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment fds = Pollfd.allocateArray(arena, 1);
            Pollfd.fd(fds, 0, 1_000_000);
            Pollfd.events(fds, 0, Libc.POLLIN);

            assertEquals(1, Libc.poll(fds, 1, 0));
            assertEquals(Libc.POLLNVAL, Pollfd.revents(fds, 0));
        }
    }

    @Test
    void shouldMapAndUnmapAnonymousMemory()
    {
        final MemorySegment mapping = Libc.mmap(
            1 << 16, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1, 0);
        try
        {
            assertEquals(1 << 16, mapping.byteSize());
            TpacketBlockDesc.block_status_release(mapping, 4096, Libc.TP_STATUS_USER);
            assertEquals(Libc.TP_STATUS_USER, TpacketBlockDesc.block_status_acquire(mapping, 4096));
            assertEquals(Libc.TP_STATUS_USER, mapping.get(java.lang.foreign.ValueLayout.JAVA_INT, 4096 + 8));
        }
        finally
        {
            Libc.munmap(mapping);
        }
    }

    @Test
    void shouldReportEinvalFromMmapOfZeroLength()
    {
        final NativeCallException e = assertThrows(
            NativeCallException.class,
            () -> Libc.mmap(0, Libc.PROT_READ, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1, 0));

        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("mmap(length 0, fd -1) failed: EINVAL"), e.getMessage());
    }

    @Test
    void shouldConvertPortToNetworkOrder()
    {
        final int net = Libc.htons(Libc.ETH_P_IP);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment s = arena.allocate(2);
            s.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short)net);
            assertEquals(0x08, Byte.toUnsignedInt(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)));
            assertEquals(0x00, Byte.toUnsignedInt(s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 1)));
        }
        assertEquals(Libc.ETH_P_IP, Libc.ntohs(net));
    }

    @Test
    void shouldPackFanoutGroupIdInLowHalfAndModeWithFlagsInHighHalf()
    {
        final int arg = Libc.packetFanoutArg(0x1234, Libc.PACKET_FANOUT_HASH, Libc.PACKET_FANOUT_FLAG_DEFRAG);

        assertEquals(0x8000_1234, arg);
        assertEquals(0x0001_0007, Libc.packetFanoutArg(7, Libc.PACKET_FANOUT_LB, 0));
    }

    @Test
    void shouldNameKnownErrnoValuesAndNumberUnknownOnes()
    {
        assertEquals("EPERM", Errno.name(1));
        assertEquals("EAGAIN", Errno.name(11));
        assertEquals("errno 4095", Errno.name(4095));
        assertEquals("Operation not permitted", Libc.strerror(Errno.EPERM));
    }
}
