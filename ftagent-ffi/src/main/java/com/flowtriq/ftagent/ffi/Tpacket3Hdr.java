package com.flowtriq.ftagent.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct tpacket3_hdr} from {@code linux/if_packet.h}: the header in front of each frame in a TPACKET_V3
 * block. The frame's link-layer header starts {@code tp_mac} bytes after this header's start; the next header
 * is {@code tp_next_offset} bytes further (0 for the last one in the block).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        tp_next_offset                         |  0
 *  |                        tp_sec                                 |  4
 *  |                        tp_nsec                                |  8
 *  |                        tp_snaplen (bytes captured)            | 12
 *  |                        tp_len (bytes on the wire)             | 16
 *  |                        tp_status                              | 20
 *  |            tp_mac             |            tp_net             | 24
 *  +-- hv1 (in an anonymous union) --------------------------------+
 *  |                        tp_rxhash                              | 28
 *  |                        tp_vlan_tci                            | 32
 *  |          tp_vlan_tpid         |          tp_padding           | 36
 *  +---------------------------------------------------------------+
 *  |                        tp_padding[8]                          | 40
 *  +---------------------------------------------------------------+  48
 * </pre>
 *
 * <p>Accessors take the ring mapping and the header's byte offset in it, so the capture loop reads in place.
 */
public final class Tpacket3Hdr
{
    /** {@code struct tpacket_hdr_variant1}. */
    public static final StructLayout TPACKET_HDR_VARIANT1_LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_rxhash"),
        JAVA_INT.withName("tp_vlan_tci"),
        JAVA_SHORT.withName("tp_vlan_tpid"),
        JAVA_SHORT.withName("tp_padding")).withName("tpacket_hdr_variant1");

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("tp_next_offset"),
        JAVA_INT.withName("tp_sec"),
        JAVA_INT.withName("tp_nsec"),
        JAVA_INT.withName("tp_snaplen"),
        JAVA_INT.withName("tp_len"),
        JAVA_INT.withName("tp_status"),
        JAVA_SHORT.withName("tp_mac"),
        JAVA_SHORT.withName("tp_net"),
        MemoryLayout.unionLayout(TPACKET_HDR_VARIANT1_LAYOUT.withName("hv1")),
        MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("tp_padding")).withName("tpacket3_hdr");

    public static final long TP_NEXT_OFFSET_OFFSET = LAYOUT.byteOffset(groupElement("tp_next_offset"));
    public static final long TP_SEC_OFFSET = LAYOUT.byteOffset(groupElement("tp_sec"));
    public static final long TP_NSEC_OFFSET = LAYOUT.byteOffset(groupElement("tp_nsec"));
    public static final long TP_SNAPLEN_OFFSET = LAYOUT.byteOffset(groupElement("tp_snaplen"));
    public static final long TP_LEN_OFFSET = LAYOUT.byteOffset(groupElement("tp_len"));
    public static final long TP_STATUS_OFFSET = LAYOUT.byteOffset(groupElement("tp_status"));
    public static final long TP_MAC_OFFSET = LAYOUT.byteOffset(groupElement("tp_mac"));
    public static final long TP_NET_OFFSET = LAYOUT.byteOffset(groupElement("tp_net"));
    public static final long HV1_OFFSET = LAYOUT.byteOffset(groupElement(8), groupElement("hv1"));
    public static final long TP_RXHASH_OFFSET = hv1Offset("tp_rxhash");
    public static final long TP_VLAN_TCI_OFFSET = hv1Offset("tp_vlan_tci");
    public static final long TP_VLAN_TPID_OFFSET = hv1Offset("tp_vlan_tpid");
    public static final long TP_PADDING_OFFSET = LAYOUT.byteOffset(groupElement("tp_padding"));

    private Tpacket3Hdr()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    /** Distance to the next header in the block, 0 for the last one. */
    public static int tp_next_offset(final MemorySegment ring, final long offset)
    {
        return ring.get(JAVA_INT, offset + TP_NEXT_OFFSET_OFFSET);
    }

    public static void tp_next_offset(final MemorySegment ring, final long offset, final int value)
    {
        ring.set(JAVA_INT, offset + TP_NEXT_OFFSET_OFFSET, value);
    }

    /** Capture time, seconds (unsigned, widened). */
    public static long tp_sec(final MemorySegment ring, final long offset)
    {
        return Integer.toUnsignedLong(ring.get(JAVA_INT, offset + TP_SEC_OFFSET));
    }

    public static void tp_sec(final MemorySegment ring, final long offset, final long value)
    {
        ring.set(JAVA_INT, offset + TP_SEC_OFFSET, (int)value);
    }

    /** Capture time, nanoseconds within the second (0..999999999). */
    public static int tp_nsec(final MemorySegment ring, final long offset)
    {
        return ring.get(JAVA_INT, offset + TP_NSEC_OFFSET);
    }

    public static void tp_nsec(final MemorySegment ring, final long offset, final int value)
    {
        ring.set(JAVA_INT, offset + TP_NSEC_OFFSET, value);
    }

    /** Bytes captured into the ring; bounded by the block size. */
    public static int tp_snaplen(final MemorySegment ring, final long offset)
    {
        return ring.get(JAVA_INT, offset + TP_SNAPLEN_OFFSET);
    }

    public static void tp_snaplen(final MemorySegment ring, final long offset, final int value)
    {
        ring.set(JAVA_INT, offset + TP_SNAPLEN_OFFSET, value);
    }

    /** Bytes of the frame on the wire; larger than {@link #tp_snaplen} when truncated. */
    public static int tp_len(final MemorySegment ring, final long offset)
    {
        return ring.get(JAVA_INT, offset + TP_LEN_OFFSET);
    }

    public static void tp_len(final MemorySegment ring, final long offset, final int value)
    {
        ring.set(JAVA_INT, offset + TP_LEN_OFFSET, value);
    }

    /** {@code TP_STATUS_*} bits of this frame (VLAN valid, checksum, ...). */
    public static int tp_status(final MemorySegment ring, final long offset)
    {
        return ring.get(JAVA_INT, offset + TP_STATUS_OFFSET);
    }

    public static void tp_status(final MemorySegment ring, final long offset, final int value)
    {
        ring.set(JAVA_INT, offset + TP_STATUS_OFFSET, value);
    }

    /** Offset of the link-layer header from this header's start (unsigned 16 bits, widened). */
    public static int tp_mac(final MemorySegment ring, final long offset)
    {
        return Short.toUnsignedInt(ring.get(JAVA_SHORT, offset + TP_MAC_OFFSET));
    }

    public static void tp_mac(final MemorySegment ring, final long offset, final int value)
    {
        ring.set(JAVA_SHORT, offset + TP_MAC_OFFSET, (short)value);
    }

    /** Offset of the network-layer header from this header's start (unsigned 16 bits, widened). */
    public static int tp_net(final MemorySegment ring, final long offset)
    {
        return Short.toUnsignedInt(ring.get(JAVA_SHORT, offset + TP_NET_OFFSET));
    }

    public static void tp_net(final MemorySegment ring, final long offset, final int value)
    {
        ring.set(JAVA_SHORT, offset + TP_NET_OFFSET, (short)value);
    }

    /** Receive hash, filled when the ring was requested with {@link Libc#TP_FT_REQ_FILL_RXHASH}. */
    public static int tp_rxhash(final MemorySegment ring, final long offset)
    {
        return ring.get(JAVA_INT, offset + TP_RXHASH_OFFSET);
    }

    public static void tp_rxhash(final MemorySegment ring, final long offset, final int value)
    {
        ring.set(JAVA_INT, offset + TP_RXHASH_OFFSET, value);
    }

    /** VLAN TCI stripped by the NIC; valid when {@link Libc#TP_STATUS_VLAN_VALID} is set in tp_status. */
    public static int tp_vlan_tci(final MemorySegment ring, final long offset)
    {
        return ring.get(JAVA_INT, offset + TP_VLAN_TCI_OFFSET);
    }

    public static void tp_vlan_tci(final MemorySegment ring, final long offset, final int value)
    {
        ring.set(JAVA_INT, offset + TP_VLAN_TCI_OFFSET, value);
    }

    /** VLAN TPID (unsigned 16 bits, widened); valid when {@link Libc#TP_STATUS_VLAN_TPID_VALID} is set. */
    public static int tp_vlan_tpid(final MemorySegment ring, final long offset)
    {
        return Short.toUnsignedInt(ring.get(JAVA_SHORT, offset + TP_VLAN_TPID_OFFSET));
    }

    public static void tp_vlan_tpid(final MemorySegment ring, final long offset, final int value)
    {
        ring.set(JAVA_SHORT, offset + TP_VLAN_TPID_OFFSET, (short)value);
    }

    private static long hv1Offset(final String field)
    {
        return LAYOUT.byteOffset(groupElement(8), groupElement("hv1"), groupElement(field));
    }
}
