package com.flowtriq.ftagent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * HTTP flood detection from access logs. Immutable; thread-safe.
 */
public final class L7Config
{
    static final List<ConfigKey> KEYS = List.of(
        ConfigKeys.L7_ENABLED, ConfigKeys.L7_LOGS, ConfigKeys.L7_TRUSTED_PROXIES, ConfigKeys.L7_MAX_LINE_BYTES,
        ConfigKeys.L7_THRESHOLD_MULTIPLIER, ConfigKeys.L7_MIN_RPS, ConfigKeys.L7_SENSITIVITY,
        ConfigKeys.L7_ERROR_RATE_THRESHOLD);

    private final ConfigValues values;
    private final boolean enabled;
    private final List<L7LogSource> logs;
    private final List<String> trustedProxies;
    private final int maxLineBytes;
    private final double thresholdMultiplier;
    private final long minRps;
    private final String sensitivity;
    private final double errorRateThreshold;

    L7Config(final ConfigValues values)
    {
        this.values = values;
        enabled = values.bool(ConfigKeys.L7_ENABLED);
        final List<L7LogSource> sources = new ArrayList<>();
        for (final ConfigValues element : values.elements(ConfigKeys.L7_LOGS))
        {
            sources.add(new L7LogSource(
                Path.of(element.string(ConfigKeys.L7_LOG_PATH)), element.string(ConfigKeys.L7_LOG_FORMAT)));
        }
        logs = Collections.unmodifiableList(sources);
        trustedProxies = values.strings(ConfigKeys.L7_TRUSTED_PROXIES);
        maxLineBytes = values.intValue(ConfigKeys.L7_MAX_LINE_BYTES);
        thresholdMultiplier = values.doubleValue(ConfigKeys.L7_THRESHOLD_MULTIPLIER);
        minRps = values.longValue(ConfigKeys.L7_MIN_RPS);
        sensitivity = values.string(ConfigKeys.L7_SENSITIVITY);
        errorRateThreshold = values.doubleValue(ConfigKeys.L7_ERROR_RATE_THRESHOLD);
    }

    public boolean enabled()
    {
        return enabled;
    }

    /**
     * @return configured logs; empty means "look in the usual default paths".
     */
    public List<L7LogSource> logs()
    {
        return logs;
    }

    /**
     * @return CIDR strings of proxies whose X-Forwarded-For is trusted.
     */
    public List<String> trustedProxies()
    {
        return trustedProxies;
    }

    public int maxLineBytes()
    {
        return maxLineBytes;
    }

    public double thresholdMultiplier()
    {
        return thresholdMultiplier;
    }

    public long minRps()
    {
        return minRps;
    }

    /**
     * @return low, medium or high.
     */
    public String sensitivity()
    {
        return sensitivity;
    }

    /**
     * @return share of 4xx/5xx responses in a second that counts as an error signal.
     */
    public double errorRateThreshold()
    {
        return errorRateThreshold;
    }

    public String toString()
    {
        return "L7Config" + ConfigDump.inline(values, KEYS);
    }
}
