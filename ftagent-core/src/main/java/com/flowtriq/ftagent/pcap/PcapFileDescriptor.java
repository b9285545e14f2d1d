package com.flowtriq.ftagent.pcap;

/**
 * Layout of the classic libpcap capture file format: a file header followed by records, each a record header
 * and the captured bytes of one frame. Fields are 32-bit or 16-bit unsigned integers in the byte order of the
 * host that wrote the file; the reader tells the order from the magic number.
 *
 * <pre>
 * File header (FILE_HEADER_LENGTH = 24 bytes):
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                         Magic Number                          |  0
 *  +-------------------------------+-------------------------------+
 *  |         Major Version         |         Minor Version         |  4
 *  +-------------------------------+-------------------------------+
 *  |                     Reserved 1 (thiszone)                     |  8
 *  +---------------------------------------------------------------+
 *  |                     Reserved 2 (sigfigs)                      | 12
 *  +---------------------------------------------------------------+
 *  |                            SnapLen                            | 16
 *  +---------------------------------------------------------------+
 *  | FCS |f|  reserved (0)     |            LinkType               | 20
 *  +---------------------------------------------------------------+
 *
 * Record header (RECORD_HEADER_LENGTH = 16 bytes), then Captured Length bytes of frame:
 *  +---------------------------------------------------------------+
 *  |                     Timestamp (seconds)                       |  0
 *  +---------------------------------------------------------------+
 *  |        Timestamp fraction (microseconds or nanoseconds)       |  4
 *  +---------------------------------------------------------------+
 *  |                  Captured Packet Length                       |  8
 *  +---------------------------------------------------------------+
 *  |                  Original Packet Length                       | 12
 *  +---------------------------------------------------------------+
 *  /                  Packet Data (Captured Length bytes)          /
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class PcapFileDescriptor
{
    /** Magic of a file with microsecond timestamps, read in the writer's byte order. */
    public static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    /** Magic of a file with nanosecond timestamps, read in the writer's byte order. */
    public static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    /** Magic of Alexey Kuznetzov's "modified" format with 24-byte record headers; recognised only to say so. */
    public static final int MAGIC_MODIFIED = 0xA1B2CD34;

    public static final int VERSION_MAJOR = 2;
    public static final int VERSION_MINOR = 4;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_MAJOR_OFFSET = 4;
    public static final int VERSION_MINOR_OFFSET = 6;
    public static final int THISZONE_OFFSET = 8;
    public static final int SIGFIGS_OFFSET = 12;
    public static final int SNAP_LENGTH_OFFSET = 16;
    public static final int LINK_TYPE_OFFSET = 20;
    public static final int FILE_HEADER_LENGTH = 24;

    /** The link type proper is the low 16 bits; the high bits carry FCS information we do not use. */
    public static final int LINK_TYPE_MASK = 0xFFFF;

    public static final int TIMESTAMP_SECONDS_OFFSET = 0;
    public static final int TIMESTAMP_FRACTION_OFFSET = 4;
    public static final int CAPTURED_LENGTH_OFFSET = 8;
    public static final int ORIGINAL_LENGTH_OFFSET = 12;
    public static final int RECORD_HEADER_LENGTH = 16;

    /**
     * Largest captured length we accept in a record: libpcap's maximum snapshot length (256 KiB). A longer
     * record is treated as corruption, as libpcap does.
     */
    public static final int MAX_CAPTURED_LENGTH = 256 * 1024;

    /** LINKTYPE_ETHERNET. */
    public static final int LINKTYPE_ETHERNET = 1;

    private PcapFileDescriptor()
    {
    }
}
