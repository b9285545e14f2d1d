package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.config.PcapConfig;
import com.flowtriq.ftagent.pcap.PcapCaptureConfiguration;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Builds the incident recorder's settings from the validated {@code pcap_*} keys, for {@code run} and {@code replay}. */
public final class ConfiguredPcap
{
    private ConfiguredPcap()
    {
    }

    /**
     * @param config    the {@code pcap_*} keys.
     * @param directory where the files go ({@code pcap_dir}, or replay's {@code --pcap-dir}).
     * @param linkType  the capture source's link type.
     * @return the recorder's settings.
     */
    public static PcapCaptureConfiguration configuration(
        final PcapConfig config, final Path directory, final int linkType)
    {
        final int snap = config.snaplen();
        // Snap length 0 keeps whole frames: size the pre-attack ring for full Ethernet frames, not for the
        // largest frame a file may hold, or each capture thread would reserve hundreds of megabytes.
        final int kept = snap == 0 ? PcapCaptureConfiguration.WHOLE_FRAME_BYTES_PER_PACKET : snap;
        return new PcapCaptureConfiguration(
            directory,
            linkType,
            snap,
            config.preattackPackets(),
            (long)(config.preattackPackets() + 1) * kept,
            0,
            config.maxPackets(),
            TimeUnit.SECONDS.toNanos(config.maxSeconds()),
            TimeUnit.DAYS.toNanos(config.retentionDays()),
            config.maxDiskMb() * 1024 * 1024,
            0,
            config.minFreeMb() * 1024 * 1024,
            PcapCaptureConfiguration.HANDOFF_CAPACITY_DEFAULT,
            PcapCaptureConfiguration.RETENTION_INTERVAL_NANOS_DEFAULT);
    }
}
