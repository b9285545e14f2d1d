package com.flowtriq.ftagent.report;

import java.util.List;
import java.util.Map;

/**
 * One L7 window for {@code POST /agent/l7/metrics}.
 *
 * @param rps           requests per second.
 * @param errorRate     share of 4xx/5xx replies, 0..1.
 * @param uniqueIps     distinct client addresses.
 * @param totalRequests requests in the window.
 * @param topPaths      busiest paths.
 * @param topIps        busiest clients.
 * @param statusCodes   requests by status class ({@code "2xx"} ...).
 * @param windowSeconds window length.
 */
public record L7Sample(
    double rps,
    double errorRate,
    long uniqueIps,
    long totalRequests,
    List<RankedItem> topPaths,
    List<RankedItem> topIps,
    Map<String, Long> statusCodes,
    int windowSeconds)
{
}
