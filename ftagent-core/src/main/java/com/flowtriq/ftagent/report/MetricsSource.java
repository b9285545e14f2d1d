package com.flowtriq.ftagent.report;

/**
 * Anything that exports metrics on {@code /metrics}: capture, decode, detection, L7, mitigation and reporting
 * each provide one. Called on the metrics listener's thread on every scrape, so implementations read their
 * counters (volatile/atomic, single writer elsewhere) and never block.
 */
@FunctionalInterface
public interface MetricsSource
{
    void collect(MetricsWriter writer);
}
