package com.flowtriq.ftagent.pcap;

/**
 * Timestamp resolution of a classic pcap file, chosen by its magic number.
 */
public enum PcapTimestampResolution
{
    /** Magic a1b2c3d4: the fraction field counts microseconds; every reader knows it. */
    MICROSECONDS(PcapFileDescriptor.MAGIC_MICROSECONDS, 1_000),
    /** Magic a1b23c4d: the fraction field counts nanoseconds; libpcap 1.5 and later read it. */
    NANOSECONDS(PcapFileDescriptor.MAGIC_NANOSECONDS, 1);

    private final int magic;
    private final int nanosPerUnit;

    PcapTimestampResolution(final int magic, final int nanosPerUnit)
    {
        this.magic = magic;
        this.nanosPerUnit = nanosPerUnit;
    }

    /** The file magic number for this resolution. */
    public int magic()
    {
        return magic;
    }

    /** Nanoseconds in one unit of the timestamp fraction field. */
    public int nanosPerUnit()
    {
        return nanosPerUnit;
    }
}
