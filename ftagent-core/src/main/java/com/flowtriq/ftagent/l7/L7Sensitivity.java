package com.flowtriq.ftagent.l7;

/**
 * {@code l7_sensitivity}: how readily an L7 incident opens. It scales the threshold and sets how many seconds a surge
 * must last.
 */
public enum L7Sensitivity
{
    LOW("low", 1.5, 5),
    MEDIUM("medium", 1.0, 3),
    HIGH("high", 0.75, 2);

    private final String configName;
    private final double thresholdFactor;
    private final int sustainSeconds;

    L7Sensitivity(final String configName, final double thresholdFactor, final int sustainSeconds)
    {
        this.configName = configName;
        this.thresholdFactor = thresholdFactor;
        this.sustainSeconds = sustainSeconds;
    }

    /** Name in configuration. */
    public String configName()
    {
        return configName;
    }

    /** Multiplies baseline percentile × {@code l7_threshold_multiplier}. */
    public double thresholdFactor()
    {
        return thresholdFactor;
    }

    /** Consecutive attack seconds needed to open. */
    public int sustainSeconds()
    {
        return sustainSeconds;
    }

    /** The value with the given config name, or null (cold path). */
    public static L7Sensitivity byConfigName(final String name)
    {
        for (final L7Sensitivity value : values())
        {
            if (value.configName.equals(name))
            {
                return value;
            }
        }
        return null;
    }
}
