package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.DetectionConfig;
import com.flowtriq.ftagent.detect.DetectionSettings;

/**
 * Builds the detector's settings from a validated {@link AgentConfig}: the config package owns the keys, their
 * defaults and their validation; the detector takes plain values and knows nothing of JSON.
 */
public final class ConfiguredDetection
{
    private ConfiguredDetection()
    {
    }

    /**
     * @param config a validated config.
     * @return the detection settings it describes.
     */
    public static DetectionSettings settings(final AgentConfig config)
    {
        final DetectionConfig detection = config.detection();
        return DetectionSettings.builder()
            .dynamicThreshold(detection.dynamicThreshold())
            .baselineWindowMinutes(detection.baselineWindowMinutes())
            .thresholdMultiplier(detection.thresholdMultiplier())
            .ppsThreshold(detection.ppsThreshold())
            .bpsThreshold(detection.bpsThreshold())
            .minPpsThreshold(detection.minPpsThreshold())
            .minBpsThreshold(detection.minBpsThreshold())
            .attackConfirmSeconds(detection.attackConfirmSeconds())
            .attackHolddownSeconds(detection.attackHolddownSeconds())
            .attackCooldownSeconds(detection.attackCooldownSeconds())
            .metricsInterval(config.api().metricsIntervalSeconds())
            .stateDir(config.state().stateDir().toString())
            .protectedPrefixes(detection.protectedPrefixes())
            .build();
    }
}
