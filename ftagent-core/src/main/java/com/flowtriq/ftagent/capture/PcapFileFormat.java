package com.flowtriq.ftagent.capture;

/**
 * The capture file formats {@link PcapFileSource} reads.
 */
public enum PcapFileFormat
{
    /** Classic libpcap, microsecond timestamps (magic a1b2c3d4 in either byte order). */
    PCAP_MICROSECONDS("pcap"),
    /** Classic libpcap, nanosecond timestamps (magic a1b23c4d in either byte order). */
    PCAP_NANOSECONDS("pcap-ns"),
    /** pcapng; timestamp resolution per interface. */
    PCAPNG("pcapng");

    private final String label;

    PcapFileFormat(final String label)
    {
        this.label = label;
    }

    /** Short name for logs. */
    public String label()
    {
        return label;
    }
}
