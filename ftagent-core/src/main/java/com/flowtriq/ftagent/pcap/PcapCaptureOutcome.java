package com.flowtriq.ftagent.pcap;

/**
 * How an incident capture ended, or why it never started.
 */
public enum PcapCaptureOutcome
{
    /** {@code pcap_max_packets} frames were written. */
    MAX_PACKETS(true),
    /** {@code pcap_max_seconds} passed since the incident opened. */
    MAX_DURATION(true),
    /** The incident resolved, or the recorder was closed, before a limit was reached. */
    STOPPED(true),
    /** Not started: the file system had less usable space than {@code pcap_min_free_mb}. */
    REFUSED_LOW_DISK(false),
    /** Not started: another incident's capture was running (one capture at a time). */
    REFUSED_BUSY(false),
    /** Creating or writing the file failed (a full disk, permissions); the file holds what was written before. */
    FAILED(true);

    private final boolean fileWritten;

    PcapCaptureOutcome(final boolean fileWritten)
    {
        this.fileWritten = fileWritten;
    }

    /** Whether a file may exist for this capture (for {@link #FAILED}, only if it could be created). */
    public boolean fileWritten()
    {
        return fileWritten;
    }
}
