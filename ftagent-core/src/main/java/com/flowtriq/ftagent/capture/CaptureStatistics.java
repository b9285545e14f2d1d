package com.flowtriq.ftagent.capture;

/**
 * Counters of a packet source, filled by {@link PacketSource#statistics(CaptureStatistics)}. Cold path.
 */
public final class CaptureStatistics
{
    /** Frames handed to the handler. */
    public long packets;
    /** Wire bytes of the frames handed to the handler. */
    public long bytes;
    /** Frames the kernel or libpcap received for this source (tp_packets / ps_recv), if known, else -1. */
    public long kernelPackets = -1;
    /** Frames the kernel dropped because the ring or buffer was full (tp_drops / ps_drop). */
    public long kernelDrops;
    /** Frames the interface driver dropped (ps_ifdrop), where libpcap reports it. */
    public long interfaceDrops;
    /** Times the TPACKET_V3 queue froze because every block was owned by user space (tp_freeze_q_cnt). */
    public long freezeCount;

    public void reset()
    {
        packets = 0;
        bytes = 0;
        kernelPackets = -1;
        kernelDrops = 0;
        interfaceDrops = 0;
        freezeCount = 0;
    }

    /** Adds another source's counters to these (for fanout groups). */
    public void add(final CaptureStatistics other)
    {
        packets += other.packets;
        bytes += other.bytes;
        if (other.kernelPackets >= 0)
        {
            kernelPackets = Math.max(kernelPackets, 0) + other.kernelPackets;
        }
        kernelDrops += other.kernelDrops;
        interfaceDrops += other.interfaceDrops;
        freezeCount += other.freezeCount;
    }

    @Override
    public String toString()
    {
        return "packets=" + packets + " bytes=" + bytes + " kernelPackets=" + kernelPackets +
            " kernelDrops=" + kernelDrops + " interfaceDrops=" + interfaceDrops + " freezeCount=" + freezeCount;
    }
}
