package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.config.MitigationRule;

import java.util.List;

/**
 * One mitigation rule as the engine uses it: adapted from {@link MitigationRule} so tests and callers can build
 * rules directly. Immutable.
 *
 * @param families      families that match; empty means any.
 * @param subtypes      subtypes that match; empty means any.
 * @param minPps        minimum peak pps (requests/s for L7 {@code http_flood} incidents, whose view carries rps).
 * @param minConfidence minimum confidence.
 * @param action        one of the configured action names.
 * @param target        what the action applies to.
 * @param topN          how many top sources.
 * @param ttlSeconds    removal after this long even if open; 0 means on resolve.
 */
public record RuleSpec(
    List<String> families,
    List<String> subtypes,
    long minPps,
    int minConfidence,
    String action,
    RuleTarget target,
    int topN,
    long ttlSeconds)
{
    public RuleSpec
    {
        families = List.copyOf(families);
        subtypes = List.copyOf(subtypes);
        if (null == action || null == target || topN < 1 || ttlSeconds < 0)
        {
            throw new IllegalArgumentException("invalid rule: action=" + action + " target=" + target +
                " topN=" + topN + " ttlSeconds=" + ttlSeconds);
        }
    }

    public static RuleSpec from(final MitigationRule rule)
    {
        return new RuleSpec(
            rule.families(), rule.subtypes(), rule.minPps(), rule.minConfidence(), rule.action(),
            RuleTarget.parse(rule.targets()), rule.topN(), rule.ttlSeconds());
    }

    /**
     * @return true if every condition holds for {@code incident}.
     */
    public boolean matches(final IncidentView incident)
    {
        return (families.isEmpty() || families.contains(incident.family())) &&
            (subtypes.isEmpty() || subtypes.contains(incident.subtype())) &&
            incident.peakPps() >= minPps &&
            incident.confidence() >= minConfidence;
    }
}
