package com.flowtriq.ftagent.capture;

import com.flowtriq.ftagent.ffi.Errno;
import com.flowtriq.ftagent.ffi.Libc;
import com.flowtriq.ftagent.ffi.LinkType;
import com.flowtriq.ftagent.ffi.NativeCallException;
import com.flowtriq.ftagent.ffi.PacketMreq;
import com.flowtriq.ftagent.ffi.Pollfd;
import com.flowtriq.ftagent.ffi.SockaddrLl;
import com.flowtriq.ftagent.ffi.Tpacket3Hdr;
import com.flowtriq.ftagent.ffi.TpacketBlockDesc;
import com.flowtriq.ftagent.ffi.TpacketReq3;
import com.flowtriq.ftagent.ffi.TpacketStatsV3;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Captures from one interface through an AF_PACKET socket with a TPACKET_V3 receive ring mapped into user space:
 * the kernel writes frames into ring blocks, this source hands each frame to the {@link FrameHandler} where it
 * lies, and gives the block back.
 *
 * <pre>
 *   kernel                         ring (mmap, shared with the kernel)            capture thread
 *   ------                         -----------------------------------            --------------
 *   fills block i, then          block_status: TP_STATUS_KERNEL -> TP_STATUS_USER
 *   stores TP_STATUS_USER  ----&gt;   (release)                            ----&gt;  acquire-load sees USER,
 *                                                                              walks num_pkts frames via
 *                                                                              tp_next_offset, calls handler
 *                                  block_status: TP_STATUS_USER -> TP_STATUS_KERNEL
 *   may refill block i     &lt;----   (release store, in finally)          &lt;----
 * </pre>
 *
 * <p>Threading: one thread calls {@link #poll(FrameHandler)} and then {@link #close()}. {@link #wakeup()},
 * {@link #statistics(CaptureStatistics)} and {@link #describe()} may be called from any thread. The per-frame
 * path takes no lock and allocates nothing: the poll thread publishes its frame and byte counts once per block
 * with release stores. The kernel's {@code PACKET_STATISTICS} counters are cleared on each read, so reads are
 * serialised by a lock that only cold paths block on: {@link #statistics(CaptureStatistics)}, {@link #close()},
 * and the poll thread at most once per statistics interval with {@code tryLock}, which never waits. The poll
 * thread's periodic read keeps the kernel's 32-bit counters from wrapping when nobody asks.
 *
 * <p>The socket belongs to the network namespace of the thread that opens it; it may then be polled from any
 * thread.
 *
 * <p>{@link #wakeup()} sets a flag the poll thread checks before it blocks, so a wakeup that arrives while the
 * thread is already blocked in poll(2) takes effect within the poll timeout (100 ms by default): the bindings
 * have no eventfd yet to interrupt poll(2) at once.
 */
public final class TpacketV3Source implements PacketSource
{
    /** Default wait in poll(2) when no block is ready. */
    public static final int DEFAULT_POLL_TIMEOUT_MILLIS = 100;
    /** Default interval at which the poll thread folds the kernel counters into the totals. */
    public static final int DEFAULT_STATISTICS_INTERVAL_MILLIS = 1000;

    /** {@code SO_ERROR} from {@code asm-generic/socket.h}: reading it returns and clears the socket error. */
    static final int SO_ERROR = 4;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long TPACKET3_HDR_LENGTH = Tpacket3Hdr.sizeof();
    private static final short POLL_EVENTS = (short)(Libc.POLLIN | Libc.POLLERR);
    private static final VarHandle PACKETS;
    private static final VarHandle BYTES;
    private static final VarHandle MALFORMED_BLOCKS;
    private static final VarHandle SOCKET_ERRORS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PACKETS = lookup.findVarHandle(TpacketV3Source.class, "packets", long.class);
            BYTES = lookup.findVarHandle(TpacketV3Source.class, "bytes", long.class);
            MALFORMED_BLOCKS = lookup.findVarHandle(TpacketV3Source.class, "malformedBlocks", long.class);
            SOCKET_ERRORS = lookup.findVarHandle(TpacketV3Source.class, "socketErrors", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /**
     * What to open. Fluent and mutable; {@link TpacketV3Source#open(Settings)} copies what it needs.
     */
    public static final class Settings
    {
        private String interfaceName;
        private RingGeometry ringGeometry = RingGeometry.DEFAULT;
        private boolean promiscuous;
        private int fanoutGroupId = -1;
        private FanoutMode fanoutMode = FanoutMode.HASH;
        private int fanoutFlags;
        private int pollTimeoutMillis = DEFAULT_POLL_TIMEOUT_MILLIS;
        private int statisticsIntervalMillis = DEFAULT_STATISTICS_INTERVAL_MILLIS;

        /**
         * @param interfaceName the interface to capture from, in the opening thread's network namespace.
         * @return this.
         */
        public Settings interfaceName(final String interfaceName)
        {
            this.interfaceName = interfaceName;
            return this;
        }

        public String interfaceName()
        {
            return interfaceName;
        }

        /**
         * @param ringGeometry the ring shape; default {@link RingGeometry#DEFAULT}.
         * @return this.
         */
        public Settings ringGeometry(final RingGeometry ringGeometry)
        {
            this.ringGeometry = ringGeometry;
            return this;
        }

        public RingGeometry ringGeometry()
        {
            return ringGeometry;
        }

        /**
         * @param promiscuous put the interface in promiscuous mode while the socket is open (the kernel undoes it
         *                    when the socket closes); default false.
         * @return this.
         */
        public Settings promiscuous(final boolean promiscuous)
        {
            this.promiscuous = promiscuous;
            return this;
        }

        public boolean promiscuous()
        {
            return promiscuous;
        }

        /**
         * Joins a {@code PACKET_FANOUT} group: every socket with the same group id on the interface gets a share
         * of the frames, each frame going to one of them. All members must use the same mode and flags.
         *
         * @param groupId the group id, 0..65535.
         * @param mode    how frames are spread, usually {@link FanoutMode#HASH}.
         * @return this.
         */
        public Settings fanout(final int groupId, final FanoutMode mode)
        {
            this.fanoutGroupId = groupId;
            this.fanoutMode = mode;
            return this;
        }

        /**
         * @return the fanout group id, or -1 for no fanout (the default).
         */
        public int fanoutGroupId()
        {
            return fanoutGroupId;
        }

        public FanoutMode fanoutMode()
        {
            return fanoutMode;
        }

        /**
         * @param fanoutFlags {@code PACKET_FANOUT_FLAG_*} bits (for example {@link Libc#PACKET_FANOUT_FLAG_DEFRAG});
         *                    default 0.
         * @return this.
         */
        public Settings fanoutFlags(final int fanoutFlags)
        {
            this.fanoutFlags = fanoutFlags;
            return this;
        }

        public int fanoutFlags()
        {
            return fanoutFlags;
        }

        /**
         * @param pollTimeoutMillis the longest {@link #poll(FrameHandler)} waits when no block is ready, and the
         *                          latency bound of {@link #wakeup()}; default 100.
         * @return this.
         */
        public Settings pollTimeoutMillis(final int pollTimeoutMillis)
        {
            this.pollTimeoutMillis = pollTimeoutMillis;
            return this;
        }

        public int pollTimeoutMillis()
        {
            return pollTimeoutMillis;
        }

        /**
         * @param statisticsIntervalMillis how often the poll thread folds the kernel's clear-on-read counters
         *                                 into the totals; default 1000.
         * @return this.
         */
        public Settings statisticsIntervalMillis(final int statisticsIntervalMillis)
        {
            this.statisticsIntervalMillis = statisticsIntervalMillis;
            return this;
        }

        public int statisticsIntervalMillis()
        {
            return statisticsIntervalMillis;
        }
    }

    // Set at open, read by the poll thread.
    private final String interfaceName;
    private final int linkType;
    private final RingGeometry geometry;
    private final boolean promiscuous;
    private final int fanoutGroupId;
    private final FanoutMode fanoutMode;
    private final int fd;
    private final Arena arena;
    private final MemorySegment ring;
    private final MemorySegment pollFd;
    private final MemorySegment pollCallState;
    private final long blockSize;
    private final int blockCount;
    private final int pollTimeoutMillis;
    private final long statisticsIntervalNanos;

    // Poll thread only.
    private int blockIndex;
    private long nextStatisticsNanos;

    // Written by the poll thread only (release), read by any thread (acquire).
    @SuppressWarnings("unused") // accessed through PACKETS
    private long packets;
    @SuppressWarnings("unused") // accessed through BYTES
    private long bytes;
    @SuppressWarnings("unused") // accessed through MALFORMED_BLOCKS
    private long malformedBlocks;
    @SuppressWarnings("unused") // accessed through SOCKET_ERRORS
    private long socketErrors;

    // Any thread sets, the poll thread clears.
    private volatile boolean wakeupRequested;

    // Guarded by statisticsLock.
    private final ReentrantLock statisticsLock = new ReentrantLock();
    private final MemorySegment kernelStatistics;
    private final MemorySegment kernelStatisticsLength;
    private final MemorySegment statisticsCallState;
    private final MemorySegment socketErrorValue;
    private final MemorySegment socketErrorLength;
    private long kernelPackets;
    private long kernelDrops;
    private long freezeCount;
    private long statisticsErrors;
    private boolean closed;

    private TpacketV3Source(
        final Settings settings,
        final int fd,
        final Arena arena,
        final MemorySegment ring,
        final int linkType)
    {
        this.interfaceName = settings.interfaceName();
        this.linkType = linkType;
        this.geometry = settings.ringGeometry();
        this.promiscuous = settings.promiscuous();
        this.fanoutGroupId = settings.fanoutGroupId();
        this.fanoutMode = settings.fanoutMode();
        this.fd = fd;
        this.arena = arena;
        this.ring = ring;
        this.blockSize = geometry.blockSize();
        this.blockCount = geometry.blockCount();
        this.pollTimeoutMillis = settings.pollTimeoutMillis();
        this.statisticsIntervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.statisticsIntervalMillis());
        this.nextStatisticsNanos = System.nanoTime() + statisticsIntervalNanos;

        this.pollFd = Pollfd.allocateArray(arena, 1);
        Pollfd.fd(pollFd, 0, fd);
        Pollfd.events(pollFd, 0, POLL_EVENTS);
        this.pollCallState = Libc.allocateCallState(arena);
        this.kernelStatistics = TpacketStatsV3.allocate(arena);
        this.kernelStatisticsLength = arena.allocate(JAVA_INT);
        this.statisticsCallState = Libc.allocateCallState(arena);
        this.socketErrorValue = arena.allocate(JAVA_INT);
        this.socketErrorLength = arena.allocate(JAVA_INT);
    }

    /**
     * Opens a capture socket on an interface of the calling thread's network namespace: validates the ring
     * geometry, resolves the interface, creates the socket, sets TPACKET_V3, requests and maps the ring, binds
     * to the interface for every protocol, then applies promiscuous mode and fanout if asked. Cold path.
     *
     * @param settings what to open.
     * @return the open source.
     * @throws CaptureOpenException with operator text: an unknown interface (listing the ones present), missing
     *                              CAP_NET_RAW, an invalid ring geometry (naming the rule), or a request the
     *                              kernel refused.
     * @throws IllegalArgumentException for settings out of range (poll timeout, fanout group id).
     */
    public static TpacketV3Source open(final Settings settings)
    {
        final String interfaceName = settings.interfaceName();
        if (null == interfaceName || interfaceName.isEmpty())
        {
            throw new IllegalArgumentException("interfaceName is required");
        }
        if (settings.pollTimeoutMillis() < 0)
        {
            throw new IllegalArgumentException("pollTimeoutMillis=" + settings.pollTimeoutMillis() + " must be >= 0");
        }
        if (settings.statisticsIntervalMillis() <= 0)
        {
            throw new IllegalArgumentException(
                "statisticsIntervalMillis=" + settings.statisticsIntervalMillis() + " must be > 0");
        }
        if (settings.fanoutGroupId() > 0xFFFF || settings.fanoutGroupId() < -1)
        {
            throw new IllegalArgumentException("fanout group id=" + settings.fanoutGroupId() + " must be 0..65535");
        }
        if (null == settings.fanoutMode())
        {
            throw new IllegalArgumentException("fanoutMode is required");
        }
        final RingGeometry geometry = settings.ringGeometry();
        try
        {
            geometry.validate(SystemPageSize.pageSize());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CaptureOpenException(CaptureOpenException.Reason.INVALID_RING_GEOMETRY, ex.getMessage(), ex);
        }

        final int interfaceIndex = interfaceIndex(interfaceName);
        final int fd = openSocket(interfaceName);
        final Arena arena = Arena.ofShared();
        try
        {
            Libc.setsockoptInt(fd, Libc.SOL_PACKET, Libc.PACKET_VERSION, Libc.TPACKET_V3);
            requestRing(fd, geometry, arena);
            final MemorySegment ring = mapRing(fd, geometry, arena);
            // The socket was created with protocol 0, so it has received nothing so far; binding with ETH_P_ALL
            // starts the capture on this interface only, with the ring already in place.
            Libc.bind(fd, SockaddrLl.allocateForBind(arena, Libc.ETH_P_ALL, interfaceIndex));
            final int linkType = boundLinkType(fd, interfaceName, arena);
            if (settings.promiscuous())
            {
                enablePromiscuous(fd, interfaceIndex, interfaceName, arena);
            }
            if (settings.fanoutGroupId() >= 0)
            {
                joinFanout(fd, settings);
            }
            return new TpacketV3Source(settings, fd, arena, ring, linkType);
        }
        catch (final RuntimeException ex)
        {
            // Closing the arena unmaps the ring, if it was mapped.
            arena.close();
            Libc.closeRaw(Libc.threadCallState(), fd);
            if (ex instanceof CaptureOpenException)
            {
                throw ex;
            }
            throw new CaptureOpenException(
                CaptureOpenException.Reason.KERNEL_REJECTED,
                "cannot open AF_PACKET capture on " + interfaceName + ": " + ex.getMessage(),
                ex);
        }
    }

    @Override
    public int linkType()
    {
        return linkType;
    }

    /**
     * The link type of the bound interface's frames, from the hardware type the kernel reports for the socket:
     * Ethernet for Ethernet, veth and loopback, raw IP for tun, WireGuard and layer-3 tunnels, which have no link
     * header. Cold path.
     *
     * @throws CaptureOpenException when the interface's frames are of a kind the decoder cannot read.
     */
    private static int boundLinkType(final int fd, final String interfaceName, final Arena arena)
    {
        final MemorySegment bound = SockaddrLl.allocate(arena);
        Libc.getsockname(fd, bound);
        final int hardwareType = SockaddrLl.sll_hatype(bound);
        final int linkType = LinkType.fromArphrd(hardwareType);
        if (linkType < 0)
        {
            throw new CaptureOpenException(
                CaptureOpenException.Reason.UNSUPPORTED_LINK,
                "interface " + interfaceName + " has hardware type " + hardwareType + " (ARPHRD_*), whose frames " +
                "the afpacket source cannot decode (it reads Ethernet, loopback and link-header-less devices " +
                "such as tun, WireGuard and IP tunnels); set \"capture_source\": \"pcap\" for this interface",
                null);
        }
        return linkType;
    }

    /**
     * Hands every frame of the next ring block to {@code handler} and gives the block back to the kernel. When
     * the block is not ready, waits in poll(2) for at most the poll timeout. No allocation, no lock.
     *
     * @return the frames handed over; 0 when no block became ready in time or a wakeup was requested.
     */
    @Override
    public int poll(final FrameHandler handler)
    {
        final long now = System.nanoTime();
        if (now - nextStatisticsNanos >= 0)
        {
            nextStatisticsNanos = now + statisticsIntervalNanos;
            refreshKernelStatisticsIfFree();
        }

        final long blockOffset = blockIndex * blockSize;
        if (!isBlockReady(blockOffset))
        {
            if (wakeupRequested)
            {
                wakeupRequested = false;
                return 0;
            }
            waitForBlock();
            if (!isBlockReady(blockOffset))
            {
                return 0;
            }
        }
        return walkBlock(blockOffset, handler);
    }

    @Override
    public void wakeup()
    {
        wakeupRequested = true;
    }

    /**
     * Adds the frames and bytes handed over so far, and the kernel's totals since the socket opened, to
     * {@code into}. Reads the kernel counters first (clear-on-read, accumulated here). Any thread.
     */
    @Override
    public void statistics(final CaptureStatistics into)
    {
        into.packets += (long)PACKETS.getAcquire(this);
        into.bytes += (long)BYTES.getAcquire(this);
        statisticsLock.lock();
        try
        {
            refreshKernelStatisticsLocked();
            into.kernelPackets = Math.max(into.kernelPackets, 0) + kernelPackets;
            into.kernelDrops += kernelDrops;
            into.freezeCount += freezeCount;
        }
        finally
        {
            statisticsLock.unlock();
        }
    }

    /**
     * @return blocks whose headers pointed outside the block, abandoned at that point (should stay 0). Any
     * thread.
     */
    public long malformedBlocks()
    {
        return (long)MALFORMED_BLOCKS.getAcquire(this);
    }

    /**
     * @return socket errors reported through poll(2), for example ENETDOWN when the interface went down. Any
     * thread.
     */
    public long socketErrors()
    {
        return (long)SOCKET_ERRORS.getAcquire(this);
    }

    /**
     * @return failed {@code PACKET_STATISTICS} reads (should stay 0). Any thread.
     */
    public long statisticsErrors()
    {
        statisticsLock.lock();
        try
        {
            return statisticsErrors;
        }
        finally
        {
            statisticsLock.unlock();
        }
    }

    /**
     * @return the ring shape in use.
     */
    public RingGeometry ringGeometry()
    {
        return geometry;
    }

    @Override
    public String describe()
    {
        return "afpacket " + interfaceName +
            (fanoutGroupId >= 0 ? " fanout=" + fanoutGroupId + "/" + fanoutMode.shortName() : "") +
            " blocks=" + geometry + (promiscuous ? " promisc" : "");
    }

    /**
     * Folds the kernel counters into the totals one last time, unmaps the ring and closes the socket. Called by
     * the poll thread after its last poll; idempotent.
     */
    @Override
    public void close()
    {
        statisticsLock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            refreshKernelStatisticsLocked();
            closed = true;
        }
        finally
        {
            statisticsLock.unlock();
        }
        arena.close();
        Libc.closeRaw(Libc.threadCallState(), fd);
    }

    @Override
    public String toString()
    {
        return describe();
    }

    private boolean isBlockReady(final long blockOffset)
    {
        return 0 != (TpacketBlockDesc.block_status_acquire(ring, blockOffset) & Libc.TP_STATUS_USER);
    }

    private void waitForBlock()
    {
        Pollfd.revents(pollFd, 0, (short)0);
        final int ready = Libc.pollRaw(pollCallState, pollFd, 1, pollTimeoutMillis);
        if (ready < 0)
        {
            final int errno = Libc.errno(pollCallState);
            if (Errno.EINTR != errno)
            {
                throw new NativeCallException("poll(afpacket " + interfaceName + ")", errno);
            }
        }
        else if (ready > 0 && 0 != (Pollfd.revents(pollFd, 0) & Libc.POLLERR))
        {
            clearSocketError();
        }
    }

    /**
     * A pending socket error (ENETDOWN when the interface goes down) makes poll(2) return at once until it is
     * read; reading SO_ERROR clears it, so the loop goes back to waiting instead of spinning.
     */
    private void clearSocketError()
    {
        socketErrorLength.set(JAVA_INT, 0, Integer.BYTES);
        Libc.getsockoptRaw(pollCallState, fd, Libc.SOL_SOCKET, SO_ERROR, socketErrorValue, socketErrorLength);
        SOCKET_ERRORS.setRelease(this, (long)SOCKET_ERRORS.get(this) + 1);
    }

    private int walkBlock(final long blockOffset, final FrameHandler handler)
    {
        final MemorySegment ring = this.ring;
        final long blockEnd = blockOffset + blockSize;
        final int frameCount = TpacketBlockDesc.num_pkts(ring, blockOffset);
        long header = blockOffset + Integer.toUnsignedLong(TpacketBlockDesc.offset_to_first_pkt(ring, blockOffset));
        int handed = 0;
        long handedBytes = 0;
        try
        {
            for (int i = 0; i < frameCount; i++)
            {
                if (header + TPACKET3_HDR_LENGTH > blockEnd)
                {
                    MALFORMED_BLOCKS.setRelease(this, (long)MALFORMED_BLOCKS.get(this) + 1);
                    break;
                }
                final int capturedLength = Tpacket3Hdr.tp_snaplen(ring, header);
                final long frameOffset = header + Tpacket3Hdr.tp_mac(ring, header);
                if (capturedLength < 0 || frameOffset + capturedLength > blockEnd)
                {
                    MALFORMED_BLOCKS.setRelease(this, (long)MALFORMED_BLOCKS.get(this) + 1);
                    break;
                }
                final int wireLength = Tpacket3Hdr.tp_len(ring, header);
                final long timestampNanos =
                    Tpacket3Hdr.tp_sec(ring, header) * NANOS_PER_SECOND + Tpacket3Hdr.tp_nsec(ring, header);
                handed++;
                handedBytes += Integer.toUnsignedLong(wireLength);
                handler.onFrame(ring, frameOffset, capturedLength, wireLength, timestampNanos);
                header += Integer.toUnsignedLong(Tpacket3Hdr.tp_next_offset(ring, header));
            }
        }
        finally
        {
            // Give the block back even if the handler threw: a block kept by user space freezes the queue.
            TpacketBlockDesc.block_status_release(ring, blockOffset, Libc.TP_STATUS_KERNEL);
            final int next = blockIndex + 1;
            blockIndex = next == blockCount ? 0 : next;
            PACKETS.setRelease(this, (long)PACKETS.get(this) + handed);
            BYTES.setRelease(this, (long)BYTES.get(this) + handedBytes);
        }
        return handed;
    }

    private void refreshKernelStatisticsIfFree()
    {
        if (statisticsLock.tryLock())
        {
            try
            {
                refreshKernelStatisticsLocked();
            }
            finally
            {
                statisticsLock.unlock();
            }
        }
    }

    private void refreshKernelStatisticsLocked()
    {
        if (closed)
        {
            return;
        }
        kernelStatisticsLength.set(JAVA_INT, 0, (int)TpacketStatsV3.sizeof());
        final int result = Libc.getsockoptRaw(
            statisticsCallState, fd, Libc.SOL_PACKET, Libc.PACKET_STATISTICS, kernelStatistics, kernelStatisticsLength);
        if (result < 0)
        {
            statisticsErrors++;
            return;
        }
        // The kernel's tp_packets includes the drops: every frame that reached the socket.
        kernelPackets += TpacketStatsV3.tp_packets(kernelStatistics);
        kernelDrops += TpacketStatsV3.tp_drops(kernelStatistics);
        freezeCount += TpacketStatsV3.tp_freeze_q_cnt(kernelStatistics);
    }

    private static int interfaceIndex(final String interfaceName)
    {
        if (interfaceName.length() >= Libc.IFNAMSIZ)
        {
            throw new CaptureOpenException(
                CaptureOpenException.Reason.NO_SUCH_INTERFACE,
                "interface name '" + interfaceName + "' is longer than " + (Libc.IFNAMSIZ - 1) + " characters; " +
                    InterfaceNames.noSuchInterfaceMessage(interfaceName, InterfaceNames.inCallersNamespace()),
                null);
        }
        try
        {
            return Libc.ifNameToIndex(interfaceName);
        }
        catch (final NativeCallException ex)
        {
            throw new CaptureOpenException(
                CaptureOpenException.Reason.NO_SUCH_INTERFACE,
                InterfaceNames.noSuchInterfaceMessage(interfaceName, InterfaceNames.inCallersNamespace()),
                ex);
        }
    }

    private static int openSocket(final String interfaceName)
    {
        try
        {
            // Protocol 0: the socket receives nothing until bind names the interface and ETH_P_ALL.
            return Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
        }
        catch (final NativeCallException ex)
        {
            if (Errno.EPERM == ex.errno() || Errno.EACCES == ex.errno())
            {
                throw new CaptureOpenException(
                    CaptureOpenException.Reason.PERMISSION_DENIED,
                    CaptureOpenException.needsCapNetRaw("capturing on " + interfaceName + " with an AF_PACKET socket"),
                    ex);
            }
            throw new CaptureOpenException(
                CaptureOpenException.Reason.KERNEL_REJECTED,
                "cannot create an AF_PACKET socket for " + interfaceName + ": " + ex.getMessage(),
                ex);
        }
    }

    private static void requestRing(final int fd, final RingGeometry geometry, final Arena arena)
    {
        final MemorySegment request = TpacketReq3.allocate(arena);
        TpacketReq3.tp_block_size(request, geometry.blockSize());
        TpacketReq3.tp_block_nr(request, geometry.blockCount());
        TpacketReq3.tp_frame_size(request, geometry.frameSize());
        TpacketReq3.tp_frame_nr(request, (int)geometry.frameCount());
        TpacketReq3.tp_retire_blk_tov(request, geometry.blockTimeoutMillis());
        TpacketReq3.tp_sizeof_priv(request, 0);
        TpacketReq3.tp_feature_req_word(request, 0);
        try
        {
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, request);
        }
        catch (final NativeCallException ex)
        {
            final String why = switch (ex.errno())
            {
                case Errno.ENOMEM -> "not enough memory for a ring of " + geometry.ringBytes() / (1 << 20) +
                    " MiB: use fewer or smaller blocks";
                case Errno.EINVAL -> "the kernel rejected the geometry although it passed the documented rules " +
                    "(tp_block_size a multiple of the page size, tp_frame_size >= TPACKET3_HDRLEN and a multiple of " +
                    "16, tp_frame_nr = frames per block x tp_block_nr)";
                default -> ex.getMessage();
            };
            throw new CaptureOpenException(
                CaptureOpenException.Reason.KERNEL_REJECTED,
                "PACKET_RX_RING " + geometry + " refused: " + why + " (" + ex.getMessage() + ")",
                ex);
        }
    }

    @SuppressWarnings("restricted") // gives the kernel's mapping the arena's lifetime, with munmap as cleanup
    private static MemorySegment mapRing(final int fd, final RingGeometry geometry, final Arena arena)
    {
        final long length = geometry.ringBytes();
        final MemorySegment mapping = Libc.mmap(length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
        final long address = mapping.address();
        return MemorySegment.ofAddress(address).reinterpret(
            length,
            arena,
            unused -> Libc.munmapRaw(Libc.threadCallState(), MemorySegment.ofAddress(address), length));
    }

    private static void enablePromiscuous(
        final int fd, final int interfaceIndex, final String interfaceName, final Arena arena)
    {
        final MemorySegment membership = PacketMreq.allocate(arena);
        PacketMreq.mr_ifindex(membership, interfaceIndex);
        PacketMreq.mr_type(membership, Libc.PACKET_MR_PROMISC);
        try
        {
            Libc.setsockopt(fd, Libc.SOL_PACKET, Libc.PACKET_ADD_MEMBERSHIP, membership);
        }
        catch (final NativeCallException ex)
        {
            throw new CaptureOpenException(
                CaptureOpenException.Reason.KERNEL_REJECTED,
                "cannot put " + interfaceName + " in promiscuous mode: " + ex.getMessage(),
                ex);
        }
    }

    private static void joinFanout(final int fd, final Settings settings)
    {
        final int argument = Libc.packetFanoutArg(
            settings.fanoutGroupId(), settings.fanoutMode().kernelValue(), settings.fanoutFlags());
        try
        {
            Libc.setsockoptInt(fd, Libc.SOL_PACKET, Libc.PACKET_FANOUT, argument);
        }
        catch (final NativeCallException ex)
        {
            final String why = Errno.EINVAL == ex.errno() ?
                ": a group with this id already exists on another interface or with another mode or flags, or " +
                "the kernel does not support the mode" : "";
            throw new CaptureOpenException(
                CaptureOpenException.Reason.KERNEL_REJECTED,
                "cannot join fanout group " + settings.fanoutGroupId() + " (" + settings.fanoutMode().shortName() +
                    ") on " + settings.interfaceName() + why + " (" + ex.getMessage() + ")",
                ex);
        }
    }
}
