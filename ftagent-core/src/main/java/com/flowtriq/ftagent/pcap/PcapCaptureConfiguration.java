package com.flowtriq.ftagent.pcap;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.BitUtil;

/**
 * Settings of incident packet capture (issue #5), with the config key each one stands for and its default.
 * Validated when made: a bad value throws naming {@code key=value}.
 *
 * @param directory             {@code pcap_dir}: where incident files go; created with mode 0700 if absent.
 * @param linkType              LINKTYPE of the capture source, written in every file header.
 * @param snapLength            {@code pcap_snaplen} (256): bytes kept per frame; 0 keeps the whole frame (up to
 *                              {@link PcapFileDescriptor#MAX_CAPTURED_LENGTH}).
 * @param preAttackPackets      {@code pcap_preattack_packets} (1000): frames each capture thread keeps from before
 *                              an incident.
 * @param preAttackBytes        bytes of frame data each pre-attack ring keeps. Frames are kept contiguous, so up to
 *                              one snap length can be lost to the end of the area: (packets + 1) x snap length
 *                              always holds the last {@code preAttackPackets} frames (the default).
 * @param preAttackWindowNanos  pre-attack frames older than this before the incident are left out; 0 keeps all.
 * @param maxPackets            {@code pcap_max_packets} (10000): frames per incident file, pre-attack ones included.
 * @param maxDurationNanos      {@code pcap_max_seconds} (60): how long after the incident opened frames are written.
 * @param retentionAgeNanos     {@code pcap_retention_days} (7): older incident files are deleted.
 * @param maxDiskBytes          {@code pcap_max_disk_mb} (2000): incident files are deleted, oldest first, until
 *                              their total is at most this.
 * @param maxFiles              incident files kept at most, oldest deleted first; 0 for no count limit.
 * @param minFreeBytes          {@code pcap_min_free_mb} (500): a capture is refused when the directory's file
 *                              system has less usable space.
 * @param handoffCapacity       bytes of the ring from the capture threads to the writer; a power of two, large
 *                              enough for eight records of a full snapshot length.
 * @param retentionIntervalNanos how often the writer enforces retention (one minute).
 */
public record PcapCaptureConfiguration(
    Path directory,
    int linkType,
    int snapLength,
    int preAttackPackets,
    long preAttackBytes,
    long preAttackWindowNanos,
    int maxPackets,
    long maxDurationNanos,
    long retentionAgeNanos,
    long maxDiskBytes,
    int maxFiles,
    long minFreeBytes,
    int handoffCapacity,
    long retentionIntervalNanos)
{
    public static final int SNAP_LENGTH_DEFAULT = 256;
    public static final int PREATTACK_PACKETS_DEFAULT = 1000;
    /** Bytes per pre-attack frame assumed when the whole frame is kept (snap length 0): a full Ethernet frame. */
    public static final int WHOLE_FRAME_BYTES_PER_PACKET = 1514;
    public static final int MAX_PACKETS_DEFAULT = 10_000;
    public static final long MAX_DURATION_NANOS_DEFAULT = TimeUnit.SECONDS.toNanos(60);
    public static final long RETENTION_AGE_NANOS_DEFAULT = TimeUnit.DAYS.toNanos(7);
    public static final long MAX_DISK_BYTES_DEFAULT = 2000L * 1024 * 1024;
    public static final long MIN_FREE_BYTES_DEFAULT = 500L * 1024 * 1024;
    public static final int HANDOFF_CAPACITY_DEFAULT = 8 * 1024 * 1024;
    public static final long RETENTION_INTERVAL_NANOS_DEFAULT = TimeUnit.MINUTES.toNanos(1);

    public PcapCaptureConfiguration
    {
        if (directory == null)
        {
            throw new IllegalArgumentException("pcap_dir must be set");
        }
        check(linkType >= 0 && linkType <= PcapFileDescriptor.LINK_TYPE_MASK, "linkType", linkType);
        check(snapLength >= 0 && snapLength <= PcapFileDescriptor.MAX_CAPTURED_LENGTH, "pcap_snaplen", snapLength);
        check(preAttackPackets >= 0, "pcap_preattack_packets", preAttackPackets);
        check(preAttackBytes >= 0, "preAttackBytes", preAttackBytes);
        check(preAttackWindowNanos >= 0, "preAttackWindowNanos", preAttackWindowNanos);
        check(maxPackets >= 1, "pcap_max_packets", maxPackets);
        check(maxDurationNanos >= 1, "pcap_max_seconds (nanos)", maxDurationNanos);
        check(retentionAgeNanos >= 1, "pcap_retention_days (nanos)", retentionAgeNanos);
        check(maxDiskBytes >= 0, "pcap_max_disk_mb (bytes)", maxDiskBytes);
        check(maxFiles >= 0, "maxFiles", maxFiles);
        check(minFreeBytes >= 0, "pcap_min_free_mb (bytes)", minFreeBytes);
        check(retentionIntervalNanos >= 1, "retentionIntervalNanos", retentionIntervalNanos);
        check(BitUtil.isPowerOfTwo(handoffCapacity), "handoffCapacity", handoffCapacity);
        final int keptLength = snapLength == 0 ? PcapFileDescriptor.MAX_CAPTURED_LENGTH : snapLength;
        // Agrona's ring takes messages up to an eighth of its capacity.
        check(
            (long)handoffCapacity / 8 >= PcapHandoffRecordDescriptor.FRAME_OFFSET + keptLength,
            "handoffCapacity (too small for the snap length)",
            handoffCapacity);
        if (preAttackPackets > 0)
        {
            check(preAttackBytes >= keptLength, "preAttackBytes (below one frame of the snap length)", preAttackBytes);
        }
    }

    /** The defaults for every setting but the directory and link type. */
    public static PcapCaptureConfiguration defaults(final Path directory, final int linkType)
    {
        return new PcapCaptureConfiguration(
            directory,
            linkType,
            SNAP_LENGTH_DEFAULT,
            PREATTACK_PACKETS_DEFAULT,
            (long)(PREATTACK_PACKETS_DEFAULT + 1) * SNAP_LENGTH_DEFAULT,
            0,
            MAX_PACKETS_DEFAULT,
            MAX_DURATION_NANOS_DEFAULT,
            RETENTION_AGE_NANOS_DEFAULT,
            MAX_DISK_BYTES_DEFAULT,
            0,
            MIN_FREE_BYTES_DEFAULT,
            HANDOFF_CAPACITY_DEFAULT,
            RETENTION_INTERVAL_NANOS_DEFAULT);
    }

    /** Bytes kept of one frame: the snap length, or the largest frame a pcap file holds when it is 0. */
    public int keptLength()
    {
        return snapLength == 0 ? PcapFileDescriptor.MAX_CAPTURED_LENGTH : snapLength;
    }

    /** A pre-attack ring sized by this configuration, for one capture thread. */
    public PcapPreAttackRing newPreAttackRing()
    {
        return new PcapPreAttackRing(
            Math.max(1, preAttackPackets), Math.max(preAttackBytes, keptLength()), keptLength(), preAttackWindowNanos);
    }

    private static void check(final boolean valid, final String name, final long value)
    {
        if (!valid)
        {
            throw new IllegalArgumentException("invalid " + name + "=" + value);
        }
    }
}
