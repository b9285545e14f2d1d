package com.flowtriq.ftagent.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct tpacket_req3} from {@code linux/if_packet.h}: the argument of {@code PACKET_RX_RING} (and
 * {@code PACKET_TX_RING}) for TPACKET_V3.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        tp_block_size                          |  0
 *  |                        tp_block_nr                            |  4
 *  |                        tp_frame_size                          |  8
 *  |                        tp_frame_nr                            | 12
 *  |                        tp_retire_blk_tov (ms)                 | 16
 *  |                        tp_sizeof_priv                         | 20
 *  |                        tp_feature_req_word                    | 24
 *  +---------------------------------------------------------------+  28
 * </pre>
 */
public final class TpacketReq3
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_block_size"),
        JAVA_INT.withName("tp_block_nr"),
        JAVA_INT.withName("tp_frame_size"),
        JAVA_INT.withName("tp_frame_nr"),
        JAVA_INT.withName("tp_retire_blk_tov"),
        JAVA_INT.withName("tp_sizeof_priv"),
        JAVA_INT.withName("tp_feature_req_word")).withName("tpacket_req3");

    public static final long TP_BLOCK_SIZE_OFFSET = LAYOUT.byteOffset(groupElement("tp_block_size"));
    public static final long TP_BLOCK_NR_OFFSET = LAYOUT.byteOffset(groupElement("tp_block_nr"));
    public static final long TP_FRAME_SIZE_OFFSET = LAYOUT.byteOffset(groupElement("tp_frame_size"));
    public static final long TP_FRAME_NR_OFFSET = LAYOUT.byteOffset(groupElement("tp_frame_nr"));
    public static final long TP_RETIRE_BLK_TOV_OFFSET = LAYOUT.byteOffset(groupElement("tp_retire_blk_tov"));
    public static final long TP_SIZEOF_PRIV_OFFSET = LAYOUT.byteOffset(groupElement("tp_sizeof_priv"));
    public static final long TP_FEATURE_REQ_WORD_OFFSET = LAYOUT.byteOffset(groupElement("tp_feature_req_word"));

    private TpacketReq3()
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

    public static int tp_block_size(final MemorySegment s)
    {
        return s.get(JAVA_INT, TP_BLOCK_SIZE_OFFSET);
    }

    public static void tp_block_size(final MemorySegment s, final int value)
    {
        s.set(JAVA_INT, TP_BLOCK_SIZE_OFFSET, value);
    }

    public static int tp_block_nr(final MemorySegment s)
    {
        return s.get(JAVA_INT, TP_BLOCK_NR_OFFSET);
    }

    public static void tp_block_nr(final MemorySegment s, final int value)
    {
        s.set(JAVA_INT, TP_BLOCK_NR_OFFSET, value);
    }

    public static int tp_frame_size(final MemorySegment s)
    {
        return s.get(JAVA_INT, TP_FRAME_SIZE_OFFSET);
    }

    public static void tp_frame_size(final MemorySegment s, final int value)
    {
        s.set(JAVA_INT, TP_FRAME_SIZE_OFFSET, value);
    }

    public static int tp_frame_nr(final MemorySegment s)
    {
        return s.get(JAVA_INT, TP_FRAME_NR_OFFSET);
    }

    public static void tp_frame_nr(final MemorySegment s, final int value)
    {
        s.set(JAVA_INT, TP_FRAME_NR_OFFSET, value);
    }

    public static int tp_retire_blk_tov(final MemorySegment s)
    {
        return s.get(JAVA_INT, TP_RETIRE_BLK_TOV_OFFSET);
    }

    public static void tp_retire_blk_tov(final MemorySegment s, final int value)
    {
        s.set(JAVA_INT, TP_RETIRE_BLK_TOV_OFFSET, value);
    }

    public static int tp_sizeof_priv(final MemorySegment s)
    {
        return s.get(JAVA_INT, TP_SIZEOF_PRIV_OFFSET);
    }

    public static void tp_sizeof_priv(final MemorySegment s, final int value)
    {
        s.set(JAVA_INT, TP_SIZEOF_PRIV_OFFSET, value);
    }

    public static int tp_feature_req_word(final MemorySegment s)
    {
        return s.get(JAVA_INT, TP_FEATURE_REQ_WORD_OFFSET);
    }

    public static void tp_feature_req_word(final MemorySegment s, final int value)
    {
        s.set(JAVA_INT, TP_FEATURE_REQ_WORD_OFFSET, value);
    }
}
