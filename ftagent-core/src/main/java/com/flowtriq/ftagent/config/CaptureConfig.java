package com.flowtriq.ftagent.config;

import java.util.List;

/**
 * What to capture and how: interface, source kind, threads, TPACKET_V3 ring geometry, heavy-hitter size.
 * Immutable; thread-safe.
 */
public final class CaptureConfig
{
    static final List<ConfigKey> KEYS = List.of(
        ConfigKeys.INTERFACE, ConfigKeys.CAPTURE_SOURCE, ConfigKeys.CAPTURE_THREADS, ConfigKeys.CAPTURE_PROMISCUOUS,
        ConfigKeys.CAPTURE_FANOUT_MODE, ConfigKeys.CAPTURE_RING_BLOCK_SIZE, ConfigKeys.CAPTURE_RING_BLOCK_COUNT,
        ConfigKeys.CAPTURE_RING_FRAME_SIZE, ConfigKeys.CAPTURE_RING_BLOCK_TIMEOUT_MS, ConfigKeys.TOP_K);

    private final ConfigValues values;
    private final String interfaceName;
    private final String source;
    private final int threads;
    private final boolean promiscuous;
    private final String fanoutMode;
    private final int ringBlockSize;
    private final int ringBlockCount;
    private final int ringFrameSize;
    private final int ringBlockTimeoutMs;
    private final int topK;

    CaptureConfig(final ConfigValues values)
    {
        this.values = values;
        interfaceName = values.string(ConfigKeys.INTERFACE);
        source = values.string(ConfigKeys.CAPTURE_SOURCE);
        threads = values.intValue(ConfigKeys.CAPTURE_THREADS);
        promiscuous = values.bool(ConfigKeys.CAPTURE_PROMISCUOUS);
        fanoutMode = values.string(ConfigKeys.CAPTURE_FANOUT_MODE);
        ringBlockSize = values.intValue(ConfigKeys.CAPTURE_RING_BLOCK_SIZE);
        ringBlockCount = values.intValue(ConfigKeys.CAPTURE_RING_BLOCK_COUNT);
        ringFrameSize = values.intValue(ConfigKeys.CAPTURE_RING_FRAME_SIZE);
        ringBlockTimeoutMs = values.intValue(ConfigKeys.CAPTURE_RING_BLOCK_TIMEOUT_MS);
        topK = values.intValue(ConfigKeys.TOP_K);
    }

    /**
     * @return the interface name, or "auto".
     */
    public String interfaceName()
    {
        return interfaceName;
    }

    /**
     * @return true if the interface is to be chosen at start-up.
     */
    public boolean autoInterface()
    {
        return "auto".equals(interfaceName);
    }

    /**
     * @return "afpacket" or "pcap".
     */
    public String source()
    {
        return source;
    }

    /**
     * @return capture threads; 0 means one per core.
     */
    public int threads()
    {
        return threads;
    }

    public boolean promiscuous()
    {
        return promiscuous;
    }

    /**
     * @return one of hash, lb, cpu, rollover, random, qm.
     */
    public String fanoutMode()
    {
        return fanoutMode;
    }

    public int ringBlockSize()
    {
        return ringBlockSize;
    }

    public int ringBlockCount()
    {
        return ringBlockCount;
    }

    public int ringFrameSize()
    {
        return ringFrameSize;
    }

    public int ringBlockTimeoutMs()
    {
        return ringBlockTimeoutMs;
    }

    public int topK()
    {
        return topK;
    }

    public String toString()
    {
        return "CaptureConfig" + ConfigDump.inline(values, KEYS);
    }
}
