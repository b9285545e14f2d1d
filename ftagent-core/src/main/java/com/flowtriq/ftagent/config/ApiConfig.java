package com.flowtriq.ftagent.config;

import java.util.List;

/**
 * The Flowtriq API connection and node identity. Without an API key ftagent runs in local mode.
 * Immutable; thread-safe.
 */
public final class ApiConfig
{
    static final List<ConfigKey> KEYS = List.of(
        ConfigKeys.API_KEY, ConfigKeys.NODE_UUID, ConfigKeys.API_BASE, ConfigKeys.HEARTBEAT_INTERVAL,
        ConfigKeys.METRICS_INTERVAL, ConfigKeys.CONFIG_POLL_INTERVAL);

    private final ConfigValues values;
    private final String apiKey;
    private final String nodeUuid;
    private final String apiBase;
    private final int heartbeatIntervalSeconds;
    private final int metricsIntervalSeconds;
    private final int configPollIntervalSeconds;

    ApiConfig(final ConfigValues values)
    {
        this.values = values;
        apiKey = values.string(ConfigKeys.API_KEY);
        nodeUuid = values.string(ConfigKeys.NODE_UUID);
        apiBase = values.string(ConfigKeys.API_BASE);
        heartbeatIntervalSeconds = values.intValue(ConfigKeys.HEARTBEAT_INTERVAL);
        metricsIntervalSeconds = values.intValue(ConfigKeys.METRICS_INTERVAL);
        configPollIntervalSeconds = values.intValue(ConfigKeys.CONFIG_POLL_INTERVAL);
    }

    /**
     * @return true when no API key is set: incidents go to the journal, notifiers and metrics only.
     */
    public boolean localMode()
    {
        return null == apiKey;
    }

    /**
     * @return the API key, or null in local mode. Never log it: use {@link #toString()} or
     * {@link SecretRedaction#redact(String)}.
     */
    public String apiKey()
    {
        return apiKey;
    }

    /**
     * @return the node UUID, or null if not set.
     */
    public String nodeUuid()
    {
        return nodeUuid;
    }

    public String apiBase()
    {
        return apiBase;
    }

    public int heartbeatIntervalSeconds()
    {
        return heartbeatIntervalSeconds;
    }

    public int metricsIntervalSeconds()
    {
        return metricsIntervalSeconds;
    }

    public int configPollIntervalSeconds()
    {
        return configPollIntervalSeconds;
    }

    public String toString()
    {
        return "ApiConfig" + ConfigDump.inline(values, KEYS);
    }
}
