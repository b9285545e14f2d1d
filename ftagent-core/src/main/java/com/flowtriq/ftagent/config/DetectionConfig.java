package com.flowtriq.ftagent.config;

import java.util.List;

/**
 * Baseline, thresholds and the incident state machine's timings. Thresholds in packets/s and bits/s.
 * Immutable; thread-safe.
 */
public final class DetectionConfig
{
    static final List<ConfigKey> KEYS = List.of(
        ConfigKeys.DYNAMIC_THRESHOLD, ConfigKeys.BASELINE_WINDOW_MINUTES, ConfigKeys.THRESHOLD_MULTIPLIER,
        ConfigKeys.PPS_THRESHOLD, ConfigKeys.BPS_THRESHOLD, ConfigKeys.MIN_PPS_THRESHOLD, ConfigKeys.MIN_BPS_THRESHOLD,
        ConfigKeys.ATTACK_CONFIRM_SECONDS, ConfigKeys.ATTACK_HOLDDOWN_SECONDS, ConfigKeys.ATTACK_COOLDOWN_SECONDS,
        ConfigKeys.PROTECTED_PREFIXES);

    private final ConfigValues values;
    private final boolean dynamicThreshold;
    private final int baselineWindowMinutes;
    private final double thresholdMultiplier;
    private final long ppsThreshold;
    private final long bpsThreshold;
    private final long minPpsThreshold;
    private final long minBpsThreshold;
    private final int attackConfirmSeconds;
    private final int attackHolddownSeconds;
    private final int attackCooldownSeconds;
    private final List<String> protectedPrefixes;

    DetectionConfig(final ConfigValues values)
    {
        this.values = values;
        dynamicThreshold = values.bool(ConfigKeys.DYNAMIC_THRESHOLD);
        baselineWindowMinutes = values.intValue(ConfigKeys.BASELINE_WINDOW_MINUTES);
        thresholdMultiplier = values.doubleValue(ConfigKeys.THRESHOLD_MULTIPLIER);
        ppsThreshold = values.longValue(ConfigKeys.PPS_THRESHOLD);
        bpsThreshold = values.longValue(ConfigKeys.BPS_THRESHOLD);
        minPpsThreshold = values.longValue(ConfigKeys.MIN_PPS_THRESHOLD);
        minBpsThreshold = values.longValue(ConfigKeys.MIN_BPS_THRESHOLD);
        attackConfirmSeconds = values.intValue(ConfigKeys.ATTACK_CONFIRM_SECONDS);
        attackHolddownSeconds = values.intValue(ConfigKeys.ATTACK_HOLDDOWN_SECONDS);
        attackCooldownSeconds = values.intValue(ConfigKeys.ATTACK_COOLDOWN_SECONDS);
        protectedPrefixes = values.strings(ConfigKeys.PROTECTED_PREFIXES);
    }

    public boolean dynamicThreshold()
    {
        return dynamicThreshold;
    }

    public int baselineWindowMinutes()
    {
        return baselineWindowMinutes;
    }

    public double thresholdMultiplier()
    {
        return thresholdMultiplier;
    }

    /**
     * @return the static PPS threshold, 0 when none.
     */
    public long ppsThreshold()
    {
        return ppsThreshold;
    }

    /**
     * @return the static bits/s threshold, 0 when none.
     */
    public long bpsThreshold()
    {
        return bpsThreshold;
    }

    public long minPpsThreshold()
    {
        return minPpsThreshold;
    }

    public long minBpsThreshold()
    {
        return minBpsThreshold;
    }

    public int attackConfirmSeconds()
    {
        return attackConfirmSeconds;
    }

    public int attackHolddownSeconds()
    {
        return attackHolddownSeconds;
    }

    public int attackCooldownSeconds()
    {
        return attackCooldownSeconds;
    }

    /**
     * @return CIDR strings, validated; unmodifiable.
     */
    public List<String> protectedPrefixes()
    {
        return protectedPrefixes;
    }

    public String toString()
    {
        return "DetectionConfig" + ConfigDump.inline(values, KEYS);
    }
}
