package com.flowtriq.ftagent.capture;

import com.flowtriq.ftagent.ffi.Errno;
import com.flowtriq.ftagent.ffi.Libc;
import com.flowtriq.ftagent.ffi.LinkType;
import com.flowtriq.ftagent.ffi.NativeCallException;
import com.flowtriq.ftagent.ffi.Pcap;
import com.flowtriq.ftagent.ffi.PcapException;
import com.flowtriq.ftagent.ffi.PcapHandler;
import com.flowtriq.ftagent.ffi.PcapLibraryNotFoundException;
import com.flowtriq.ftagent.ffi.PcapPkthdr;
import com.flowtriq.ftagent.ffi.PcapStat;
import com.flowtriq.ftagent.ffi.Pollfd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Captures from one interface through libpcap, for systems or interfaces where an AF_PACKET ring of our own is
 * not wanted. Frames are handed to the {@link FrameHandler} where libpcap holds them (its own ring), with no
 * copy: the header and data come as addresses inside {@link Pcap#PACKET_MEMORY}.
 *
 * <pre>
 *   poll(handler) --&gt; [nothing ready: poll(2) on pcap_get_selectable_fd, at most timeoutMillis]
 *                 --&gt; pcap_dispatch(handle, batchLimit, stub), non-blocking --&gt; stub --&gt; onPacket(memory, hdr, data)
 *                                                                                         |
 *                     handler.onFrame(memory, data, caplen, len, ts) &lt;-------------------+
 * </pre>
 *
 * <p>The handle is non-blocking and this source waits in poll(2) itself, with its own timeout: on Linux with
 * TPACKET_V3, libpcap's blocking dispatch waits with no time limit while no frame arrives (the packet buffer
 * timeout only retires blocks that hold frames), which would break the poll contract.
 *
 * <p>Threading: one thread calls {@link #poll(FrameHandler)} and then {@link #close()}. {@link #wakeup()},
 * {@link #statistics(CaptureStatistics)} and {@link #describe()} may be called from any thread. A libpcap handle
 * may be used by one thread at a time except for {@code pcap_breakloop}, so {@code pcap_stats} is only called by
 * the poll thread: once per statistics interval inside {@link #poll(FrameHandler)}, in {@link #close()}, and in
 * {@link #statistics(CaptureStatistics)} when the poll thread itself asks (or no thread has polled yet). Other
 * threads get the latest snapshot, at most one statistics interval old. The per-frame path takes no lock and
 * allocates nothing; frame and byte counts are published once per poll with release stores.
 *
 * <p>{@link #wakeup()} sets a flag checked before each wait and calls {@code pcap_breakloop}, which ends a
 * dispatch in progress. A thread already waiting in poll(2) sees it within {@code timeoutMillis} (100 ms by
 * default): the bindings have no eventfd to interrupt that wait at once. A wakeup that arrives while no poll runs
 * makes the next {@link #poll(FrameHandler)} return 0 at once.
 *
 * <p>The handle belongs to the network namespace of the thread that opens it.
 */
public final class PcapLiveSource implements PacketSource
{
    /** Default snapshot length: whole frames, as tcpdump's default. */
    public static final int DEFAULT_SNAP_LENGTH = 262_144;
    /** Default kernel buffer (libpcap's ring): 64 MiB, as the AF_PACKET source's default ring. */
    public static final int DEFAULT_BUFFER_SIZE = 64 << 20;
    /** Default packet buffer timeout: also the longest a poll waits with no traffic, and the wakeup latency. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 100;
    /** Default most frames handed over per poll. */
    public static final int DEFAULT_BATCH_LIMIT = 4096;
    /** Default interval at which the poll thread reads libpcap's counters. */
    public static final int DEFAULT_STATISTICS_INTERVAL_MILLIS = 1000;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final short POLL_EVENTS = (short)(Libc.POLLIN | Libc.POLLERR);
    private static final VarHandle PACKETS;
    private static final VarHandle BYTES;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PACKETS = lookup.findVarHandle(PcapLiveSource.class, "packets", long.class);
            BYTES = lookup.findVarHandle(PcapLiveSource.class, "bytes", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /**
     * What to open. Fluent and mutable; {@link PcapLiveSource#open(Settings)} copies what it needs.
     */
    public static final class Settings
    {
        private String interfaceName;
        private int snapLength = DEFAULT_SNAP_LENGTH;
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private int timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
        private int batchLimit = DEFAULT_BATCH_LIMIT;
        private int statisticsIntervalMillis = DEFAULT_STATISTICS_INTERVAL_MILLIS;
        private boolean promiscuous;
        private boolean immediate;
        private String filter;

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
         * @param snapLength bytes kept of each frame, at least 64; default {@link #DEFAULT_SNAP_LENGTH}.
         * @return this.
         */
        public Settings snapLength(final int snapLength)
        {
            this.snapLength = snapLength;
            return this;
        }

        public int snapLength()
        {
            return snapLength;
        }

        /**
         * @param bufferSize bytes of libpcap's kernel buffer; default {@link #DEFAULT_BUFFER_SIZE}.
         * @return this.
         */
        public Settings bufferSize(final int bufferSize)
        {
            this.bufferSize = bufferSize;
            return this;
        }

        public int bufferSize()
        {
            return bufferSize;
        }

        /**
         * @param timeoutMillis the packet buffer timeout: how long libpcap may hold frames to fill a buffer, and
         *                      the longest a poll waits with no traffic; at least 1; default 100.
         * @return this.
         */
        public Settings timeoutMillis(final int timeoutMillis)
        {
            this.timeoutMillis = timeoutMillis;
            return this;
        }

        public int timeoutMillis()
        {
            return timeoutMillis;
        }

        /**
         * @param batchLimit most frames handed over per poll, at least 1; default 4096.
         * @return this.
         */
        public Settings batchLimit(final int batchLimit)
        {
            this.batchLimit = batchLimit;
            return this;
        }

        public int batchLimit()
        {
            return batchLimit;
        }

        /**
         * @param statisticsIntervalMillis how often the poll thread reads libpcap's counters; default 1000.
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

        /**
         * @param promiscuous put the interface in promiscuous mode while the handle is open; default false.
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
         * @param immediate deliver each frame as soon as it arrives instead of by buffer; default false.
         * @return this.
         */
        public Settings immediate(final boolean immediate)
        {
            this.immediate = immediate;
            return this;
        }

        public boolean immediate()
        {
            return immediate;
        }

        /**
         * @param filter a BPF filter expression (tcpdump syntax) applied in the kernel, or null for none.
         * @return this.
         */
        public Settings filter(final String filter)
        {
            this.filter = filter;
            return this;
        }

        public String filter()
        {
            return filter;
        }
    }

    /**
     * Turns libpcap's callback into a {@link FrameHandler} call. One instance per source, made at open: the
     * frame handler of the current poll is stored in a field rather than captured, so nothing is allocated.
     * Poll thread only.
     */
    private static final class Dispatcher implements PcapHandler
    {
        private final long nanosPerTimestampUnit;
        FrameHandler frameHandler;
        int frames;
        long bytes;

        Dispatcher(final long nanosPerTimestampUnit)
        {
            this.nanosPerTimestampUnit = nanosPerTimestampUnit;
        }

        @Override
        public void onPacket(final MemorySegment memory, final long headerAddress, final long dataAddress)
        {
            final int capturedLength = PcapPkthdr.caplen(memory, headerAddress);
            final int wireLength = PcapPkthdr.len(memory, headerAddress);
            final long timestampNanos = PcapPkthdr.tv_sec(memory, headerAddress) * NANOS_PER_SECOND +
                PcapPkthdr.tv_usec(memory, headerAddress) * nanosPerTimestampUnit;
            frames++;
            bytes += Integer.toUnsignedLong(wireLength);
            frameHandler.onFrame(memory, dataAddress, capturedLength, wireLength, timestampNanos);
        }
    }

    // Set at open.
    private final String interfaceName;
    private final int snapLength;
    private final int bufferSize;
    private final boolean promiscuous;
    private final String filter;
    private final int batchLimit;
    private final int timeoutMillis;
    private final int linkType;
    private final long statisticsIntervalNanos;
    private final MemorySegment handle;
    private final Arena arena;
    private final MemorySegment stat;
    private final MemorySegment pollFd;
    private final MemorySegment pollCallState;
    private final Dispatcher dispatcher;

    // Poll thread only.
    private long nextStatisticsNanos;

    // Set by the first poll, read by statistics() on any thread.
    private volatile Thread pollThread;

    // Any thread sets, the poll thread clears.
    private volatile boolean wakeupRequested;

    // Written by the poll thread only (release), read by any thread (acquire).
    @SuppressWarnings("unused") // accessed through PACKETS
    private long packets;
    @SuppressWarnings("unused") // accessed through BYTES
    private long bytes;

    // Guarded by lock: the snapshot of libpcap's counters, and the handle's life for wakeup.
    private final ReentrantLock lock = new ReentrantLock();
    private long received;
    private long dropped;
    private long interfaceDropped;
    private long statisticsErrors;
    private boolean closed;

    private PcapLiveSource(
        final Settings settings,
        final MemorySegment handle,
        final int selectableFd,
        final int linkType,
        final long nanosPerTimestampUnit)
    {
        this.interfaceName = settings.interfaceName();
        this.snapLength = settings.snapLength();
        this.bufferSize = settings.bufferSize();
        this.promiscuous = settings.promiscuous();
        this.filter = settings.filter();
        this.batchLimit = settings.batchLimit();
        this.timeoutMillis = settings.timeoutMillis();
        this.linkType = linkType;
        this.statisticsIntervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.statisticsIntervalMillis());
        this.nextStatisticsNanos = System.nanoTime() + statisticsIntervalNanos;
        this.handle = handle;
        this.arena = Arena.ofShared();
        this.stat = PcapStat.allocate(arena);
        this.pollFd = Pollfd.allocateArray(arena, 1);
        Pollfd.fd(pollFd, 0, selectableFd);
        Pollfd.events(pollFd, 0, POLL_EVENTS);
        this.pollCallState = Libc.allocateCallState(arena);
        this.dispatcher = new Dispatcher(nanosPerTimestampUnit);
    }

    /**
     * Opens and activates a libpcap handle on an interface of the calling thread's network namespace, with
     * nanosecond timestamps where libpcap offers them. Cold path.
     *
     * @param settings what to open.
     * @return the open source.
     * @throws CaptureOpenException with operator text: libpcap missing, an unknown interface (listing the ones
     *                              present), missing CAP_NET_RAW, a filter that does not compile, or another
     *                              libpcap failure.
     * @throws IllegalArgumentException for settings out of range.
     */
    public static PcapLiveSource open(final Settings settings)
    {
        validate(settings);
        final String interfaceName = settings.interfaceName();
        if (!Pcap.isAvailable())
        {
            throw new CaptureOpenException(
                CaptureOpenException.Reason.LIBPCAP_FAILED,
                "libpcap is not installed (tried " + String.join(", ", Pcap.LIBRARY_NAMES) + "): install the " +
                    "libpcap runtime package (Debian/Ubuntu: libpcap0.8) or use the afpacket source",
                null);
        }
        final MemorySegment handle;
        try
        {
            handle = Pcap.create(interfaceName);
        }
        catch (final PcapException | PcapLibraryNotFoundException ex)
        {
            throw new CaptureOpenException(
                CaptureOpenException.Reason.LIBPCAP_FAILED, "cannot create a libpcap handle: " + ex.getMessage(), ex);
        }
        try
        {
            Pcap.setSnaplen(handle, settings.snapLength());
            Pcap.setPromisc(handle, settings.promiscuous());
            Pcap.setTimeout(handle, settings.timeoutMillis());
            Pcap.setBufferSize(handle, settings.bufferSize());
            Pcap.setImmediateMode(handle, settings.immediate());
            final long nanosPerTimestampUnit = requestNanosecondTimestamps(handle);
            activate(handle, interfaceName);
            if (null != settings.filter())
            {
                applyFilter(handle, settings);
            }
            Pcap.setNonblock(handle, true);
            final int selectableFd = Pcap.selectableFd(handle);
            if (selectableFd < 0)
            {
                throw new CaptureOpenException(
                    CaptureOpenException.Reason.LIBPCAP_FAILED,
                    "libpcap gives no pollable descriptor for " + interfaceName,
                    null);
            }
            return new PcapLiveSource(
                settings, handle, selectableFd, LinkType.fromDlt(Pcap.datalink(handle)), nanosPerTimestampUnit);
        }
        catch (final RuntimeException ex)
        {
            Pcap.close(handle);
            if (ex instanceof CaptureOpenException)
            {
                throw ex;
            }
            throw new CaptureOpenException(
                CaptureOpenException.Reason.LIBPCAP_FAILED,
                "cannot open libpcap capture on " + interfaceName + ": " + ex.getMessage(),
                ex);
        }
    }

    /**
     * @return the libpcap {@code LINKTYPE_*} of the interface, 1 for Ethernet and veth.
     */
    @Override
    public int linkType()
    {
        return linkType;
    }

    /**
     * Hands at most the batch limit of frames (one libpcap buffer) to {@code handler}. When nothing is ready,
     * waits in poll(2) for at most {@code timeoutMillis}; returns 0 at once after {@link #wakeup()}. No
     * allocation, no lock.
     *
     * @return the frames handed over; 0 on timeout or wakeup.
     * @throws PcapException when libpcap reports an error, for example the interface went away.
     */
    @Override
    public int poll(final FrameHandler handler)
    {
        if (null == pollThread)
        {
            pollThread = Thread.currentThread();
        }
        final long now = System.nanoTime();
        if (now - nextStatisticsNanos >= 0)
        {
            nextStatisticsNanos = now + statisticsIntervalNanos;
            refreshStatisticsIfFree();
        }
        if (wakeupRequested)
        {
            wakeupRequested = false;
            return 0;
        }
        final int handed = dispatch(handler);
        if (handed > 0 || wakeupRequested)
        {
            return handed;
        }
        waitForFrames();
        return dispatch(handler);
    }

    private int dispatch(final FrameHandler handler)
    {
        final Dispatcher dispatcher = this.dispatcher;
        dispatcher.frameHandler = handler;
        dispatcher.frames = 0;
        dispatcher.bytes = 0;
        try
        {
            Pcap.dispatch(handle, batchLimit, dispatcher);
        }
        finally
        {
            dispatcher.frameHandler = null;
            PACKETS.setRelease(this, (long)PACKETS.get(this) + dispatcher.frames);
            BYTES.setRelease(this, (long)BYTES.get(this) + dispatcher.bytes);
        }
        return dispatcher.frames;
    }

    private void waitForFrames()
    {
        Pollfd.revents(pollFd, 0, (short)0);
        final int ready = Libc.pollRaw(pollCallState, pollFd, 1, timeoutMillis);
        if (ready < 0)
        {
            final int errno = Libc.errno(pollCallState);
            if (Errno.EINTR != errno)
            {
                throw new NativeCallException("poll(pcap " + interfaceName + ")", errno);
            }
        }
    }

    /**
     * Makes a waiting {@link #poll(FrameHandler)} return within {@code timeoutMillis}, a dispatch in progress end
     * ({@code pcap_breakloop}), or the next poll return 0 at once. Any thread; does nothing once closed.
     */
    @Override
    public void wakeup()
    {
        wakeupRequested = true;
        lock.lock();
        try
        {
            if (!closed)
            {
                Pcap.breakLoop(handle);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Adds the frames and bytes handed over so far and libpcap's counters since activation to {@code into}.
     * On the poll thread (or before any poll) the counters are read now; on other threads they are the poll
     * thread's latest reading.
     */
    @Override
    public void statistics(final CaptureStatistics into)
    {
        into.packets += (long)PACKETS.getAcquire(this);
        into.bytes += (long)BYTES.getAcquire(this);
        final Thread poller = pollThread;
        lock.lock();
        try
        {
            if (null == poller || Thread.currentThread() == poller)
            {
                refreshStatisticsLocked();
            }
            into.kernelPackets = Math.max(into.kernelPackets, 0) + received;
            into.kernelDrops += dropped;
            into.interfaceDrops += interfaceDropped;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return failed {@code pcap_stats} calls (should stay 0). Any thread.
     */
    public long statisticsErrors()
    {
        lock.lock();
        try
        {
            return statisticsErrors;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public String describe()
    {
        return "pcap " + interfaceName + " snaplen=" + snapLength + " buffer=" + RingGeometry.sizeText(bufferSize) +
            (promiscuous ? " promisc" : "") + (null != filter ? " filter='" + filter + "'" : "");
    }

    /**
     * Reads libpcap's counters one last time and closes the handle. Called by the poll thread after its last
     * poll; idempotent.
     */
    @Override
    public void close()
    {
        lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            refreshStatisticsLocked();
            closed = true;
            Pcap.close(handle);
        }
        finally
        {
            lock.unlock();
        }
        arena.close();
    }

    @Override
    public String toString()
    {
        return describe();
    }

    private void refreshStatisticsIfFree()
    {
        if (lock.tryLock())
        {
            try
            {
                refreshStatisticsLocked();
            }
            finally
            {
                lock.unlock();
            }
        }
    }

    private void refreshStatisticsLocked()
    {
        if (closed)
        {
            return;
        }
        try
        {
            // libpcap accumulates the kernel's clear-on-read counters itself: these are totals since activation,
            // 32-bit and wrapping after 2^32 frames.
            Pcap.stats(handle, stat);
            received = PcapStat.ps_recv(stat);
            dropped = PcapStat.ps_drop(stat);
            interfaceDropped = PcapStat.ps_ifdrop(stat);
        }
        catch (final PcapException ex)
        {
            statisticsErrors++;
        }
    }

    private static void validate(final Settings settings)
    {
        final String interfaceName = settings.interfaceName();
        if (null == interfaceName || interfaceName.isEmpty())
        {
            throw new IllegalArgumentException("interfaceName is required");
        }
        if (settings.snapLength() < 64)
        {
            throw new IllegalArgumentException("snapLength=" + settings.snapLength() + " must be >= 64");
        }
        if (settings.bufferSize() <= 0)
        {
            throw new IllegalArgumentException("bufferSize=" + settings.bufferSize() + " must be > 0");
        }
        if (settings.timeoutMillis() < 1)
        {
            throw new IllegalArgumentException("timeoutMillis=" + settings.timeoutMillis() + " must be >= 1");
        }
        if (settings.batchLimit() < 1)
        {
            throw new IllegalArgumentException("batchLimit=" + settings.batchLimit() + " must be >= 1");
        }
        if (settings.statisticsIntervalMillis() <= 0)
        {
            throw new IllegalArgumentException(
                "statisticsIntervalMillis=" + settings.statisticsIntervalMillis() + " must be > 0");
        }
    }

    private static long requestNanosecondTimestamps(final MemorySegment handle)
    {
        try
        {
            Pcap.setTstampPrecision(handle, Pcap.PCAP_TSTAMP_PRECISION_NANO);
            return 1;
        }
        catch (final PcapException | PcapLibraryNotFoundException ex)
        {
            // Older libpcap: microseconds.
            return 1_000;
        }
    }

    private static void activate(final MemorySegment handle, final String interfaceName)
    {
        final int status;
        try
        {
            status = Pcap.activate(handle, interfaceName);
        }
        catch (final PcapException ex)
        {
            throw switch (ex.status())
            {
                case Pcap.PCAP_ERROR_NO_SUCH_DEVICE -> new CaptureOpenException(
                    CaptureOpenException.Reason.NO_SUCH_INTERFACE,
                    InterfaceNames.noSuchInterfaceMessage(interfaceName, InterfaceNames.inCallersNamespace()),
                    ex);
                case Pcap.PCAP_ERROR_PERM_DENIED, Pcap.PCAP_ERROR_PROMISC_PERM_DENIED -> new CaptureOpenException(
                    CaptureOpenException.Reason.PERMISSION_DENIED,
                    CaptureOpenException.needsCapNetRaw("capturing on " + interfaceName + " with libpcap") +
                        " (" + ex.getMessage() + ")",
                    ex);
                default -> new CaptureOpenException(
                    CaptureOpenException.Reason.LIBPCAP_FAILED,
                    "libpcap cannot capture on " + interfaceName + ": " + ex.getMessage(),
                    ex);
            };
        }
        if (status > 0 && Pcap.PCAP_WARNING_PROMISC_NOTSUP == status)
        {
            throw new CaptureOpenException(
                CaptureOpenException.Reason.LIBPCAP_FAILED,
                interfaceName + " does not support promiscuous mode: " + Pcap.geterr(handle),
                null);
        }
    }

    private static void applyFilter(final MemorySegment handle, final Settings settings)
    {
        try
        {
            Pcap.setFilter(handle, settings.filter(), Pcap.PCAP_NETMASK_UNKNOWN);
        }
        catch (final PcapException ex)
        {
            throw new CaptureOpenException(
                CaptureOpenException.Reason.LIBPCAP_FAILED,
                "filter '" + settings.filter() + "' on " + settings.interfaceName() + " rejected: " + ex.getMessage(),
                ex);
        }
    }
}
