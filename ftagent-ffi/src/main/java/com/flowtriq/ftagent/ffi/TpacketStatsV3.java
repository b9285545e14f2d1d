package com.flowtriq.ftagent.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct tpacket_stats_v3} from {@code linux/if_packet.h}: what {@code getsockopt(SOL_PACKET,
 * PACKET_STATISTICS)} returns on a TPACKET_V3 socket. The kernel clears the counters on each read, so the
 * caller accumulates them.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                        tp_packets                             |  0
 *  |                        tp_drops                               |  4
 *  |                        tp_freeze_q_cnt                        |  8
 *  +---------------------------------------------------------------+ 12
 * </pre>
 */
public final class TpacketStatsV3
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_packets"),
        JAVA_INT.withName("tp_drops"),
        JAVA_INT.withName("tp_freeze_q_cnt")).withName("tpacket_stats_v3");

    public static final long TP_PACKETS_OFFSET = LAYOUT.byteOffset(groupElement("tp_packets"));
    public static final long TP_DROPS_OFFSET = LAYOUT.byteOffset(groupElement("tp_drops"));
    public static final long TP_FREEZE_Q_CNT_OFFSET = LAYOUT.byteOffset(groupElement("tp_freeze_q_cnt"));

    private TpacketStatsV3()
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

    /** Packets received since the last read, including dropped ones (unsigned, widened). */
    public static long tp_packets(final MemorySegment s)
    {
        return Integer.toUnsignedLong(s.get(JAVA_INT, TP_PACKETS_OFFSET));
    }

    /** Packets dropped because the ring was full since the last read (unsigned, widened). */
    public static long tp_drops(final MemorySegment s)
    {
        return Integer.toUnsignedLong(s.get(JAVA_INT, TP_DROPS_OFFSET));
    }

    /** Times the queue was frozen because no block was free, since the last read (unsigned, widened). */
    public static long tp_freeze_q_cnt(final MemorySegment s)
    {
        return Integer.toUnsignedLong(s.get(JAVA_INT, TP_FREEZE_Q_CNT_OFFSET));
    }
}
