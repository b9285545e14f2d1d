package com.flowtriq.ftagent.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct pcap_stat} from {@code pcap/pcap.h} (non-Windows: three counters), filled by
 * {@link Pcap#stats(MemorySegment, MemorySegment)}. On Linux the counters are cumulative since activation.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                        ps_recv                                |  0
 *  |                        ps_drop                                |  4
 *  |                        ps_ifdrop                              |  8
 *  +---------------------------------------------------------------+ 12
 * </pre>
 */
public final class PcapStat
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("ps_recv"),
        JAVA_INT.withName("ps_drop"),
        JAVA_INT.withName("ps_ifdrop")).withName("pcap_stat");

    public static final long PS_RECV_OFFSET = LAYOUT.byteOffset(groupElement("ps_recv"));
    public static final long PS_DROP_OFFSET = LAYOUT.byteOffset(groupElement("ps_drop"));
    public static final long PS_IFDROP_OFFSET = LAYOUT.byteOffset(groupElement("ps_ifdrop"));

    private PcapStat()
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

    /** Packets received (unsigned, widened). */
    public static long ps_recv(final MemorySegment s)
    {
        return Integer.toUnsignedLong(s.get(JAVA_INT, PS_RECV_OFFSET));
    }

    /** Packets dropped because the buffer was full (unsigned, widened). */
    public static long ps_drop(final MemorySegment s)
    {
        return Integer.toUnsignedLong(s.get(JAVA_INT, PS_DROP_OFFSET));
    }

    /** Packets dropped by the interface or driver (unsigned, widened). */
    public static long ps_ifdrop(final MemorySegment s)
    {
        return Integer.toUnsignedLong(s.get(JAVA_INT, PS_IFDROP_OFFSET));
    }
}
