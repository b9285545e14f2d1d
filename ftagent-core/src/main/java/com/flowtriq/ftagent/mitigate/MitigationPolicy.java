package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.config.MitigationConfig;
import com.flowtriq.ftagent.config.MitigationRule;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's settings, adapted from {@link MitigationConfig}. Immutable.
 *
 * @param enabled           apply anything at all.
 * @param dryRun            log what would run, run nothing, change no state.
 * @param maxBlockedSources most distinct sources blocked at once.
 * @param rules             rules in config order; every matching rule applies.
 */
public record MitigationPolicy(boolean enabled, boolean dryRun, int maxBlockedSources, List<RuleSpec> rules)
{
    public MitigationPolicy
    {
        rules = List.copyOf(rules);
        if (maxBlockedSources < 1)
        {
            throw new IllegalArgumentException("maxBlockedSources=" + maxBlockedSources + " must be >= 1");
        }
    }

    public static MitigationPolicy from(final MitigationConfig config)
    {
        final List<RuleSpec> rules = new ArrayList<>();
        for (final MitigationRule rule : config.rules())
        {
            rules.add(RuleSpec.from(rule));
        }
        return new MitigationPolicy(config.enabled(), config.dryRun(), config.maxBlockedSources(), rules);
    }
}
