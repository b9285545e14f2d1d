package com.flowtriq.ftagent.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct tpacket_block_desc} from {@code linux/if_packet.h}, with its only header variant
 * {@code struct tpacket_hdr_v1 bh1} inside {@code union tpacket_bd_header_u hdr}: the descriptor at the start of
 * each TPACKET_V3 ring block.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                          version                              |  0
 *  |                          offset_to_priv                       |  4
 *  +-- hdr.bh1 ----------------------------------------------------+
 *  |                          block_status (acquire / release)     |  8
 *  |                          num_pkts                             | 12
 *  |                          offset_to_first_pkt                  | 16
 *  |                          blk_len                              | 20
 *  |                          seq_num (64 bits)                    | 24
 *  |                                                               |
 *  |                          ts_first_pkt.ts_sec                  | 32
 *  |                          ts_first_pkt.ts_usec / ts_nsec       | 36
 *  |                          ts_last_pkt.ts_sec                   | 40
 *  |                          ts_last_pkt.ts_usec / ts_nsec        | 44
 *  +---------------------------------------------------------------+  48
 * </pre>
 *
 * <p>Ownership: the kernel hands a block to user space by storing {@code TP_STATUS_USER} in
 * {@code block_status}; the reader loads it with {@link #block_status_acquire(MemorySegment, long)} (so the
 * packets written before the store are visible) and hands it back with
 * {@link #block_status_release(MemorySegment, long, int)} and {@link Libc#TP_STATUS_KERNEL} (so its reads
 * complete before the kernel may overwrite the block). All accessors take the ring mapping and the block's
 * byte offset in it, so headers are read in place without slicing.
 */
public final class TpacketBlockDesc
{
    /** {@code struct tpacket_bd_ts}: seconds, then an anonymous union of micro- or nanoseconds. */
    public static final StructLayout TPACKET_BD_TS_LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("ts_sec"),
        MemoryLayout.unionLayout(
            JAVA_INT.withName("ts_usec"),
            JAVA_INT.withName("ts_nsec"))).withName("tpacket_bd_ts");

    /** {@code struct tpacket_hdr_v1}. */
    public static final StructLayout TPACKET_HDR_V1_LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("block_status"),
        JAVA_INT.withName("num_pkts"),
        JAVA_INT.withName("offset_to_first_pkt"),
        JAVA_INT.withName("blk_len"),
        JAVA_LONG.withName("seq_num"),
        TPACKET_BD_TS_LAYOUT.withName("ts_first_pkt"),
        TPACKET_BD_TS_LAYOUT.withName("ts_last_pkt")).withName("tpacket_hdr_v1");

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("version"),
        JAVA_INT.withName("offset_to_priv"),
        MemoryLayout.unionLayout(TPACKET_HDR_V1_LAYOUT.withName("bh1")).withName("hdr")).withName("tpacket_block_desc");

    public static final long VERSION_OFFSET = LAYOUT.byteOffset(groupElement("version"));
    public static final long OFFSET_TO_PRIV_OFFSET = LAYOUT.byteOffset(groupElement("offset_to_priv"));
    public static final long HDR_OFFSET = LAYOUT.byteOffset(groupElement("hdr"));
    public static final long BLOCK_STATUS_OFFSET = bh1Offset("block_status");
    public static final long NUM_PKTS_OFFSET = bh1Offset("num_pkts");
    public static final long OFFSET_TO_FIRST_PKT_OFFSET = bh1Offset("offset_to_first_pkt");
    public static final long BLK_LEN_OFFSET = bh1Offset("blk_len");
    public static final long SEQ_NUM_OFFSET = bh1Offset("seq_num");
    public static final long TS_FIRST_PKT_OFFSET = bh1Offset("ts_first_pkt");
    public static final long TS_LAST_PKT_OFFSET = bh1Offset("ts_last_pkt");
    /** Offset of {@code ts_sec} inside a {@code tpacket_bd_ts}. */
    public static final long TS_SEC_OFFSET = TPACKET_BD_TS_LAYOUT.byteOffset(groupElement("ts_sec"));
    /** Offset of {@code ts_usec}/{@code ts_nsec} (one union) inside a {@code tpacket_bd_ts}. */
    public static final long TS_NSEC_OFFSET =
        TPACKET_BD_TS_LAYOUT.byteOffset(groupElement(1), groupElement("ts_nsec"));

    /** Plain int view with coordinates (MemorySegment, long byteOffset), used for acquire and release. */
    private static final VarHandle INT_HANDLE = JAVA_INT.varHandle().withInvokeExactBehavior();

    private TpacketBlockDesc()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    public static int version(final MemorySegment ring, final long blockOffset)
    {
        return ring.get(JAVA_INT, blockOffset + VERSION_OFFSET);
    }

    public static void version(final MemorySegment ring, final long blockOffset, final int value)
    {
        ring.set(JAVA_INT, blockOffset + VERSION_OFFSET, value);
    }

    public static int offset_to_priv(final MemorySegment ring, final long blockOffset)
    {
        return ring.get(JAVA_INT, blockOffset + OFFSET_TO_PRIV_OFFSET);
    }

    public static void offset_to_priv(final MemorySegment ring, final long blockOffset, final int value)
    {
        ring.set(JAVA_INT, blockOffset + OFFSET_TO_PRIV_OFFSET, value);
    }

    /**
     * Plain load of {@code block_status}: for tests and diagnostics. The capture loop uses
     * {@link #block_status_acquire(MemorySegment, long)}.
     */
    public static int block_status(final MemorySegment ring, final long blockOffset)
    {
        return ring.get(JAVA_INT, blockOffset + BLOCK_STATUS_OFFSET);
    }

    /**
     * Acquire load of {@code block_status}: when it shows {@link Libc#TP_STATUS_USER}, every packet the kernel
     * wrote into the block before setting the status is visible to the caller.
     */
    public static int block_status_acquire(final MemorySegment ring, final long blockOffset)
    {
        return (int)INT_HANDLE.getAcquire(ring, blockOffset + BLOCK_STATUS_OFFSET);
    }

    /**
     * Release store of {@code block_status}, normally {@link Libc#TP_STATUS_KERNEL}: every read of the block
     * before this store completes before the kernel can see the block as its own again.
     */
    public static void block_status_release(final MemorySegment ring, final long blockOffset, final int value)
    {
        INT_HANDLE.setRelease(ring, blockOffset + BLOCK_STATUS_OFFSET, value);
    }

    /** Plain store of {@code block_status}: for building synthetic blocks in tests. */
    public static void block_status(final MemorySegment ring, final long blockOffset, final int value)
    {
        ring.set(JAVA_INT, blockOffset + BLOCK_STATUS_OFFSET, value);
    }

    /** Number of packets in the block; bounded by the block size, so the raw int is non-negative. */
    public static int num_pkts(final MemorySegment ring, final long blockOffset)
    {
        return ring.get(JAVA_INT, blockOffset + NUM_PKTS_OFFSET);
    }

    public static void num_pkts(final MemorySegment ring, final long blockOffset, final int value)
    {
        ring.set(JAVA_INT, blockOffset + NUM_PKTS_OFFSET, value);
    }

    /** Offset of the first {@code tpacket3_hdr} from the start of the block. */
    public static int offset_to_first_pkt(final MemorySegment ring, final long blockOffset)
    {
        return ring.get(JAVA_INT, blockOffset + OFFSET_TO_FIRST_PKT_OFFSET);
    }

    public static void offset_to_first_pkt(final MemorySegment ring, final long blockOffset, final int value)
    {
        ring.set(JAVA_INT, blockOffset + OFFSET_TO_FIRST_PKT_OFFSET, value);
    }

    /** Valid bytes in the block, including padding; at most {@code tp_block_size}. */
    public static int blk_len(final MemorySegment ring, final long blockOffset)
    {
        return ring.get(JAVA_INT, blockOffset + BLK_LEN_OFFSET);
    }

    public static void blk_len(final MemorySegment ring, final long blockOffset, final int value)
    {
        ring.set(JAVA_INT, blockOffset + BLK_LEN_OFFSET, value);
    }

    /** Block sequence number, incremented by the kernel per retired block; lets a reader see skipped blocks. */
    public static long seq_num(final MemorySegment ring, final long blockOffset)
    {
        return ring.get(JAVA_LONG, blockOffset + SEQ_NUM_OFFSET);
    }

    public static void seq_num(final MemorySegment ring, final long blockOffset, final long value)
    {
        ring.set(JAVA_LONG, blockOffset + SEQ_NUM_OFFSET, value);
    }

    public static long ts_first_pkt_sec(final MemorySegment ring, final long blockOffset)
    {
        return Integer.toUnsignedLong(ring.get(JAVA_INT, blockOffset + TS_FIRST_PKT_OFFSET + TS_SEC_OFFSET));
    }

    public static long ts_first_pkt_nsec(final MemorySegment ring, final long blockOffset)
    {
        return Integer.toUnsignedLong(ring.get(JAVA_INT, blockOffset + TS_FIRST_PKT_OFFSET + TS_NSEC_OFFSET));
    }

    public static long ts_last_pkt_sec(final MemorySegment ring, final long blockOffset)
    {
        return Integer.toUnsignedLong(ring.get(JAVA_INT, blockOffset + TS_LAST_PKT_OFFSET + TS_SEC_OFFSET));
    }

    public static long ts_last_pkt_nsec(final MemorySegment ring, final long blockOffset)
    {
        return Integer.toUnsignedLong(ring.get(JAVA_INT, blockOffset + TS_LAST_PKT_OFFSET + TS_NSEC_OFFSET));
    }

    private static long bh1Offset(final String field)
    {
        return LAYOUT.byteOffset(groupElement("hdr"), groupElement("bh1"), groupElement(field));
    }
}
