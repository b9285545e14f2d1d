package com.flowtriq.ftagent.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct pcap_pkthdr} from {@code pcap/pcap.h}, as libpcap hands it to callers on a 64-bit platform
 * (24 bytes: a 16-byte {@code struct timeval}). This is the in-memory header, not the 16-byte record header of
 * a pcap file.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                     ts.tv_sec (64 bits)                       |  0
 *  |                     ts.tv_usec (64 bits; ns at NANO precision)|  8
 *  +---------------------------------------------------------------+
 *  |                     caplen (bytes present)                    | 16
 *  |                     len (bytes on the wire)                   | 20
 *  +---------------------------------------------------------------+ 24
 * </pre>
 *
 * <p>Accessors take a segment and the header's offset in it. For headers passed by libpcap, use
 * {@link Pcap#PACKET_MEMORY} and the header's address as the offset: nothing is allocated per packet.
 */
public final class PcapPkthdr
{
    /** {@code struct timeval} on LP64. */
    public static final StructLayout TIMEVAL_LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("tv_sec"),
        JAVA_LONG.withName("tv_usec")).withName("timeval");

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        TIMEVAL_LAYOUT.withName("ts"),
        JAVA_INT.withName("caplen"),
        JAVA_INT.withName("len")).withName("pcap_pkthdr");

    public static final long TS_OFFSET = LAYOUT.byteOffset(groupElement("ts"));
    public static final long TV_SEC_OFFSET = LAYOUT.byteOffset(groupElement("ts"), groupElement("tv_sec"));
    public static final long TV_USEC_OFFSET = LAYOUT.byteOffset(groupElement("ts"), groupElement("tv_usec"));
    public static final long CAPLEN_OFFSET = LAYOUT.byteOffset(groupElement("caplen"));
    public static final long LEN_OFFSET = LAYOUT.byteOffset(groupElement("len"));

    private PcapPkthdr()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    public static MemorySegment allocate(final Arena arena)
    {
        return arena.allocate(LAYOUT);
    }

    /** {@code ts.tv_sec}: seconds since the epoch. */
    public static long tv_sec(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_LONG, offset + TV_SEC_OFFSET);
    }

    public static void tv_sec(final MemorySegment s, final long offset, final long value)
    {
        s.set(JAVA_LONG, offset + TV_SEC_OFFSET, value);
    }

    /** {@code ts.tv_usec}: microseconds, or nanoseconds when the handle was opened with NANO precision. */
    public static long tv_usec(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_LONG, offset + TV_USEC_OFFSET);
    }

    public static void tv_usec(final MemorySegment s, final long offset, final long value)
    {
        s.set(JAVA_LONG, offset + TV_USEC_OFFSET, value);
    }

    /** Bytes present at the data pointer (at most the snapshot length). */
    public static int caplen(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_INT, offset + CAPLEN_OFFSET);
    }

    public static void caplen(final MemorySegment s, final long offset, final int value)
    {
        s.set(JAVA_INT, offset + CAPLEN_OFFSET, value);
    }

    /** Bytes of the packet on the wire; larger than {@link #caplen} when truncated. */
    public static int len(final MemorySegment s, final long offset)
    {
        return s.get(JAVA_INT, offset + LEN_OFFSET);
    }

    public static void len(final MemorySegment s, final long offset, final int value)
    {
        s.set(JAVA_INT, offset + LEN_OFFSET, value);
    }
}
