package com.flowtriq.ftagent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Incident PCAP capture, pre-attack ring and retention. Immutable; thread-safe.
 */
public final class PcapConfig
{
    static final List<ConfigKey> KEYS = List.of(
        ConfigKeys.PCAP_ENABLED, ConfigKeys.PCAP_DIR, ConfigKeys.PCAP_MAX_PACKETS, ConfigKeys.PCAP_MAX_SECONDS,
        ConfigKeys.PCAP_RETENTION_DAYS, ConfigKeys.PCAP_SNAPLEN, ConfigKeys.PCAP_PREATTACK_PACKETS,
        ConfigKeys.PCAP_INCIDENT_FILTER, ConfigKeys.PCAP_MAX_DISK_MB, ConfigKeys.PCAP_MIN_FREE_MB);

    private final ConfigValues values;
    private final boolean enabled;
    private final Path dir;
    private final int maxPackets;
    private final int maxSeconds;
    private final int retentionDays;
    private final int snaplen;
    private final int preattackPackets;
    private final boolean incidentFilter;
    private final long maxDiskMb;
    private final long minFreeMb;

    PcapConfig(final ConfigValues values)
    {
        this.values = values;
        enabled = values.bool(ConfigKeys.PCAP_ENABLED);
        dir = Path.of(values.string(ConfigKeys.PCAP_DIR));
        maxPackets = values.intValue(ConfigKeys.PCAP_MAX_PACKETS);
        maxSeconds = values.intValue(ConfigKeys.PCAP_MAX_SECONDS);
        retentionDays = values.intValue(ConfigKeys.PCAP_RETENTION_DAYS);
        snaplen = values.intValue(ConfigKeys.PCAP_SNAPLEN);
        preattackPackets = values.intValue(ConfigKeys.PCAP_PREATTACK_PACKETS);
        incidentFilter = values.bool(ConfigKeys.PCAP_INCIDENT_FILTER);
        maxDiskMb = values.longValue(ConfigKeys.PCAP_MAX_DISK_MB);
        minFreeMb = values.longValue(ConfigKeys.PCAP_MIN_FREE_MB);
    }

    public boolean enabled()
    {
        return enabled;
    }

    public Path dir()
    {
        return dir;
    }

    public int maxPackets()
    {
        return maxPackets;
    }

    public int maxSeconds()
    {
        return maxSeconds;
    }

    public int retentionDays()
    {
        return retentionDays;
    }

    /**
     * @return bytes kept per frame; 0 means the whole frame.
     */
    public int snaplen()
    {
        return snaplen;
    }

    public int preattackPackets()
    {
        return preattackPackets;
    }

    public boolean incidentFilter()
    {
        return incidentFilter;
    }

    public long maxDiskMb()
    {
        return maxDiskMb;
    }

    public long minFreeMb()
    {
        return minFreeMb;
    }

    public String toString()
    {
        return "PcapConfig" + ConfigDump.inline(values, KEYS);
    }
}
