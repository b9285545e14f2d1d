package com.flowtriq.ftagent.pcap;

/**
 * Layout of the pcapng blocks ftagent reads (IETF draft-ietf-opsawg-pcapng). Every block has the same frame;
 * fields are in the byte order of the section, given by the byte-order magic of its Section Header Block.
 *
 * <pre>
 * Any block:
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                          Block Type                           |  0
 *  +---------------------------------------------------------------+
 *  |                      Block Total Length                       |  4
 *  +---------------------------------------------------------------+
 *  /                     Block Body (padded to 32 bits)            /  8
 *  +---------------------------------------------------------------+
 *  |                      Block Total Length                       |  total - 4
 *  +---------------------------------------------------------------+
 *
 * Section Header Block (type 0x0A0D0D0A, a palindrome, so it reads the same in both byte orders):
 *  |                      Byte-Order Magic                         |  8
 *  |         Major Version         |         Minor Version         | 12
 *  |                 Section Length (64 bits, may be -1)           | 16
 *  /                           Options                             / 24
 *
 * Interface Description Block (type 1):
 *  |           LinkType            |           Reserved            |  8
 *  |                            SnapLen                            | 12
 *  /                           Options                             / 16
 *
 * Enhanced Packet Block (type 6); the Obsolete Packet Block (type 2) has the same layout except that its
 * interface id is 16 bits followed by a 16-bit drops count:
 *  |                         Interface ID                          |  8
 *  |                      Timestamp (High)                         | 12
 *  |                      Timestamp (Low)                          | 16
 *  |                   Captured Packet Length                      | 20
 *  |                   Original Packet Length                      | 24
 *  /                Packet Data (padded to 32 bits)                / 28
 *  /                           Options                             /
 *
 * Simple Packet Block (type 3), always for interface 0 and without timestamp; the captured length is the
 * smaller of the original length, the interface's SnapLen and the block body:
 *  |                   Original Packet Length                      |  8
 *  /                Packet Data (padded to 32 bits)                / 12
 *
 * Option (in a block's Options area, ended by opt_endofopt or by the block's end):
 *  |         Option Code           |         Option Length         |  0
 *  /              Option Value (padded to 32 bits)                 /  4
 * </pre>
 */
public final class PcapngBlockDescriptor
{
    public static final int SECTION_HEADER_BLOCK_TYPE = 0x0A0D0D0A;
    public static final int INTERFACE_DESCRIPTION_BLOCK_TYPE = 0x00000001;
    public static final int OBSOLETE_PACKET_BLOCK_TYPE = 0x00000002;
    public static final int SIMPLE_PACKET_BLOCK_TYPE = 0x00000003;
    public static final int ENHANCED_PACKET_BLOCK_TYPE = 0x00000006;

    public static final int BLOCK_TYPE_OFFSET = 0;
    public static final int BLOCK_TOTAL_LENGTH_OFFSET = 4;
    public static final int BLOCK_BODY_OFFSET = 8;
    /** Length of the trailing copy of Block Total Length. */
    public static final int BLOCK_TRAILER_LENGTH = 4;
    /** Smallest possible block: type, length and trailing length with an empty body. */
    public static final int MIN_BLOCK_LENGTH = 12;

    /** Byte-order magic, read in the section's byte order. */
    public static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    public static final int SHB_BYTE_ORDER_MAGIC_OFFSET = 8;
    public static final int SHB_MAJOR_VERSION_OFFSET = 12;
    public static final int SHB_MINOR_VERSION_OFFSET = 14;
    public static final int SHB_SECTION_LENGTH_OFFSET = 16;
    public static final int SHB_OPTIONS_OFFSET = 24;
    public static final int SHB_MIN_LENGTH = 28;
    public static final int SHB_MAJOR_VERSION = 1;

    public static final int IDB_LINK_TYPE_OFFSET = 8;
    public static final int IDB_RESERVED_OFFSET = 10;
    public static final int IDB_SNAP_LENGTH_OFFSET = 12;
    public static final int IDB_OPTIONS_OFFSET = 16;
    public static final int IDB_MIN_LENGTH = 20;

    public static final int EPB_INTERFACE_ID_OFFSET = 8;
    public static final int EPB_TIMESTAMP_HIGH_OFFSET = 12;
    public static final int EPB_TIMESTAMP_LOW_OFFSET = 16;
    public static final int EPB_CAPTURED_LENGTH_OFFSET = 20;
    public static final int EPB_ORIGINAL_LENGTH_OFFSET = 24;
    public static final int EPB_DATA_OFFSET = 28;
    public static final int EPB_MIN_LENGTH = 32;

    public static final int OPB_INTERFACE_ID_OFFSET = 8;
    public static final int OPB_DROPS_COUNT_OFFSET = 10;

    public static final int SPB_ORIGINAL_LENGTH_OFFSET = 8;
    public static final int SPB_DATA_OFFSET = 12;
    public static final int SPB_MIN_LENGTH = 16;

    public static final int OPTION_CODE_OFFSET = 0;
    public static final int OPTION_LENGTH_OFFSET = 2;
    public static final int OPTION_VALUE_OFFSET = 4;
    public static final int OPTION_HEADER_LENGTH = 4;

    public static final int OPT_ENDOFOPT = 0;
    /**
     * if_tsresol, one byte: with the top bit clear the unit is 10^-value seconds, with it set 2^-(value &amp; 0x7F)
     * seconds. Absent means microseconds.
     */
    public static final int IF_TSRESOL = 9;
    /** if_tsoffset, a signed 64-bit number of seconds added to every timestamp of the interface. */
    public static final int IF_TSOFFSET = 14;
    public static final int IF_TSRESOL_BINARY_FLAG = 0x80;
    public static final int IF_TSRESOL_DEFAULT = 6;

    private PcapngBlockDescriptor()
    {
    }

    /** Rounds a body or option length up to the 32-bit boundary every pcapng field is padded to. */
    public static long align32(final long length)
    {
        return (length + 3) & ~3L;
    }
}
