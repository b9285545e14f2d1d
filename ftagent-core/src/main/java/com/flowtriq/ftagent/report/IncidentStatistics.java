package com.flowtriq.ftagent.report;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Incidents open and opened in total, by family, for {@code /metrics}. Written on the reporting thread (it is an
 * {@link IncidentListener}), read on the metrics thread through concurrent maps.
 */
public final class IncidentStatistics implements IncidentListener, MetricsSource
{
    private final Map<String, AtomicLong> totalByFamily = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> openByFamily = new ConcurrentHashMap<>();
    private final Map<String, String> familyOfOpen = new ConcurrentHashMap<>();

    @Override
    public void onIncidentEvent(final IncidentEvent event)
    {
        switch (event.state())
        {
            case OPEN ->
            {
                if (familyOfOpen.putIfAbsent(event.incidentId(), event.family()) == null)
                {
                    totalByFamily.computeIfAbsent(event.family(), (f) -> new AtomicLong()).incrementAndGet();
                    openByFamily.computeIfAbsent(event.family(), (f) -> new AtomicLong()).incrementAndGet();
                }
            }
            case RESOLVE ->
            {
                final String family = familyOfOpen.remove(event.incidentId());
                if (family != null)
                {
                    openByFamily.get(family).decrementAndGet();
                }
            }
            default ->
            {
            }
        }
    }

    @Override
    public void collect(final MetricsWriter writer)
    {
        final Set<String> families = totalByFamily.keySet();
        for (final String family : families)
        {
            writer.counter("ftagent_incidents_total", "Incidents opened, by attack family.", "family", family,
                totalByFamily.get(family).get());
        }
        for (final String family : families)
        {
            final AtomicLong open = openByFamily.get(family);
            writer.gauge("ftagent_incidents_open", "Incidents open now, by attack family.", "family", family,
                open == null ? 0 : open.get());
        }
    }
}
