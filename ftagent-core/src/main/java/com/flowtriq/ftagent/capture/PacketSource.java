package com.flowtriq.ftagent.capture;

/**
 * A source of link-layer frames: an AF_PACKET ring, a libpcap handle or a capture file.
 *
 * <p>Threading: one thread polls a source; {@link #wakeup()} and {@link #statistics(CaptureStatistics)} may be
 * called from any thread. {@link #close()} is called by the polling thread after its last poll.
 */
public interface PacketSource extends AutoCloseable
{
    /** Returned by {@link #poll(FrameHandler)} when a file source has no more frames. */
    int END_OF_INPUT = -1;

    /**
     * The link-layer type of the frames, as a libpcap {@code LINKTYPE_*} value (1 = Ethernet).
     */
    int linkType();

    /**
     * Hands the frames that are ready to {@code handler}, in capture order, a bounded batch at a time (one
     * ring block, or a bounded number of packets). When nothing is ready it waits at most the source's poll
     * timeout, so that the caller can check a stop flag.
     *
     * @return the number of frames handed over (0 if none arrived in time), or {@link #END_OF_INPUT}.
     */
    int poll(FrameHandler handler);

    /**
     * Makes a thread blocked in {@link #poll(FrameHandler)} return soon. Safe from any thread.
     */
    void wakeup();

    /**
     * Adds the source's counters to {@code into}. Kernel counters that are clear-on-read are accumulated
     * by the source so that nothing is lost between calls.
     */
    void statistics(CaptureStatistics into);

    /** A short human description for logs, for example {@code "afpacket eth0 fanout=7 blocks=64x1MiB"}. */
    String describe();

    @Override
    void close();
}
