package com.flowtriq.ftagent.ffi;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcalls into libpcap for live capture on interfaces, reading and writing capture files, with the constants
 * they take. {@code OffsetsTest} proves the constants and the struct layouts against {@code pcap/pcap.h}.
 *
 * <p>The library is loaded by soname, trying {@link #LIBRARY_NAMES} in order, so only the runtime package
 * ({@code libpcap0.8} on Debian/Ubuntu) is needed, not {@code -dev}. If none loads, every call throws
 * {@link PcapLibraryNotFoundException} listing the names tried; {@link #isAvailable()} asks without throwing.
 * A function missing from an old libpcap throws the same exception naming the function.
 *
 * <p>Handles ({@code pcap_t *}, {@code pcap_dumper_t *}) are opaque {@link MemorySegment} addresses. Each
 * function lives in a lazy holder and is called with {@code invokeExact} only. Methods that only open, configure
 * or report are cold and may allocate (strings, errbuf); {@link #dispatch}, {@link #nextEx}, {@link #dump} and
 * {@link #dumpAddresses} allocate nothing per call.
 *
 * <h2>Dispatching to Java without allocating per packet</h2>
 * One upcall stub is made for the life of the JVM, bound to a private static method. {@link #dispatch} stores
 * the caller's {@link PcapHandler} in a per-thread context, calls {@code pcap_dispatch} with the stub, and the
 * stub reads that context (the upcall runs on the dispatching thread). The stub's pointer parameters are
 * declared as 64-bit integers, which LP64 ABIs (x86_64 SysV, AArch64 AAPCS64) pass exactly like pointers, so no
 * {@code MemorySegment} is created per packet; the handler reads header and data at those addresses inside
 * {@link #PACKET_MEMORY}:
 * <pre>{@code
 * final class FrameCounter implements PcapHandler      // one instance, reused for every dispatch
 * {
 *     long frames;
 *     long bytes;
 *
 *     public void onPacket(final MemorySegment memory, final long header, final long data)
 *     {
 *         final int caplen = PcapPkthdr.caplen(memory, header);
 *         final int etherType = Short.toUnsignedInt(memory.get(NETWORK_ORDER_SHORT, data + 12));
 *         frames++;
 *         bytes += caplen;
 *     }
 * }
 * ...
 * while (running && Pcap.dispatch(pcap, 256, counter) >= 0) { }
 * }</pre>
 * An exception thrown by the handler never reaches C: the stub catches it, calls {@code pcap_breakloop}, and
 * {@link #dispatch} rethrows it once {@code pcap_dispatch} has returned. As with any {@code pcap_breakloop},
 * libpcap may leave the break request pending, in which case the next dispatch on that handle returns
 * {@link #PCAP_ERROR_BREAK} once, having consumed no packet; later calls continue where the failure stopped.
 *
 * <p>Threading: a {@code pcap_t} is used by one thread at a time, except {@link #breakLoop(MemorySegment)},
 * which may be called from any thread to make a blocked dispatch return.
 */
public final class Pcap
{
    /** The sonames tried, in order: Debian/Ubuntu's name, the upstream name, then the -dev symlink. */
    public static final List<String> LIBRARY_NAMES = List.of("libpcap.so.0.8", "libpcap.so.1", "libpcap.so");

    public static final int PCAP_ERRBUF_SIZE = 256;

    // --- status codes (pcap/pcap.h) ---
    public static final int PCAP_ERROR = -1;
    public static final int PCAP_ERROR_BREAK = -2;
    public static final int PCAP_ERROR_NOT_ACTIVATED = -3;
    public static final int PCAP_ERROR_ACTIVATED = -4;
    public static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    public static final int PCAP_ERROR_RFMON_NOTSUP = -6;
    public static final int PCAP_ERROR_NOT_RFMON = -7;
    public static final int PCAP_ERROR_PERM_DENIED = -8;
    public static final int PCAP_ERROR_IFACE_NOT_UP = -9;
    public static final int PCAP_ERROR_CANTSET_TSTAMP_TYPE = -10;
    public static final int PCAP_ERROR_PROMISC_PERM_DENIED = -11;
    public static final int PCAP_ERROR_TSTAMP_PRECISION_NOTSUP = -12;
    public static final int PCAP_WARNING = 1;
    public static final int PCAP_WARNING_PROMISC_NOTSUP = 2;
    public static final int PCAP_WARNING_TSTAMP_TYPE_NOTSUP = 3;

    public static final int PCAP_TSTAMP_PRECISION_MICRO = 0;
    public static final int PCAP_TSTAMP_PRECISION_NANO = 1;
    /** pcap_compile's netmask when unknown (0xffffffff). */
    public static final int PCAP_NETMASK_UNKNOWN = 0xFFFF_FFFF;

    public static final int PCAP_IF_LOOPBACK = 0x1;
    public static final int PCAP_IF_UP = 0x2;
    public static final int PCAP_IF_RUNNING = 0x4;

    // --- data link types as libpcap returns them (pcap/dlt.h); see LinkType for the file-format values ---
    public static final int DLT_NULL = 0;
    public static final int DLT_EN10MB = 1;
    /** Raw IP. 12 on Linux (14 on OpenBSD); written to files as {@link LinkType#RAW} (101). */
    public static final int DLT_RAW = 12;
    public static final int DLT_LINUX_SLL = 113;
    public static final int DLT_IPV4 = 228;
    public static final int DLT_IPV6 = 229;
    public static final int DLT_LINUX_SLL2 = 276;

    /**
     * The whole address space as one segment: {@link PcapHandler} and {@link #nextEx} callers read packet headers
     * and data at their absolute addresses in it, so no segment is created per packet. Reads are not bounded by
     * it; the reader must stay within {@code caplen}.
     */
    public static final MemorySegment PACKET_MEMORY = wholeAddressSpace();

    private static final Linker LINKER = Linker.nativeLinker();
    private static final AddressLayout C_POINTER = ValueLayout.ADDRESS;
    private static final ThreadLocal<DispatchContext> DISPATCH_CONTEXT = ThreadLocal.withInitial(DispatchContext::new);

    private Pcap()
    {
    }

    // =================================================================================================
    // library
    // =================================================================================================

    /**
     * @return true when a libpcap library was loaded.
     */
    public static boolean isAvailable()
    {
        return null != Library.LOOKUP;
    }

    /**
     * @return the soname that was loaded, or empty.
     */
    public static Optional<String> libraryName()
    {
        return Optional.ofNullable(Library.NAME);
    }

    /**
     * {@code const char *pcap_lib_version(void);}
     *
     * @return for example {@code "libpcap version 1.10.3 (with TPACKET_V3)"}.
     */
    public static String libVersion()
    {
        try
        {
            return cString((MemorySegment)LibVersion.HANDLE.invokeExact());
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_lib_version", t);
        }
    }

    /**
     * The symbolic name of a libpcap status code.
     *
     * @param status a {@code PCAP_ERROR*} or {@code PCAP_WARNING*} value, or 0.
     * @return its name, for example {@code "PCAP_ERROR_PERM_DENIED"}.
     */
    public static String statusName(final int status)
    {
        return switch (status)
        {
            case 0 -> "OK";
            case PCAP_ERROR -> "PCAP_ERROR";
            case PCAP_ERROR_BREAK -> "PCAP_ERROR_BREAK";
            case PCAP_ERROR_NOT_ACTIVATED -> "PCAP_ERROR_NOT_ACTIVATED";
            case PCAP_ERROR_ACTIVATED -> "PCAP_ERROR_ACTIVATED";
            case PCAP_ERROR_NO_SUCH_DEVICE -> "PCAP_ERROR_NO_SUCH_DEVICE";
            case PCAP_ERROR_RFMON_NOTSUP -> "PCAP_ERROR_RFMON_NOTSUP";
            case PCAP_ERROR_NOT_RFMON -> "PCAP_ERROR_NOT_RFMON";
            case PCAP_ERROR_PERM_DENIED -> "PCAP_ERROR_PERM_DENIED";
            case PCAP_ERROR_IFACE_NOT_UP -> "PCAP_ERROR_IFACE_NOT_UP";
            case PCAP_ERROR_CANTSET_TSTAMP_TYPE -> "PCAP_ERROR_CANTSET_TSTAMP_TYPE";
            case PCAP_ERROR_PROMISC_PERM_DENIED -> "PCAP_ERROR_PROMISC_PERM_DENIED";
            case PCAP_ERROR_TSTAMP_PRECISION_NOTSUP -> "PCAP_ERROR_TSTAMP_PRECISION_NOTSUP";
            case PCAP_WARNING -> "PCAP_WARNING";
            case PCAP_WARNING_PROMISC_NOTSUP -> "PCAP_WARNING_PROMISC_NOTSUP";
            case PCAP_WARNING_TSTAMP_TYPE_NOTSUP -> "PCAP_WARNING_TSTAMP_TYPE_NOTSUP";
            default -> "pcap status " + status;
        };
    }

    // =================================================================================================
    // devices
    // =================================================================================================

    /**
     * {@code int pcap_findalldevs(pcap_if_t **alldevsp, char *errbuf);} walked into Java objects, then
     * {@code pcap_freealldevs}. Cold path.
     *
     * @return the devices libpcap can open, in libpcap's order.
     * @throws PcapException with libpcap's message on failure.
     */
    @SuppressWarnings("restricted") // sizing list entries and sockaddrs libpcap allocated
    public static List<PcapDevice> findAllDevs()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment listSlot = arena.allocate(C_POINTER);
            final MemorySegment errbuf = arena.allocate(PCAP_ERRBUF_SIZE);
            final int result = (int)FindAllDevs.HANDLE.invokeExact(listSlot, errbuf);
            if (0 != result)
            {
                throw new PcapException("pcap_findalldevs()", result, errbuf.getString(0), null);
            }
            final MemorySegment head = listSlot.get(C_POINTER, 0);
            try
            {
                final List<PcapDevice> devices = new ArrayList<>();
                for (MemorySegment device = head; !isNull(device); device = PcapIf.next(device))
                {
                    device = device.reinterpret(PcapIf.sizeof());
                    devices.add(new PcapDevice(
                        cString(PcapIf.name(device)),
                        cString(PcapIf.description(device)),
                        PcapIf.flags(device),
                        addresses(PcapIf.addresses(device))));
                }
                return List.copyOf(devices);
            }
            finally
            {
                if (!isNull(head))
                {
                    FreeAllDevs.HANDLE.invokeExact(head);
                }
            }
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_findalldevs", t);
        }
    }

    // =================================================================================================
    // live capture: create, set_*, activate
    // =================================================================================================

    /**
     * {@code pcap_t *pcap_create(const char *source, char *errbuf);} Cold path.
     *
     * @param device an interface name, or {@code "any"}.
     * @return the unactivated handle; configure it, then {@link #activate(MemorySegment)}.
     * @throws PcapException with libpcap's message on failure.
     */
    public static MemorySegment create(final String device)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment errbuf = arena.allocate(PCAP_ERRBUF_SIZE);
            final MemorySegment pcap = (MemorySegment)Create.HANDLE.invokeExact(arena.allocateFrom(device), errbuf);
            if (isNull(pcap))
            {
                throw new PcapException("pcap_create(\"" + device + "\")", PCAP_ERROR, errbuf.getString(0), null);
            }
            return pcap;
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_create", t);
        }
    }

    /**
     * {@code int pcap_set_snaplen(pcap_t *p, int snaplen);}
     *
     * @throws PcapException (PCAP_ERROR_ACTIVATED) if the handle is already active.
     */
    public static void setSnaplen(final MemorySegment pcap, final int snaplen)
    {
        try
        {
            checkSetter("pcap_set_snaplen", pcap, snaplen, (int)SetSnaplen.HANDLE.invokeExact(pcap, snaplen));
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_set_snaplen", t);
        }
    }

    /**
     * {@code int pcap_set_promisc(pcap_t *p, int promisc);}
     *
     * @throws PcapException (PCAP_ERROR_ACTIVATED) if the handle is already active.
     */
    public static void setPromisc(final MemorySegment pcap, final boolean promiscuous)
    {
        final int value = promiscuous ? 1 : 0;
        try
        {
            checkSetter("pcap_set_promisc", pcap, value, (int)SetPromisc.HANDLE.invokeExact(pcap, value));
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_set_promisc", t);
        }
    }

    /**
     * {@code int pcap_set_timeout(pcap_t *p, int to_ms);} The packet buffer timeout: how long a dispatch may
     * wait to fill a buffer. Also bounds how long a blocking dispatch waits with no traffic.
     *
     * @throws PcapException (PCAP_ERROR_ACTIVATED) if the handle is already active.
     */
    public static void setTimeout(final MemorySegment pcap, final int timeoutMillis)
    {
        try
        {
            checkSetter("pcap_set_timeout", pcap, timeoutMillis, (int)SetTimeout.HANDLE.invokeExact(pcap, timeoutMillis));
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_set_timeout", t);
        }
    }

    /**
     * {@code int pcap_set_buffer_size(pcap_t *p, int buffer_size);} The kernel ring size, bytes.
     *
     * @throws PcapException (PCAP_ERROR_ACTIVATED) if the handle is already active.
     */
    public static void setBufferSize(final MemorySegment pcap, final int bytes)
    {
        try
        {
            checkSetter("pcap_set_buffer_size", pcap, bytes, (int)SetBufferSize.HANDLE.invokeExact(pcap, bytes));
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_set_buffer_size", t);
        }
    }

    /**
     * {@code int pcap_set_immediate_mode(pcap_t *p, int immediate_mode);} (libpcap 1.5+)
     *
     * @throws PcapException (PCAP_ERROR_ACTIVATED) if the handle is already active.
     */
    public static void setImmediateMode(final MemorySegment pcap, final boolean immediate)
    {
        final int value = immediate ? 1 : 0;
        try
        {
            checkSetter("pcap_set_immediate_mode", pcap, value, (int)SetImmediateMode.HANDLE.invokeExact(pcap, value));
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_set_immediate_mode", t);
        }
    }

    /**
     * {@code int pcap_set_tstamp_precision(pcap_t *p, int tstamp_precision);} (libpcap 1.5+)
     *
     * @param precision {@link #PCAP_TSTAMP_PRECISION_MICRO} or {@link #PCAP_TSTAMP_PRECISION_NANO}.
     * @throws PcapException PCAP_ERROR_TSTAMP_PRECISION_NOTSUP, or PCAP_ERROR_ACTIVATED.
     */
    public static void setTstampPrecision(final MemorySegment pcap, final int precision)
    {
        try
        {
            checkSetter(
                "pcap_set_tstamp_precision", pcap, precision, (int)SetTstampPrecision.HANDLE.invokeExact(pcap, precision));
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_set_tstamp_precision", t);
        }
    }

    /**
     * {@code int pcap_activate(pcap_t *p);}
     *
     * @return 0, or a positive {@code PCAP_WARNING*} code (details in {@link #geterr(MemorySegment)}).
     * @throws PcapException for a negative status, named (PCAP_ERROR_PERM_DENIED, PCAP_ERROR_NO_SUCH_DEVICE, ...)
     *                       with libpcap's message and what to do.
     */
    public static int activate(final MemorySegment pcap)
    {
        return activate(pcap, null);
    }

    /**
     * {@code int pcap_activate(pcap_t *p);} naming the device in the error message.
     *
     * @param device the name given to {@link #create(String)}, for messages only; may be null.
     * @return 0, or a positive {@code PCAP_WARNING*} code (details in {@link #geterr(MemorySegment)}).
     * @throws PcapException for a negative status, named, with libpcap's message and what to do.
     */
    public static int activate(final MemorySegment pcap, final String device)
    {
        final int status;
        try
        {
            status = (int)Activate.HANDLE.invokeExact(pcap);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_activate", t);
        }
        if (status < 0)
        {
            final String hint = switch (status)
            {
                case PCAP_ERROR_PERM_DENIED -> "live capture needs root or CAP_NET_RAW";
                case PCAP_ERROR_PROMISC_PERM_DENIED -> "promiscuous mode needs root or CAP_NET_ADMIN";
                case PCAP_ERROR_NO_SUCH_DEVICE -> "check the interface name with 'ip link'";
                case PCAP_ERROR_IFACE_NOT_UP -> "bring the interface up first";
                default -> null;
            };
            final String call = null == device ? "pcap_activate()" : "pcap_activate(\"" + device + "\")";
            throw new PcapException(call, status, geterr(pcap), hint);
        }
        return status;
    }

    // =================================================================================================
    // filters
    // =================================================================================================

    /**
     * Compiles {@code expression} with {@code pcap_compile} (optimised), installs it with
     * {@code pcap_setfilter} and frees it with {@code pcap_freecode}. Cold path. Not possible on a
     * {@link #openDead} handle (libpcap refuses); compile there and use {@link #offlineFilter} instead.
     *
     * @param netmask the capture network's netmask, or {@link #PCAP_NETMASK_UNKNOWN}.
     * @throws PcapException with libpcap's message when the expression does not compile or cannot be set.
     */
    public static void setFilter(final MemorySegment pcap, final String expression, final int netmask)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment program = BpfProgram.allocate(arena);
            compile(pcap, program, expression, true, netmask);
            try
            {
                setFilter(pcap, program, expression);
            }
            finally
            {
                freeCode(program);
            }
        }
    }

    /**
     * {@code int pcap_compile(pcap_t *p, struct bpf_program *fp, const char *str, int optimize,
     * bpf_u_int32 netmask);} Works on live, file and {@link #openDead} handles. Cold path.
     *
     * @param program a {@link BpfProgram} the caller owns; release it with {@link #freeCode} once compiled.
     * @param netmask the capture network's netmask, or {@link #PCAP_NETMASK_UNKNOWN}.
     * @throws PcapException with libpcap's message (pcap_geterr) when the expression does not compile.
     */
    public static void compile(
        final MemorySegment pcap,
        final MemorySegment program,
        final String expression,
        final boolean optimize,
        final int netmask)
    {
        final int result;
        try (Arena arena = Arena.ofConfined())
        {
            result = (int)Compile.HANDLE.invokeExact(pcap, program, arena.allocateFrom(expression), optimize ? 1 : 0, netmask);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_compile", t);
        }
        if (0 != result)
        {
            throw new PcapException("pcap_compile(\"" + expression + "\")", result, geterr(pcap), null);
        }
    }

    /**
     * {@code int pcap_setfilter(pcap_t *p, struct bpf_program *fp);} libpcap copies the program: it may be freed
     * afterwards. Cold path.
     *
     * @param description what the program is, for the error message (its expression, say); may be null.
     * @throws PcapException with libpcap's message (pcap_geterr).
     */
    public static void setFilter(final MemorySegment pcap, final MemorySegment program, final String description)
    {
        final int result;
        try
        {
            result = (int)SetFilter.HANDLE.invokeExact(pcap, program);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_setfilter", t);
        }
        if (0 != result)
        {
            final String call = null == description ? "pcap_setfilter()" : "pcap_setfilter(\"" + description + "\")";
            throw new PcapException(call, result, geterr(pcap), null);
        }
    }

    /**
     * {@code void pcap_freecode(struct bpf_program *fp);} Releases the instructions of a compiled program; safe
     * on a zeroed or already freed {@link BpfProgram} (libpcap resets it).
     */
    public static void freeCode(final MemorySegment program)
    {
        try
        {
            FreeCode.HANDLE.invokeExact(program);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_freecode", t);
        }
    }

    /**
     * {@code int pcap_offline_filter(const struct bpf_program *fp, const struct pcap_pkthdr *h,
     * const u_char *pkt);} Runs a compiled program over one packet in user space, with header and data given as
     * addresses in {@link #PACKET_MEMORY} as a {@link PcapHandler} receives them. Allocates nothing.
     *
     * @return true when the program accepts the packet (non-zero snapshot length).
     */
    public static boolean offlineFilter(final MemorySegment program, final long headerAddress, final long dataAddress)
    {
        try
        {
            return 0 != (int)OfflineFilter.HANDLE.invokeExact(program, headerAddress, dataAddress);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_offline_filter", t);
        }
    }

    // =================================================================================================
    // reading packets
    // =================================================================================================

    /**
     * {@code int pcap_dispatch(pcap_t *p, int cnt, pcap_handler callback, u_char *user);} through the one
     * upcall stub, handing each packet to {@code handler} on this thread. Allocates nothing. Re-entrant: a handler
     * may dispatch on another handle.
     *
     * @param count at most this many packets; -1 for one buffer (live) or all (file).
     * @return packets processed; 0 on timeout (live) or end of file; {@link #PCAP_ERROR_BREAK} after
     * {@link #breakLoop(MemorySegment)}.
     * @throws PcapException for PCAP_ERROR, with libpcap's message.
     * @throws RuntimeException what the handler threw (checked ones wrapped), after libpcap returned.
     */
    public static int dispatch(final MemorySegment pcap, final int count, final PcapHandler handler)
    {
        final DispatchContext context = DISPATCH_CONTEXT.get();
        final PcapHandler previousHandler = context.handler;
        final MemorySegment previousPcap = context.pcap;
        final Throwable previousFailure = context.failure;
        context.handler = handler;
        context.pcap = pcap;
        context.failure = null;
        final int result;
        final Throwable failure;
        try
        {
            result = dispatchRaw(pcap, count, Upcall.STUB, MemorySegment.NULL);
        }
        finally
        {
            failure = context.failure;
            context.handler = previousHandler;
            context.pcap = previousPcap;
            context.failure = previousFailure;
        }
        if (null != failure)
        {
            throw rethrowable(failure);
        }
        if (PCAP_ERROR == result)
        {
            throw new PcapException("pcap_dispatch()", result, geterr(pcap), null);
        }
        return result;
    }

    /**
     * {@code int pcap_dispatch(pcap_t *p, int cnt, pcap_handler callback, u_char *user);} unchecked, with the
     * caller's own callback stub.
     *
     * @return libpcap's return value.
     */
    public static int dispatchRaw(
        final MemorySegment pcap, final int count, final MemorySegment callback, final MemorySegment user)
    {
        try
        {
            return (int)Dispatch.HANDLE.invokeExact(pcap, count, callback, user);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_dispatch", t);
        }
    }

    /**
     * Allocates a pointer-sized out-parameter for {@link #nextEx}. Allocate two once per reader.
     */
    public static MemorySegment allocateSlot(final Arena arena)
    {
        return arena.allocate(C_POINTER);
    }

    /**
     * The address a slot holds after {@link #nextEx} returned 1: an offset into {@link #PACKET_MEMORY}.
     */
    public static long slotAddress(final MemorySegment slot)
    {
        return slot.get(JAVA_LONG, 0);
    }

    /**
     * {@code int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **pkt_header, const u_char **pkt_data);}
     * Allocates nothing. After 1, {@link #slotAddress}{@code (headerSlot)} and {@code (dataSlot)} locate the
     * header and data in {@link #PACKET_MEMORY}, valid until the next call on this handle.
     *
     * @return 1 for a packet; 0 on live timeout; {@link #PCAP_ERROR_BREAK} at end of file or after breakloop.
     * @throws PcapException for PCAP_ERROR, with libpcap's message (for example a truncated file).
     */
    public static int nextEx(final MemorySegment pcap, final MemorySegment headerSlot, final MemorySegment dataSlot)
    {
        final int result;
        try
        {
            result = (int)NextEx.HANDLE.invokeExact(pcap, headerSlot, dataSlot);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_next_ex", t);
        }
        if (PCAP_ERROR == result)
        {
            throw new PcapException("pcap_next_ex()", result, geterr(pcap), null);
        }
        return result;
    }

    /**
     * {@code void pcap_breakloop(pcap_t *p);} Safe from any thread.
     */
    public static void breakLoop(final MemorySegment pcap)
    {
        try
        {
            BreakLoop.HANDLE.invokeExact(pcap);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_breakloop", t);
        }
    }

    /**
     * {@code int pcap_stats(pcap_t *p, struct pcap_stat *ps);} into a {@link PcapStat} segment the caller keeps.
     *
     * @throws PcapException with libpcap's message (files have no statistics).
     */
    public static void stats(final MemorySegment pcap, final MemorySegment stat)
    {
        final int result;
        try
        {
            result = (int)Stats.HANDLE.invokeExact(pcap, stat);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_stats", t);
        }
        if (0 != result)
        {
            throw new PcapException("pcap_stats()", result, geterr(pcap), null);
        }
    }

    // =================================================================================================
    // files
    // =================================================================================================

    /**
     * {@code pcap_t *pcap_open_offline(const char *fname, char *errbuf);} with microsecond timestamps.
     *
     * @throws PcapException with libpcap's message (missing file, not a capture file, ...).
     */
    public static MemorySegment openOffline(final String path)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment errbuf = arena.allocate(PCAP_ERRBUF_SIZE);
            final MemorySegment pcap = (MemorySegment)OpenOffline.HANDLE.invokeExact(arena.allocateFrom(path), errbuf);
            return checkOpened("pcap_open_offline(\"" + path + "\")", pcap, errbuf);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_open_offline", t);
        }
    }

    /**
     * {@code pcap_t *pcap_open_offline_with_tstamp_precision(const char *fname, u_int precision, char *errbuf);}
     *
     * @param precision {@link #PCAP_TSTAMP_PRECISION_NANO} to get nanoseconds in {@code tv_usec}.
     * @throws PcapException with libpcap's message.
     */
    public static MemorySegment openOffline(final String path, final int precision)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment errbuf = arena.allocate(PCAP_ERRBUF_SIZE);
            final MemorySegment pcap = (MemorySegment)OpenOfflineWithTstampPrecision.HANDLE.invokeExact(
                arena.allocateFrom(path), precision, errbuf);
            return checkOpened("pcap_open_offline_with_tstamp_precision(\"" + path + "\")", pcap, errbuf);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_open_offline_with_tstamp_precision", t);
        }
    }

    /**
     * {@code pcap_t *pcap_open_dead_with_tstamp_precision(int linktype, int snaplen, u_int precision);} A handle
     * with no source, for writing files with {@link #dumpOpen}.
     *
     * @param dataLinkType a {@code DLT_*} value.
     */
    public static MemorySegment openDead(final int dataLinkType, final int snaplen, final int precision)
    {
        final MemorySegment pcap;
        try
        {
            pcap = (MemorySegment)OpenDeadWithTstampPrecision.HANDLE.invokeExact(dataLinkType, snaplen, precision);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_open_dead_with_tstamp_precision", t);
        }
        if (isNull(pcap))
        {
            throw new PcapException(
                "pcap_open_dead_with_tstamp_precision(dlt " + dataLinkType + ")", PCAP_ERROR, "out of memory", null);
        }
        return pcap;
    }

    /**
     * {@code int pcap_datalink(pcap_t *p);}
     *
     * @return a {@code DLT_*} value; {@link LinkType#fromDlt(int)} gives the file-format value.
     */
    public static int datalink(final MemorySegment pcap)
    {
        try
        {
            return (int)Datalink.HANDLE.invokeExact(pcap);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_datalink", t);
        }
    }

    /**
     * {@code pcap_dumper_t *pcap_dump_open(pcap_t *p, const char *fname);} Writes the file header for the handle's
     * link type, snapshot length and timestamp precision.
     *
     * @throws PcapException with libpcap's message.
     */
    public static MemorySegment dumpOpen(final MemorySegment pcap, final String path)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment dumper = (MemorySegment)DumpOpen.HANDLE.invokeExact(pcap, arena.allocateFrom(path));
            if (isNull(dumper))
            {
                throw new PcapException("pcap_dump_open(\"" + path + "\")", PCAP_ERROR, geterr(pcap), null);
            }
            return dumper;
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_dump_open", t);
        }
    }

    /**
     * {@code void pcap_dump(u_char *user, const struct pcap_pkthdr *h, const u_char *sp);} with the dumper as
     * {@code user}. Buffered (stdio); write errors surface in {@link #dumpFlush}.
     *
     * @param header a {@link PcapPkthdr}; {@code caplen} bytes of {@code data} are written.
     */
    public static void dump(final MemorySegment dumper, final MemorySegment header, final MemorySegment data)
    {
        try
        {
            Dump.HANDLE.invokeExact(dumper, header, data);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_dump", t);
        }
    }

    /**
     * {@code pcap_dump} for a header and data given as addresses in {@link #PACKET_MEMORY}, as a
     * {@link PcapHandler} receives them: writes a dispatched packet without creating segments.
     */
    public static void dumpAddresses(final MemorySegment dumper, final long headerAddress, final long dataAddress)
    {
        try
        {
            DumpAddresses.HANDLE.invokeExact(dumper, headerAddress, dataAddress);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_dump", t);
        }
    }

    /**
     * {@code int pcap_dump_flush(pcap_dumper_t *p);}
     *
     * @throws PcapException when the buffered data cannot be written (disk full, ...).
     */
    public static void dumpFlush(final MemorySegment dumper)
    {
        final int result;
        try
        {
            result = (int)DumpFlush.HANDLE.invokeExact(dumper);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_dump_flush", t);
        }
        if (0 != result)
        {
            throw new PcapException("pcap_dump_flush()", result, "write failed (see errno of the file system)", null);
        }
    }

    /**
     * {@code void pcap_dump_close(pcap_dumper_t *p);}
     */
    public static void dumpClose(final MemorySegment dumper)
    {
        try
        {
            DumpClose.HANDLE.invokeExact(dumper);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_dump_close", t);
        }
    }

    // =================================================================================================
    // misc
    // =================================================================================================

    /**
     * {@code char *pcap_geterr(pcap_t *p);} The text of the handle's last error. Cold path.
     */
    public static String geterr(final MemorySegment pcap)
    {
        try
        {
            final String text = cString((MemorySegment)GetErr.HANDLE.invokeExact(pcap));
            return null == text ? "" : text;
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_geterr", t);
        }
    }

    /**
     * {@code void pcap_close(pcap_t *p);}
     */
    public static void close(final MemorySegment pcap)
    {
        try
        {
            Close.HANDLE.invokeExact(pcap);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_close", t);
        }
    }

    /**
     * {@code int pcap_get_selectable_fd(pcap_t *p);}
     *
     * @return a descriptor to poll for readability, or -1 when there is none.
     */
    public static int selectableFd(final MemorySegment pcap)
    {
        try
        {
            return (int)GetSelectableFd.HANDLE.invokeExact(pcap);
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_get_selectable_fd", t);
        }
    }

    /**
     * {@code int pcap_setnonblock(pcap_t *p, int nonblock, char *errbuf);} Cold path.
     *
     * @throws PcapException with libpcap's message.
     */
    public static void setNonblock(final MemorySegment pcap, final boolean nonblocking)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment errbuf = arena.allocate(PCAP_ERRBUF_SIZE);
            final int result = (int)SetNonblock.HANDLE.invokeExact(pcap, nonblocking ? 1 : 0, errbuf);
            if (result < 0)
            {
                throw new PcapException("pcap_setnonblock(" + nonblocking + ")", result, errbuf.getString(0), null);
            }
        }
        catch (final Throwable t)
        {
            throw Libc.unexpected("pcap_setnonblock", t);
        }
    }

    // =================================================================================================
    // internals
    // =================================================================================================

    /** What the upcall stub needs, per dispatching thread. Written and read only by that thread. */
    private static final class DispatchContext
    {
        PcapHandler handler;
        MemorySegment pcap;
        Throwable failure;
    }

    /**
     * The upcall target: {@code void (*)(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)} with the
     * pointers received as 64-bit integers. Nothing may escape into C: every throwable is caught and stored.
     */
    @SuppressWarnings("unused") // bound by Upcall
    private static void onDispatchedPacket(final long user, final long header, final long data)
    {
        DispatchContext context = null;
        try
        {
            context = DISPATCH_CONTEXT.get();
            final PcapHandler handler = context.handler;
            if (null != handler && null == context.failure)
            {
                handler.onPacket(PACKET_MEMORY, header, data);
            }
        }
        catch (final Throwable t)
        {
            if (null != context)
            {
                context.failure = t;
                try
                {
                    BreakLoop.HANDLE.invokeExact(context.pcap);
                }
                catch (final Throwable ignore)
                {
                    // The failure is already recorded; dispatch ends at the end of this buffer at the latest.
                }
            }
        }
    }

    private static RuntimeException rethrowable(final Throwable failure)
    {
        if (failure instanceof RuntimeException re)
        {
            return re;
        }
        if (failure instanceof Error e)
        {
            throw e;
        }
        return new IllegalStateException("PcapHandler threw a checked exception", failure);
    }

    private static void checkSetter(final String call, final MemorySegment pcap, final int value, final int result)
    {
        if (0 != result)
        {
            final String detail = PCAP_ERROR_ACTIVATED == result ? "the handle is already activated" : geterr(pcap);
            throw new PcapException(call + "(" + value + ")", result, detail, null);
        }
    }

    private static MemorySegment checkOpened(final String call, final MemorySegment pcap, final MemorySegment errbuf)
    {
        if (isNull(pcap))
        {
            throw new PcapException(call, PCAP_ERROR, errbuf.getString(0), null);
        }
        return pcap;
    }

    @SuppressWarnings("restricted")
    private static List<InetAddress> addresses(final MemorySegment first)
    {
        final List<InetAddress> addresses = new ArrayList<>();
        for (MemorySegment entry = first; !isNull(entry); entry = PcapAddr.next(entry))
        {
            entry = entry.reinterpret(PcapAddr.sizeof());
            final MemorySegment sockaddr = PcapAddr.addr(entry);
            if (isNull(sockaddr))
            {
                continue;
            }
            final int family = Sockaddr.sa_family(sockaddr.reinterpret(Sockaddr.sizeof()));
            try
            {
                if (Libc.AF_INET == family)
                {
                    addresses.add(InetAddress.getByAddress(SockaddrIn.sin_addr(sockaddr.reinterpret(SockaddrIn.sizeof()))));
                }
                else if (Libc.AF_INET6 == family)
                {
                    final MemorySegment in6 = sockaddr.reinterpret(SockaddrIn6.sizeof());
                    addresses.add(Inet6Address.getByAddress(null, SockaddrIn6.sin6_addr(in6), SockaddrIn6.sin6_scope_id(in6)));
                }
            }
            catch (final UnknownHostException ignore)
            {
                // Cannot happen for 4- and 16-byte arrays.
            }
        }
        return List.copyOf(addresses);
    }

    private static boolean isNull(final MemorySegment pointer)
    {
        return 0 == pointer.address();
    }

    @SuppressWarnings("restricted") // reading a NUL-terminated C string of unknown length
    private static String cString(final MemorySegment pointer)
    {
        return isNull(pointer) ? null : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    @SuppressWarnings("restricted") // the one segment that spans all memory, for reading libpcap's buffers
    private static MemorySegment wholeAddressSpace()
    {
        return MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    }

    private static final class Library
    {
        static final SymbolLookup LOOKUP;
        static final String NAME;
        static final String FAILURE;

        static
        {
            final StringBuilder failures = new StringBuilder();
            final String[] loaded = new String[1];
            LOOKUP = loadFirst(LIBRARY_NAMES, loaded, failures);
            NAME = loaded[0];
            FAILURE = null != LOOKUP ? null : failures.toString();
        }
    }

    /**
     * Loads the first library of {@code sonames} that the dynamic loader finds, for the life of the JVM.
     *
     * @param loadedName receives the soname loaded at index 0.
     * @param failure    receives the operator message when none loads: every name tried and why it failed.
     * @return the lookup, or null when none loaded.
     */
    @SuppressWarnings("restricted") // loading the library for the life of the JVM
    static SymbolLookup loadFirst(final List<String> sonames, final String[] loadedName, final StringBuilder failure)
    {
        final StringBuilder reasons = new StringBuilder();
        for (final String candidate : sonames)
        {
            try
            {
                final SymbolLookup lookup = SymbolLookup.libraryLookup(candidate, Arena.global());
                loadedName[0] = candidate;
                return lookup;
            }
            catch (final IllegalArgumentException e)
            {
                reasons.append(reasons.isEmpty() ? "" : "; ").append(candidate).append(": ").append(e.getMessage());
            }
        }
        failure.append("libpcap not found: tried ").append(sonames).append(" (").append(reasons)
            .append("); install the libpcap runtime package (Debian/Ubuntu: libpcap0.8, RHEL/Fedora: libpcap)");
        return null;
    }

    @SuppressWarnings("restricted") // the one place that links libpcap functions
    private static MethodHandle downcall(final String name, final FunctionDescriptor descriptor)
    {
        if (null == Library.LOOKUP)
        {
            return throwing(descriptor.toMethodType(), Library.FAILURE);
        }
        final Optional<MemorySegment> symbol = Library.LOOKUP.find(name);
        if (symbol.isEmpty())
        {
            return throwing(descriptor.toMethodType(), Library.NAME + " has no function " + name +
                ": this libpcap is too old (1.5 or later is needed)");
        }
        return LINKER.downcallHandle(symbol.get(), descriptor);
    }

    /** A handle of the function's type that throws {@link PcapLibraryNotFoundException} with the message. */
    static MethodHandle throwing(final MethodType type, final String message)
    {
        try
        {
            final MethodHandle constructor = MethodHandles.lookup().findConstructor(
                PcapLibraryNotFoundException.class, MethodType.methodType(void.class, String.class));
            final MethodHandle factory = MethodHandles.insertArguments(constructor, 0, message);
            final MethodHandle thrower = MethodHandles.throwException(type.returnType(), PcapLibraryNotFoundException.class);
            return MethodHandles.dropArguments(MethodHandles.foldArguments(thrower, factory), 0, type.parameterList());
        }
        catch (final ReflectiveOperationException e)
        {
            throw new IllegalStateException(e);
        }
    }

    private static final class Upcall
    {
        static final MemorySegment STUB = stub();

        @SuppressWarnings("restricted") // made once, lives as long as the JVM
        private static MemorySegment stub()
        {
            try
            {
                final MethodHandle target = MethodHandles.lookup().findStatic(
                    Pcap.class,
                    "onDispatchedPacket",
                    MethodType.methodType(void.class, long.class, long.class, long.class));
                return LINKER.upcallStub(target, FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG), Arena.global());
            }
            catch (final ReflectiveOperationException e)
            {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class LibVersion
    {
        static final MethodHandle HANDLE = downcall("pcap_lib_version", FunctionDescriptor.of(C_POINTER));
    }

    private static final class FindAllDevs
    {
        static final MethodHandle HANDLE = downcall(
            "pcap_findalldevs", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER));
    }

    private static final class FreeAllDevs
    {
        static final MethodHandle HANDLE = downcall("pcap_freealldevs", FunctionDescriptor.ofVoid(C_POINTER));
    }

    private static final class Create
    {
        static final MethodHandle HANDLE = downcall("pcap_create", FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
    }

    private static final class SetSnaplen
    {
        static final MethodHandle HANDLE = downcall("pcap_set_snaplen", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT));
    }

    private static final class SetPromisc
    {
        static final MethodHandle HANDLE = downcall("pcap_set_promisc", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT));
    }

    private static final class SetTimeout
    {
        static final MethodHandle HANDLE = downcall("pcap_set_timeout", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT));
    }

    private static final class SetBufferSize
    {
        static final MethodHandle HANDLE = downcall(
            "pcap_set_buffer_size", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT));
    }

    private static final class SetImmediateMode
    {
        static final MethodHandle HANDLE = downcall(
            "pcap_set_immediate_mode", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT));
    }

    private static final class SetTstampPrecision
    {
        static final MethodHandle HANDLE = downcall(
            "pcap_set_tstamp_precision", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT));
    }

    private static final class Activate
    {
        static final MethodHandle HANDLE = downcall("pcap_activate", FunctionDescriptor.of(JAVA_INT, C_POINTER));
    }

    private static final class Compile
    {
        static final MethodHandle HANDLE = downcall(
            "pcap_compile", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER, C_POINTER, JAVA_INT, JAVA_INT));
    }

    private static final class SetFilter
    {
        static final MethodHandle HANDLE = downcall("pcap_setfilter", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER));
    }

    private static final class FreeCode
    {
        static final MethodHandle HANDLE = downcall("pcap_freecode", FunctionDescriptor.ofVoid(C_POINTER));
    }

    private static final class OfflineFilter
    {
        // Header and data passed as 64-bit integers (identical to pointers in the LP64 ABIs), as PcapHandler has them.
        static final MethodHandle HANDLE = downcall(
            "pcap_offline_filter", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_LONG, JAVA_LONG));
    }

    private static final class Dispatch
    {
        static final MethodHandle HANDLE = downcall(
            "pcap_dispatch", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT, C_POINTER, C_POINTER));
    }

    private static final class NextEx
    {
        static final MethodHandle HANDLE = downcall(
            "pcap_next_ex", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER, C_POINTER));
    }

    private static final class BreakLoop
    {
        static final MethodHandle HANDLE = downcall("pcap_breakloop", FunctionDescriptor.ofVoid(C_POINTER));
    }

    private static final class Stats
    {
        static final MethodHandle HANDLE = downcall("pcap_stats", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER));
    }

    private static final class OpenOffline
    {
        static final MethodHandle HANDLE = downcall(
            "pcap_open_offline", FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
    }

    private static final class OpenOfflineWithTstampPrecision
    {
        static final MethodHandle HANDLE = downcall(
            "pcap_open_offline_with_tstamp_precision", FunctionDescriptor.of(C_POINTER, C_POINTER, JAVA_INT, C_POINTER));
    }

    private static final class OpenDeadWithTstampPrecision
    {
        static final MethodHandle HANDLE = downcall(
            "pcap_open_dead_with_tstamp_precision", FunctionDescriptor.of(C_POINTER, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class Datalink
    {
        static final MethodHandle HANDLE = downcall("pcap_datalink", FunctionDescriptor.of(JAVA_INT, C_POINTER));
    }

    private static final class DumpOpen
    {
        static final MethodHandle HANDLE = downcall("pcap_dump_open", FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
    }

    private static final class Dump
    {
        static final MethodHandle HANDLE = downcall("pcap_dump", FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER));
    }

    private static final class DumpAddresses
    {
        // Same function; header and data pointers passed as 64-bit integers (identical in the LP64 ABIs).
        static final MethodHandle HANDLE = downcall("pcap_dump", FunctionDescriptor.ofVoid(C_POINTER, JAVA_LONG, JAVA_LONG));
    }

    private static final class DumpFlush
    {
        static final MethodHandle HANDLE = downcall("pcap_dump_flush", FunctionDescriptor.of(JAVA_INT, C_POINTER));
    }

    private static final class DumpClose
    {
        static final MethodHandle HANDLE = downcall("pcap_dump_close", FunctionDescriptor.ofVoid(C_POINTER));
    }

    private static final class GetErr
    {
        static final MethodHandle HANDLE = downcall("pcap_geterr", FunctionDescriptor.of(C_POINTER, C_POINTER));
    }

    private static final class Close
    {
        static final MethodHandle HANDLE = downcall("pcap_close", FunctionDescriptor.ofVoid(C_POINTER));
    }

    private static final class GetSelectableFd
    {
        static final MethodHandle HANDLE = downcall("pcap_get_selectable_fd", FunctionDescriptor.of(JAVA_INT, C_POINTER));
    }

    private static final class SetNonblock
    {
        static final MethodHandle HANDLE = downcall(
            "pcap_setnonblock", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT, C_POINTER));
    }
}
