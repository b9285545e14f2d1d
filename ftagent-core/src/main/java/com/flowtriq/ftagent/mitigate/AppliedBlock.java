package com.flowtriq.ftagent.mitigate;

import java.util.List;

/**
 * One applied (or about to be applied) block, as kept in memory and in the state file.
 *
 * @param incidentId      the incident it belongs to (validated).
 * @param action          the backend's action name.
 * @param sources         the blocked sources.
 * @param appliedAtMillis wall-clock time it was recorded.
 * @param expiresAtMillis when TTL removes it, 0 for on resolve only.
 * @param context         for {@link IncidentAction}s: the incident's victim, port, protocol, id and family
 *                        (no source); null for source blocks.
 */
public record AppliedBlock(
    String incidentId,
    String action,
    List<IpAddress> sources,
    long appliedAtMillis,
    long expiresAtMillis,
    TemplateValues context)
{
    public AppliedBlock
    {
        sources = List.copyOf(sources);
    }

    public AppliedBlock(
        final String incidentId,
        final String action,
        final List<IpAddress> sources,
        final long appliedAtMillis,
        final long expiresAtMillis)
    {
        this(incidentId, action, sources, appliedAtMillis, expiresAtMillis, null);
    }

    /**
     * @return one value set per source (or one without a source when there are none), for template actions.
     */
    public List<TemplateValues> targets()
    {
        final TemplateValues base = null == context ? new TemplateValues(null, null, null, null, incidentId, null) :
            context;
        if (sources.isEmpty())
        {
            return List.of(base);
        }
        final List<TemplateValues> result = new java.util.ArrayList<>(sources.size());
        for (final IpAddress source : sources)
        {
            result.add(new TemplateValues(source, base.destinationIp(), base.port(), base.protocol(),
                base.incidentId(), base.family()));
        }
        return result;
    }

    public boolean isExpired(final long nowMillis)
    {
        return 0 != expiresAtMillis && nowMillis >= expiresAtMillis;
    }
}
