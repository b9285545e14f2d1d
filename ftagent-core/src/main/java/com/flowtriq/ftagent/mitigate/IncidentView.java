package com.flowtriq.ftagent.mitigate;

import java.util.List;

/**
 * The little the mitigation stage needs to know about an incident. Every string here is treated as untrusted
 * (it derives from packets or log lines): the engine parses each into a validated type and drops what fails.
 *
 * @param id         the incident id.
 * @param family     attack family, e.g. {@code tcp_flood}.
 * @param subtype    attack subtype, e.g. {@code syn}.
 * @param peakPps    highest packets per second seen (requests per second for L7 incidents).
 * @param confidence 0..100.
 * @param topSources source addresses, heaviest first (top client IPs for L7 incidents).
 * @param victimIp   the attacked address, or null.
 * @param victimPort the attacked port, or -1.
 * @param protocol   the attacked protocol keyword, or null.
 */
public record IncidentView(
    String id,
    String family,
    String subtype,
    long peakPps,
    int confidence,
    List<String> topSources,
    String victimIp,
    int victimPort,
    String protocol)
{
    public IncidentView
    {
        topSources = null == topSources ? List.of() : List.copyOf(topSources);
    }
}
