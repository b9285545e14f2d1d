package com.flowtriq.ftagent.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures: incident events with every field filled.
 */
final class Incidents
{
    static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    private Incidents()
    {
    }

    static IncidentEvent event(final String id, final IncidentState state, final int second)
    {
        final Instant ts = START.plusSeconds(second);
        return new IncidentEvent(
            id, "l3l4", state, "udp_flood", "dns_amplification", START, ts,
            state == IncidentState.RESOLVE ? ts : null,
            250_000 + second, 1.2e9 + second, 1_200, 3_600,
            List.of(new RankedItem("198.18.0.7", 600), new RankedItem("198.18.0.9", 400)),
            List.of(new RankedItem("198.19.0.1", 1000)),
            List.of(new RankedItem("53", 900), new RankedItem("123", 100)),
            Map.of("tcp", 10L, "udp", 980L, "icmp", 5L, "other", 5L, "fragments", 2L),
            Map.of("SYN", 7L, "ACK", 3L),
            Map.of("0-64", 100L, "1500+", 900L),
            Map.of("64", 1000L),
            2, 1000, 87, 1.25, 1180.5);
    }
}
