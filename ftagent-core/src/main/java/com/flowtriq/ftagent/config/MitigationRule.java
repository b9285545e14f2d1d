package com.flowtriq.ftagent.config;

import java.util.List;

/**
 * One mitigation rule: when an incident matches, apply an action to its targets. Validated values only; the
 * mitigation stage still builds argv from them itself. Immutable; thread-safe.
 */
public final class MitigationRule
{
    private final ConfigValues values;
    private final List<String> families;
    private final List<String> subtypes;
    private final long minPps;
    private final int minConfidence;
    private final String action;
    private final String targets;
    private final int topN;
    private final long ttlSeconds;
    private final long rateLimitPps;
    private final List<String> command;
    private final List<String> revert;

    MitigationRule(final ConfigValues values)
    {
        this.values = values;
        families = values.strings(ConfigKeys.RULE_WHEN_FAMILIES);
        subtypes = values.strings(ConfigKeys.RULE_WHEN_SUBTYPES);
        minPps = values.longValue(ConfigKeys.RULE_WHEN_MIN_PPS);
        minConfidence = values.intValue(ConfigKeys.RULE_WHEN_MIN_CONFIDENCE);
        action = values.string(ConfigKeys.RULE_ACTION);
        targets = values.string(ConfigKeys.RULE_TARGETS);
        topN = values.intValue(ConfigKeys.RULE_TOP_N);
        ttlSeconds = values.longValue(ConfigKeys.RULE_TTL_SECONDS);
        rateLimitPps = values.longValue(ConfigKeys.RULE_RATE_LIMIT_PPS);
        command = values.strings(ConfigKeys.RULE_COMMAND);
        revert = values.strings(ConfigKeys.RULE_REVERT);
    }

    /**
     * @return families that match; empty means any.
     */
    public List<String> families()
    {
        return families;
    }

    /**
     * @return subtypes that match; empty means any.
     */
    public List<String> subtypes()
    {
        return subtypes;
    }

    public long minPps()
    {
        return minPps;
    }

    public int minConfidence()
    {
        return minConfidence;
    }

    /**
     * @return one of {@link ConfigKeys#MITIGATION_ACTIONS}.
     */
    public String action()
    {
        return action;
    }

    /**
     * @return top_sources, victim or victim_port.
     */
    public String targets()
    {
        return targets;
    }

    public int topN()
    {
        return topN;
    }

    /**
     * @return seconds until removal even while the incident is open; 0 means on resolve.
     */
    public long ttlSeconds()
    {
        return ttlSeconds;
    }

    public long rateLimitPps()
    {
        return rateLimitPps;
    }

    /**
     * @return the argv template of a {@code command} action (empty otherwise); element 0 is an absolute path.
     */
    public List<String> command()
    {
        return command;
    }

    /**
     * @return the argv template that reverts a {@code command} action; may be empty.
     */
    public List<String> revert()
    {
        return revert;
    }

    public String toString()
    {
        return "MitigationRule" + ConfigDump.inline(values, ConfigDump.elementKeys(ConfigKeys.MITIGATION_RULES));
    }
}
