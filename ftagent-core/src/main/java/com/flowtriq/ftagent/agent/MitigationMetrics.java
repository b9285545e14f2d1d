package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.mitigate.MitigationCounters;
import com.flowtriq.ftagent.mitigate.MitigationEngine;
import com.flowtriq.ftagent.report.MetricsSource;
import com.flowtriq.ftagent.report.MetricsWriter;

/**
 * The mitigation engine's counters on {@code /metrics} (issue #8): actions applied, reverted, failed, reverts that
 * failed, IPv6 sources that could not be blocked because their address was no longer known, blocks in force, and
 * the Cloudflare outbox. Writes nothing when mitigation is off.
 *
 * <p>Threading: called on the metrics listener's thread on every scrape; the counters are atomics the engine's
 * worker (and the detection thread, for unknown IPv6 sources) write. The active-block gauge waits for the worker
 * once per scrape, as before.
 */
public final class MitigationMetrics implements MetricsSource
{
    static final String UNKNOWN_IPV6_SOURCES = "ftagent_mitigation_unknown_ipv6_sources_total";
    static final String REVERT_FAILURES = "ftagent_mitigation_revert_failures_total";

    private final MitigationEngine engine;

    /**
     * @param engine the running engine, or null when mitigation is off.
     */
    public MitigationMetrics(final MitigationEngine engine)
    {
        this.engine = engine;
    }

    @Override
    public void collect(final MetricsWriter writer)
    {
        if (null == engine)
        {
            return;
        }
        final MitigationCounters counters = engine.counters();
        writer.counter("ftagent_mitigation_applied_total", "Mitigation actions applied.", counters.applied());
        writer.counter("ftagent_mitigation_reverted_total", "Mitigation actions reverted.", counters.reverted());
        writer.counter("ftagent_mitigation_failures_total", "Mitigation commands that failed.", counters.failures());
        writer.counter(REVERT_FAILURES, "Mitigation reverts (resolve, TTL, shutdown) that failed or were rejected; " +
            "the block stays in the state file for the next start.", counters.revertFailures());
        writer.counter(UNKNOWN_IPV6_SOURCES, "IPv6 incident sources not blocked because their address was no " +
            "longer in the capture's address book.", counters.unknownIpv6Sources());
        writer.gauge("ftagent_mitigation_active", "Mitigation actions in force.", engine.activeBlocks().size());
        writer.gauge("ftagent_mitigation_remote_pending", "Cloudflare requests journaled, not yet delivered.",
            engine.pendingRemoteRequests());
        writer.counter("ftagent_mitigation_remote_rejected_total",
            "Cloudflare requests rejected for good (outbox dead/).", engine.rejectedRemoteRequests());
    }
}
