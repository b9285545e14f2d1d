package com.flowtriq.ftagent.pcap;

/**
 * Layout of one frame message in the ring from the capture threads to the incident pcap writer (the message body
 * of an Agrona ring buffer record, type {@link #FRAME_MSG_TYPE_ID}). Native byte order; the ring never leaves the
 * process.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Capture Generation (64)                     |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   Timestamp, ns since epoch (64)              |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   Wire Length (32)                            |
 *  +---------------------------------------------------------------+
 *  |                   Frame bytes (message length - 20) ...       |
 *  +---------------------------------------------------------------+
 * </pre>
 * The generation names the capture the frame was taken for, so that frames still in the ring when a capture ends
 * are not written into the next one.
 */
public final class PcapHandoffRecordDescriptor
{
    public static final int FRAME_MSG_TYPE_ID = 1;
    public static final int GENERATION_OFFSET = 0;
    public static final int TIMESTAMP_OFFSET = 8;
    public static final int WIRE_LENGTH_OFFSET = 16;
    public static final int FRAME_OFFSET = 20;

    private PcapHandoffRecordDescriptor()
    {
    }
}
