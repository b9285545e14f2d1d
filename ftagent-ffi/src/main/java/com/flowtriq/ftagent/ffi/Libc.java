package com.flowtriq.ftagent.ffi;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcalls into the C library for AF_PACKET sockets, ring mapping, polling and network namespaces, with the
 * Linux uapi constants they take. Values match the x86_64 and aarch64 headers; {@code OffsetsTest} proves every
 * constant against {@code native-headers/offsets.c}.
 *
 * <p>Each function lives in a lazy holder with its descriptor and handle (jextract's shape), is linked with
 * {@code captureCallState("errno")} where errno matters, and is called with {@code invokeExact} only. Each comes
 * in two forms:
 * <ul>
 *     <li>{@code xxxRaw(callState, ...)} returns the C return value unchanged and never throws for a C failure.
 *     The caller passes a call-state segment it allocated once with {@link #allocateCallState(Arena)} and reads
 *     errno from it with {@link #errno(MemorySegment)}. This is the form for hot paths (the capture loop's
 *     {@code poll}): nothing is allocated per call.</li>
 *     <li>{@code xxx(...)} checks the return value and throws {@link NativeCallException} naming the call, errno
 *     and its text. It uses a call-state segment reused per thread, so it does not allocate either, except where
 *     it must convert a Java string or allocate an out-parameter (documented per method, cold paths only).</li>
 * </ul>
 *
 * <p>Threading: all methods are safe from any thread; errno is captured per call into the caller's segment, so
 * threads never see each other's errno.
 */
public final class Libc
{
    // --- address families, socket types, protocols (sys/socket.h, linux/if_ether.h) ---
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_PACKET = 17;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    /** Every protocol, host byte order; pass {@code htons(ETH_P_ALL)} to socket and sockaddr_ll. */
    public static final int ETH_P_ALL = 0x0003;
    public static final int ETH_P_IP = 0x0800;
    public static final int ETH_P_ARP = 0x0806;
    public static final int ETH_P_8021Q = 0x8100;
    public static final int ETH_P_IPV6 = 0x86DD;
    public static final int ETH_P_8021AD = 0x88A8;

    // --- socket options ---
    public static final int SOL_SOCKET = 1;
    public static final int SOL_PACKET = 263;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int MSG_DONTWAIT = 0x40;

    // --- linux/if_packet.h: SOL_PACKET options ---
    public static final int PACKET_ADD_MEMBERSHIP = 1;
    public static final int PACKET_DROP_MEMBERSHIP = 2;
    public static final int PACKET_RX_RING = 5;
    public static final int PACKET_STATISTICS = 6;
    public static final int PACKET_VERSION = 10;
    public static final int PACKET_RESERVE = 12;
    public static final int PACKET_TX_RING = 13;
    public static final int PACKET_LOSS = 14;
    public static final int PACKET_TIMESTAMP = 17;
    public static final int PACKET_FANOUT = 18;
    public static final int PACKET_QDISC_BYPASS = 20;
    public static final int PACKET_IGNORE_OUTGOING = 23;

    /** enum tpacket_versions. */
    public static final int TPACKET_V1 = 0;
    public static final int TPACKET_V2 = 1;
    public static final int TPACKET_V3 = 2;

    // --- fanout modes (low 16 bits of the PACKET_FANOUT argument's high half) and flags ---
    public static final int PACKET_FANOUT_HASH = 0;
    public static final int PACKET_FANOUT_LB = 1;
    public static final int PACKET_FANOUT_CPU = 2;
    public static final int PACKET_FANOUT_ROLLOVER = 3;
    public static final int PACKET_FANOUT_RND = 4;
    public static final int PACKET_FANOUT_QM = 5;
    public static final int PACKET_FANOUT_CBPF = 6;
    public static final int PACKET_FANOUT_EBPF = 7;
    public static final int PACKET_FANOUT_FLAG_ROLLOVER = 0x1000;
    public static final int PACKET_FANOUT_FLAG_UNIQUEID = 0x2000;
    public static final int PACKET_FANOUT_FLAG_DEFRAG = 0x8000;

    // --- packet_mreq types ---
    public static final int PACKET_MR_MULTICAST = 0;
    public static final int PACKET_MR_PROMISC = 1;
    public static final int PACKET_MR_ALLMULTI = 2;

    // <linux/if_arp.h>: the device's hardware type, as getsockname(2) reports it for a bound AF_PACKET socket in
    // sll_hatype. It says whether a SOCK_RAW frame starts with an Ethernet header or directly with IP.

    /** Ethernet (veth, physical NICs, bridges, bonds). */
    public static final int ARPHRD_ETHER = 1;
    /** IPIP tunnel: no link header. */
    public static final int ARPHRD_TUNNEL = 768;
    /** IP6IP6 tunnel: no link header. */
    public static final int ARPHRD_TUNNEL6 = 769;
    /** SIT (IPv6-in-IPv4) tunnel: no link header. */
    public static final int ARPHRD_SIT = 776;
    /** GRE over IPv4 (layer 3): no link header. */
    public static final int ARPHRD_IPGRE = 778;
    /** GRE over IPv6 (layer 3): no link header. */
    public static final int ARPHRD_IP6GRE = 823;
    /** Loopback: an Ethernet header with zero addresses. */
    public static final int ARPHRD_LOOPBACK = 772;
    /** Raw IP devices (some cellular modems): no link header. */
    public static final int ARPHRD_RAWIP = 519;
    /** No hardware header at all: tun devices, WireGuard. */
    public static final int ARPHRD_NONE = 0xFFFE;

    // --- sockaddr_ll packet types ---
    public static final int PACKET_HOST = 0;
    public static final int PACKET_BROADCAST = 1;
    public static final int PACKET_MULTICAST = 2;
    public static final int PACKET_OTHERHOST = 3;
    public static final int PACKET_OUTGOING = 4;

    // --- frame and block status bits (RX ring) ---
    public static final int TP_STATUS_KERNEL = 0;
    public static final int TP_STATUS_USER = 1;
    public static final int TP_STATUS_COPY = 1 << 1;
    public static final int TP_STATUS_LOSING = 1 << 2;
    public static final int TP_STATUS_CSUMNOTREADY = 1 << 3;
    public static final int TP_STATUS_VLAN_VALID = 1 << 4;
    public static final int TP_STATUS_BLK_TMO = 1 << 5;
    public static final int TP_STATUS_VLAN_TPID_VALID = 1 << 6;
    public static final int TP_STATUS_CSUM_VALID = 1 << 7;
    // --- frame status bits (TX ring) ---
    public static final int TP_STATUS_AVAILABLE = 0;
    public static final int TP_STATUS_SEND_REQUEST = 1;
    public static final int TP_STATUS_SENDING = 1 << 1;
    public static final int TP_STATUS_WRONG_FORMAT = 1 << 2;
    // --- timestamp source bits ---
    public static final int TP_STATUS_TS_SOFTWARE = 1 << 29;
    public static final int TP_STATUS_TS_RAW_HARDWARE = 1 << 31;
    /** tpacket_req3.tp_feature_req_word: ask the kernel to fill tp_rxhash. */
    public static final int TP_FT_REQ_FILL_RXHASH = 0x1;
    public static final int TPACKET_ALIGNMENT = 16;

    // --- sys/mman.h ---
    public static final int PROT_NONE = 0;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_LOCKED = 0x2000;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MAP_POPULATE = 0x8000;
    /** The address mmap returns on failure: {@code (void *) -1}. */
    public static final long MAP_FAILED = -1L;

    // --- poll.h ---
    public static final short POLLIN = 0x001;
    public static final short POLLPRI = 0x002;
    public static final short POLLOUT = 0x004;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;

    // --- sched.h, fcntl.h, net/if.h ---
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int IFNAMSIZ = 16;

    /** Layout of the call state the linker captures errno into. */
    public static final StructLayout CALL_STATE_LAYOUT = Linker.Option.captureStateLayout();

    private static final VarHandle ERRNO_HANDLE =
        CALL_STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final AddressLayout C_POINTER = ValueLayout.ADDRESS;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final ThreadLocal<MemorySegment> THREAD_CALL_STATE =
        ThreadLocal.withInitial(Libc::newAutoCallState);

    private Libc()
    {
    }

    // =================================================================================================
    // errno capture
    // =================================================================================================

    /**
     * Allocates a call-state segment for the {@code *Raw} calls. Allocate once per thread and reuse it.
     *
     * @param arena that owns the segment.
     * @return a segment of {@link #CALL_STATE_LAYOUT}.
     */
    public static MemorySegment allocateCallState(final Arena arena)
    {
        return arena.allocate(CALL_STATE_LAYOUT);
    }

    /**
     * The calling thread's reusable call-state segment, as used by the checked wrappers. Valid only on the
     * calling thread's own calls; read errno from it right after the call.
     *
     * @return the calling thread's call-state segment.
     */
    public static MemorySegment threadCallState()
    {
        return THREAD_CALL_STATE.get();
    }

    /**
     * The errno that the last call through {@code callState} left.
     *
     * @param callState a segment of {@link #CALL_STATE_LAYOUT}.
     * @return the captured errno.
     */
    public static int errno(final MemorySegment callState)
    {
        return (int)ERRNO_HANDLE.get(callState, 0L);
    }

    /**
     * Converts a 16-bit value from host to network byte order, for {@code socket()}'s protocol argument and
     * {@code sll_protocol}.
     *
     * @param hostShort the value in host order, 0..65535.
     * @return the value in network order, 0..65535.
     */
    public static int htons(final int hostShort)
    {
        return LITTLE_ENDIAN ? Short.toUnsignedInt(Short.reverseBytes((short)hostShort)) : hostShort & 0xFFFF;
    }

    /**
     * Converts a 16-bit value from network to host byte order.
     *
     * @param netShort the value in network order, 0..65535.
     * @return the value in host order, 0..65535.
     */
    public static int ntohs(final int netShort)
    {
        return htons(netShort);
    }

    /**
     * The {@code PACKET_FANOUT} option value: group id in the low 16 bits, mode and flags in the high 16.
     *
     * @param groupId the fanout group id, 0..65535, shared by the sockets of one group.
     * @param mode    one of the {@code PACKET_FANOUT_*} modes.
     * @param flags   {@code PACKET_FANOUT_FLAG_*} bits, or 0.
     * @return the int to pass to setsockopt.
     */
    public static int packetFanoutArg(final int groupId, final int mode, final int flags)
    {
        return (groupId & 0xFFFF) | ((mode | flags) << 16);
    }

    // =================================================================================================
    // socket, bind, getsockname, setsockopt, getsockopt, close
    // =================================================================================================

    /**
     * {@code int socket(int domain, int type, int protocol);}
     *
     * @return the file descriptor.
     * @throws NativeCallException on failure; EPERM/EACCES for AF_PACKET carry a CAP_NET_RAW hint.
     */
    public static int socket(final int domain, final int type, final int protocol)
    {
        final MemorySegment state = threadCallState();
        final int fd = socketRaw(state, domain, type, protocol);
        if (fd < 0)
        {
            final int errno = errno(state);
            final String call = "socket(" + familyName(domain) + ", " + socketTypeName(type) + ", protocol 0x" +
                Integer.toHexString(protocol) + ")";
            final String hint = AF_PACKET == domain && (Errno.EPERM == errno || Errno.EACCES == errno) ?
                "AF_PACKET sockets need root or CAP_NET_RAW" : null;
            throw new NativeCallException(call, errno, hint);
        }
        return fd;
    }

    /**
     * {@code int socket(int domain, int type, int protocol);} without checking.
     *
     * @return the file descriptor, or -1 with errno in {@code callState}.
     */
    public static int socketRaw(final MemorySegment callState, final int domain, final int type, final int protocol)
    {
        try
        {
            return (int)Socket.HANDLE.invokeExact(callState, domain, type, protocol);
        }
        catch (final Throwable t)
        {
            throw unexpected("socket", t);
        }
    }

    /**
     * {@code int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);} with
     * {@code addrlen = addr.byteSize()}.
     *
     * @throws NativeCallException on failure.
     */
    public static void bind(final int fd, final MemorySegment addr)
    {
        final MemorySegment state = threadCallState();
        if (bindRaw(state, fd, addr, (int)addr.byteSize()) < 0)
        {
            throw new NativeCallException("bind(fd " + fd + ")", errno(state));
        }
    }

    /**
     * {@code int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);} without checking.
     *
     * @return 0, or -1 with errno in {@code callState}.
     */
    public static int bindRaw(final MemorySegment callState, final int fd, final MemorySegment addr, final int addrLen)
    {
        try
        {
            return (int)Bind.HANDLE.invokeExact(callState, fd, addr, addrLen);
        }
        catch (final Throwable t)
        {
            throw unexpected("bind", t);
        }
    }

    /**
     * {@code int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);} with
     * {@code *addrlen = addr.byteSize()} on entry. For a bound AF_PACKET socket the kernel fills a
     * {@code sockaddr_ll} whose {@code sll_hatype} is the interface's hardware type. Cold path.
     *
     * @return the length the kernel wrote.
     * @throws NativeCallException on failure.
     */
    public static int getsockname(final int fd, final MemorySegment addr)
    {
        final MemorySegment state = threadCallState();
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment length = arena.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, (int)addr.byteSize());
            if (getsocknameRaw(state, fd, addr, length) < 0)
            {
                throw new NativeCallException("getsockname(fd " + fd + ")", errno(state));
            }
            return length.get(JAVA_INT, 0);
        }
    }

    /**
     * {@code int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);} without checking.
     *
     * @return 0, or -1 with errno in {@code callState}.
     */
    public static int getsocknameRaw(
        final MemorySegment callState, final int fd, final MemorySegment addr, final MemorySegment addrLength)
    {
        try
        {
            return (int)Getsockname.HANDLE.invokeExact(callState, fd, addr, addrLength);
        }
        catch (final Throwable t)
        {
            throw unexpected("getsockname", t);
        }
    }

    /**
     * {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);} with
     * {@code optlen = value.byteSize()}.
     *
     * @throws NativeCallException on failure, naming the level and option.
     */
    public static void setsockopt(final int fd, final int level, final int option, final MemorySegment value)
    {
        final MemorySegment state = threadCallState();
        if (setsockoptRaw(state, fd, level, option, value, (int)value.byteSize()) < 0)
        {
            throw new NativeCallException("setsockopt(fd " + fd + ", " + optionName(level, option) + ")", errno(state));
        }
    }

    /**
     * Sets an {@code int} socket option. Allocates a confined arena per call: cold path only.
     *
     * @throws NativeCallException on failure, naming the level, option and value.
     */
    public static void setsockoptInt(final int fd, final int level, final int option, final int value)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment valueSegment = arena.allocateFrom(JAVA_INT, value);
            final MemorySegment state = threadCallState();
            if (setsockoptRaw(state, fd, level, option, valueSegment, Integer.BYTES) < 0)
            {
                throw new NativeCallException(
                    "setsockopt(fd " + fd + ", " + optionName(level, option) + ", " + value + ")", errno(state));
            }
        }
    }

    /**
     * {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);} without
     * checking.
     *
     * @return 0, or -1 with errno in {@code callState}.
     */
    public static int setsockoptRaw(
        final MemorySegment callState,
        final int fd,
        final int level,
        final int option,
        final MemorySegment value,
        final int valueLength)
    {
        try
        {
            return (int)Setsockopt.HANDLE.invokeExact(callState, fd, level, option, value, valueLength);
        }
        catch (final Throwable t)
        {
            throw unexpected("setsockopt", t);
        }
    }

    /**
     * {@code int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);} reading into
     * {@code value} (whole segment offered). Allocates the length out-parameter in a confined arena per call:
     * cold path only (for example {@code PACKET_STATISTICS} once per second).
     *
     * @return the number of bytes the kernel wrote.
     * @throws NativeCallException on failure, naming the level and option.
     */
    public static int getsockopt(final int fd, final int level, final int option, final MemorySegment value)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment length = arena.allocateFrom(JAVA_INT, (int)value.byteSize());
            final MemorySegment state = threadCallState();
            if (getsockoptRaw(state, fd, level, option, value, length) < 0)
            {
                throw new NativeCallException("getsockopt(fd " + fd + ", " + optionName(level, option) + ")", errno(state));
            }
            return length.get(JAVA_INT, 0);
        }
    }

    /**
     * Reads an {@code int} socket option. Allocates per call: cold path only.
     *
     * @throws NativeCallException on failure.
     */
    public static int getsockoptInt(final int fd, final int level, final int option)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment value = arena.allocate(JAVA_INT);
            getsockopt(fd, level, option, value);
            return value.get(JAVA_INT, 0);
        }
    }

    /**
     * {@code int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);} without
     * checking. {@code valueLength} is a {@code socklen_t} in/out parameter the caller allocated once.
     *
     * @return 0, or -1 with errno in {@code callState}.
     */
    public static int getsockoptRaw(
        final MemorySegment callState,
        final int fd,
        final int level,
        final int option,
        final MemorySegment value,
        final MemorySegment valueLength)
    {
        try
        {
            return (int)Getsockopt.HANDLE.invokeExact(callState, fd, level, option, value, valueLength);
        }
        catch (final Throwable t)
        {
            throw unexpected("getsockopt", t);
        }
    }

    /**
     * {@code int close(int fd);} An EINTR is not an error: on Linux the descriptor is released anyway and must
     * not be closed again.
     *
     * @throws NativeCallException on any other failure (EBADF means a double close: a bug).
     */
    public static void close(final int fd)
    {
        final MemorySegment state = threadCallState();
        if (closeRaw(state, fd) < 0)
        {
            final int errno = errno(state);
            if (Errno.EINTR != errno)
            {
                throw new NativeCallException("close(fd " + fd + ")", errno);
            }
        }
    }

    /**
     * {@code int close(int fd);} without checking.
     *
     * @return 0, or -1 with errno in {@code callState}.
     */
    public static int closeRaw(final MemorySegment callState, final int fd)
    {
        try
        {
            return (int)Close.HANDLE.invokeExact(callState, fd);
        }
        catch (final Throwable t)
        {
            throw unexpected("close", t);
        }
    }

    // =================================================================================================
    // mmap, munmap
    // =================================================================================================

    /**
     * {@code void *mmap(NULL, size_t length, int prot, int flags, int fd, off_t offset);} The returned segment
     * has {@code length} bytes and the global scope: the caller owns it and must {@link #munmap(MemorySegment)}
     * it once, after the last access (typically when the socket closes).
     *
     * @return the mapping.
     * @throws NativeCallException on failure (ENOMEM with MAP_LOCKED usually means RLIMIT_MEMLOCK).
     */
    @SuppressWarnings("restricted") // sizing the mapping the kernel just returned
    public static MemorySegment mmap(final long length, final int prot, final int flags, final int fd, final long offset)
    {
        final MemorySegment state = threadCallState();
        final MemorySegment address = mmapRaw(state, MemorySegment.NULL, length, prot, flags, fd, offset);
        if (MAP_FAILED == address.address())
        {
            final int errno = errno(state);
            final String hint = Errno.ENOMEM == errno && 0 != (flags & MAP_LOCKED) ?
                "MAP_LOCKED needs RLIMIT_MEMLOCK >= the mapping size (or CAP_IPC_LOCK)" : null;
            throw new NativeCallException("mmap(length " + length + ", fd " + fd + ")", errno, hint);
        }
        return address.reinterpret(length);
    }

    /**
     * {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);} without
     * checking.
     *
     * @return the zero-length address of the mapping, or an address equal to {@link #MAP_FAILED} with errno in
     * {@code callState}.
     */
    public static MemorySegment mmapRaw(
        final MemorySegment callState,
        final MemorySegment address,
        final long length,
        final int prot,
        final int flags,
        final int fd,
        final long offset)
    {
        try
        {
            return (MemorySegment)Mmap.HANDLE.invokeExact(callState, address, length, prot, flags, fd, offset);
        }
        catch (final Throwable t)
        {
            throw unexpected("mmap", t);
        }
    }

    /**
     * {@code int munmap(void *addr, size_t length);} for a whole mapping from {@link #mmap}.
     *
     * @throws NativeCallException on failure.
     */
    public static void munmap(final MemorySegment mapping)
    {
        final MemorySegment state = threadCallState();
        if (munmapRaw(state, mapping, mapping.byteSize()) < 0)
        {
            throw new NativeCallException("munmap(length " + mapping.byteSize() + ")", errno(state));
        }
    }

    /**
     * {@code int munmap(void *addr, size_t length);} without checking.
     *
     * @return 0, or -1 with errno in {@code callState}.
     */
    public static int munmapRaw(final MemorySegment callState, final MemorySegment address, final long length)
    {
        try
        {
            return (int)Munmap.HANDLE.invokeExact(callState, address, length);
        }
        catch (final Throwable t)
        {
            throw unexpected("munmap", t);
        }
    }

    // =================================================================================================
    // poll
    // =================================================================================================

    /**
     * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout);} An EINTR returns 0, as if the timeout had
     * expired, so a caller's loop simply checks its stop flag and polls again.
     *
     * @param fds            {@code nfds} consecutive {@link Pollfd} structs.
     * @param timeoutMillis  the timeout, -1 for none.
     * @return the number of ready descriptors, 0 on timeout or EINTR.
     * @throws NativeCallException on any other failure.
     */
    public static int poll(final MemorySegment fds, final long nfds, final int timeoutMillis)
    {
        final MemorySegment state = threadCallState();
        final int result = pollRaw(state, fds, nfds, timeoutMillis);
        if (result < 0)
        {
            final int errno = errno(state);
            if (Errno.EINTR == errno)
            {
                return 0;
            }
            throw new NativeCallException("poll(nfds " + nfds + ")", errno);
        }
        return result;
    }

    /**
     * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout);} without checking: the hot-path form.
     * Allocates nothing.
     *
     * @return the number of ready descriptors, 0 on timeout, or -1 with errno in {@code callState}.
     */
    public static int pollRaw(final MemorySegment callState, final MemorySegment fds, final long nfds, final int timeoutMillis)
    {
        try
        {
            return (int)Poll.HANDLE.invokeExact(callState, fds, nfds, timeoutMillis);
        }
        catch (final Throwable t)
        {
            throw unexpected("poll", t);
        }
    }

    // =================================================================================================
    // sendto, sendmmsg
    // =================================================================================================

    /**
     * {@code ssize_t sendto(int sockfd, const void *buf, size_t len, int flags, const struct sockaddr *dest_addr,
     * socklen_t addrlen);} sending the whole of {@code buffer}. Pass {@link MemorySegment#NULL} as
     * {@code destination} for a connected or bound socket.
     *
     * @return the number of bytes sent.
     * @throws NativeCallException on failure.
     */
    public static long sendto(final int fd, final MemorySegment buffer, final int flags, final MemorySegment destination)
    {
        final MemorySegment state = threadCallState();
        final long sent = sendtoRaw(state, fd, buffer, buffer.byteSize(), flags, destination, (int)destination.byteSize());
        if (sent < 0)
        {
            throw new NativeCallException("sendto(fd " + fd + ", length " + buffer.byteSize() + ")", errno(state));
        }
        return sent;
    }

    /**
     * {@code ssize_t sendto(...)} without checking.
     *
     * @return the number of bytes sent, or -1 with errno in {@code callState}.
     */
    public static long sendtoRaw(
        final MemorySegment callState,
        final int fd,
        final MemorySegment buffer,
        final long length,
        final int flags,
        final MemorySegment destination,
        final int destinationLength)
    {
        try
        {
            return (long)Sendto.HANDLE.invokeExact(callState, fd, buffer, length, flags, destination, destinationLength);
        }
        catch (final Throwable t)
        {
            throw unexpected("sendto", t);
        }
    }

    /**
     * {@code int sendmmsg(int sockfd, struct mmsghdr *msgvec, unsigned int vlen, int flags);}
     *
     * @return the number of messages sent (each {@code msg_len} updated).
     * @throws NativeCallException on failure.
     */
    public static int sendmmsg(final int fd, final MemorySegment messages, final int count, final int flags)
    {
        final MemorySegment state = threadCallState();
        final int sent = sendmmsgRaw(state, fd, messages, count, flags);
        if (sent < 0)
        {
            throw new NativeCallException("sendmmsg(fd " + fd + ", vlen " + count + ")", errno(state));
        }
        return sent;
    }

    /**
     * {@code int sendmmsg(...)} without checking.
     *
     * @return the number of messages sent, or -1 with errno in {@code callState}.
     */
    public static int sendmmsgRaw(
        final MemorySegment callState, final int fd, final MemorySegment messages, final int count, final int flags)
    {
        try
        {
            return (int)Sendmmsg.HANDLE.invokeExact(callState, fd, messages, count, flags);
        }
        catch (final Throwable t)
        {
            throw unexpected("sendmmsg", t);
        }
    }

    // =================================================================================================
    // if_nametoindex, open, setns, strerror
    // =================================================================================================

    /**
     * {@code unsigned int if_nametoindex(const char *ifname);} Converts the name in a confined arena: cold path.
     *
     * @return the interface index, always positive.
     * @throws NativeCallException when there is no such interface (ENODEV) or the name is too long.
     */
    public static int ifNameToIndex(final String interfaceName)
    {
        if (interfaceName.isEmpty() || interfaceName.length() >= IFNAMSIZ)
        {
            throw new NativeCallException(
                "if_nametoindex(\"" + interfaceName + "\")", Errno.EINVAL, "interface names have 1 to 15 characters");
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = threadCallState();
            final int index = ifNameToIndexRaw(state, arena.allocateFrom(interfaceName));
            if (0 == index)
            {
                throw new NativeCallException("if_nametoindex(\"" + interfaceName + "\")", errno(state));
            }
            return index;
        }
    }

    /**
     * {@code unsigned int if_nametoindex(const char *ifname);} without checking.
     *
     * @return the index, or 0 with errno in {@code callState}.
     */
    public static int ifNameToIndexRaw(final MemorySegment callState, final MemorySegment interfaceName)
    {
        try
        {
            return (int)IfNameToIndex.HANDLE.invokeExact(callState, interfaceName);
        }
        catch (final Throwable t)
        {
            throw unexpected("if_nametoindex", t);
        }
    }

    /**
     * {@code int open(const char *pathname, int flags);} for namespace files such as
     * {@code /var/run/netns/NAME} or {@code /proc/self/ns/net}. Cold path.
     *
     * @return the file descriptor.
     * @throws NativeCallException on failure, naming the path.
     */
    public static int open(final String path, final int flags)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = threadCallState();
            final int fd = openRaw(state, arena.allocateFrom(path), flags);
            if (fd < 0)
            {
                throw new NativeCallException("open(\"" + path + "\")", errno(state));
            }
            return fd;
        }
    }

    /**
     * {@code int open(const char *pathname, int flags, ...);} without checking; the variadic mode is passed
     * as 0 (no file is created).
     *
     * @return the file descriptor, or -1 with errno in {@code callState}.
     */
    public static int openRaw(final MemorySegment callState, final MemorySegment path, final int flags)
    {
        try
        {
            return (int)Open.HANDLE.invokeExact(callState, path, flags, 0);
        }
        catch (final Throwable t)
        {
            throw unexpected("open", t);
        }
    }

    /**
     * {@code int setns(int fd, int nstype);} Moves the calling thread into the namespace {@code fd} refers to.
     *
     * @throws NativeCallException on failure (EPERM: needs CAP_SYS_ADMIN).
     */
    public static void setns(final int fd, final int namespaceType)
    {
        final MemorySegment state = threadCallState();
        if (setnsRaw(state, fd, namespaceType) < 0)
        {
            final int errno = errno(state);
            final String hint = Errno.EPERM == errno ? "setns needs CAP_SYS_ADMIN" : null;
            throw new NativeCallException("setns(fd " + fd + ", 0x" + Integer.toHexString(namespaceType) + ")", errno, hint);
        }
    }

    /**
     * {@code int setns(int fd, int nstype);} without checking.
     *
     * @return 0, or -1 with errno in {@code callState}.
     */
    public static int setnsRaw(final MemorySegment callState, final int fd, final int namespaceType)
    {
        try
        {
            return (int)Setns.HANDLE.invokeExact(callState, fd, namespaceType);
        }
        catch (final Throwable t)
        {
            throw unexpected("setns", t);
        }
    }

    /**
     * {@code char *strerror(int errnum);} The C library's text for an errno value. glibc returns a static string
     * for every known value; cold path.
     *
     * @return the text, for example {@code "Operation not permitted"}.
     */
    @SuppressWarnings("restricted") // reading a NUL-terminated C string of unknown length
    public static String strerror(final int errno)
    {
        try
        {
            final MemorySegment text = (MemorySegment)Strerror.HANDLE.invokeExact(errno);
            return MemorySegment.NULL.equals(text) ? "errno " + errno : text.reinterpret(Long.MAX_VALUE).getString(0);
        }
        catch (final Throwable t)
        {
            throw unexpected("strerror", t);
        }
    }

    // =================================================================================================
    // names for messages
    // =================================================================================================

    /**
     * A readable name for a socket option, for error messages, for example {@code "SOL_PACKET PACKET_RX_RING"}.
     *
     * @return the name, or the numbers when unknown.
     */
    public static String optionName(final int level, final int option)
    {
        if (SOL_PACKET == level)
        {
            final String name = switch (option)
            {
                case PACKET_ADD_MEMBERSHIP -> "PACKET_ADD_MEMBERSHIP";
                case PACKET_DROP_MEMBERSHIP -> "PACKET_DROP_MEMBERSHIP";
                case PACKET_RX_RING -> "PACKET_RX_RING";
                case PACKET_STATISTICS -> "PACKET_STATISTICS";
                case PACKET_VERSION -> "PACKET_VERSION";
                case PACKET_RESERVE -> "PACKET_RESERVE";
                case PACKET_TX_RING -> "PACKET_TX_RING";
                case PACKET_LOSS -> "PACKET_LOSS";
                case PACKET_TIMESTAMP -> "PACKET_TIMESTAMP";
                case PACKET_FANOUT -> "PACKET_FANOUT";
                case PACKET_QDISC_BYPASS -> "PACKET_QDISC_BYPASS";
                case PACKET_IGNORE_OUTGOING -> "PACKET_IGNORE_OUTGOING";
                default -> "option " + option;
            };
            return "SOL_PACKET " + name;
        }
        if (SOL_SOCKET == level)
        {
            final String name = switch (option)
            {
                case SO_SNDBUF -> "SO_SNDBUF";
                case SO_RCVBUF -> "SO_RCVBUF";
                case SO_SNDBUFFORCE -> "SO_SNDBUFFORCE";
                case SO_RCVBUFFORCE -> "SO_RCVBUFFORCE";
                default -> "option " + option;
            };
            return "SOL_SOCKET " + name;
        }
        return "level " + level + " option " + option;
    }

    private static String familyName(final int family)
    {
        return switch (family)
        {
            case AF_PACKET -> "AF_PACKET";
            case AF_INET -> "AF_INET";
            case AF_INET6 -> "AF_INET6";
            default -> "family " + family;
        };
    }

    private static String socketTypeName(final int type)
    {
        final int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
        return switch (base)
        {
            case SOCK_RAW -> "SOCK_RAW";
            case SOCK_DGRAM -> "SOCK_DGRAM";
            case SOCK_STREAM -> "SOCK_STREAM";
            default -> "type " + base;
        };
    }

    private static MemorySegment newAutoCallState()
    {
        // One small segment per thread for the life of the thread; the GC frees it after the thread is gone.
        return Arena.ofAuto().allocate(CALL_STATE_LAYOUT);
    }

    static RuntimeException unexpected(final String call, final Throwable t)
    {
        if (t instanceof RuntimeException re)
        {
            return re;
        }
        if (t instanceof Error e)
        {
            throw e;
        }
        return new IllegalStateException("unexpected checked exception from downcall " + call, t);
    }

    @SuppressWarnings("restricted") // the one place that links native functions
    static MethodHandle downcall(final String name, final FunctionDescriptor descriptor, final Linker.Option... options)
    {
        return LINKER.downcallHandle(LOOKUP.findOrThrow(name), descriptor, options);
    }

    // =================================================================================================
    // lazy holders: one per function, linked on first use
    // =================================================================================================

    private static final class Socket
    {
        static final MethodHandle HANDLE = downcall(
            "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    }

    private static final class Bind
    {
        static final MethodHandle HANDLE = downcall(
            "bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, C_POINTER, JAVA_INT), CAPTURE_ERRNO);
    }

    private static final class Getsockname
    {
        static final MethodHandle HANDLE = downcall(
            "getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, C_POINTER, C_POINTER), CAPTURE_ERRNO);
    }

    private static final class Setsockopt
    {
        static final MethodHandle HANDLE = downcall(
            "setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, C_POINTER, JAVA_INT),
            CAPTURE_ERRNO);
    }

    private static final class Getsockopt
    {
        static final MethodHandle HANDLE = downcall(
            "getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, C_POINTER, C_POINTER),
            CAPTURE_ERRNO);
    }

    private static final class Close
    {
        static final MethodHandle HANDLE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    }

    private static final class Mmap
    {
        static final MethodHandle HANDLE = downcall(
            "mmap",
            FunctionDescriptor.of(C_POINTER, C_POINTER, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
            CAPTURE_ERRNO);
    }

    private static final class Munmap
    {
        static final MethodHandle HANDLE = downcall(
            "munmap", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_LONG), CAPTURE_ERRNO);
    }

    private static final class Poll
    {
        static final MethodHandle HANDLE = downcall(
            "poll", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    }

    private static final class Sendto
    {
        static final MethodHandle HANDLE = downcall(
            "sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, C_POINTER, JAVA_LONG, JAVA_INT, C_POINTER, JAVA_INT),
            CAPTURE_ERRNO);
    }

    private static final class Sendmmsg
    {
        static final MethodHandle HANDLE = downcall(
            "sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, C_POINTER, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    }

    private static final class IfNameToIndex
    {
        static final MethodHandle HANDLE = downcall(
            "if_nametoindex", FunctionDescriptor.of(JAVA_INT, C_POINTER), CAPTURE_ERRNO);
    }

    private static final class Open
    {
        // open is variadic: the third (mode) argument is passed through the variadic convention.
        static final MethodHandle HANDLE = downcall(
            "open",
            FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT, JAVA_INT),
            CAPTURE_ERRNO,
            Linker.Option.firstVariadicArg(2));
    }

    private static final class Setns
    {
        static final MethodHandle HANDLE = downcall(
            "setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    }

    private static final class Strerror
    {
        static final MethodHandle HANDLE = downcall("strerror", FunctionDescriptor.of(C_POINTER, JAVA_INT));
    }
}
