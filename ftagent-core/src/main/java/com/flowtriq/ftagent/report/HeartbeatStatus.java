package com.flowtriq.ftagent.report;

/**
 * What the heartbeat reports about the agent, besides the outbox depth the reporter adds itself.
 *
 * @param version        agent version.
 * @param baselineReady  true once the baseline has enough history.
 * @param baselineAvgPps baseline mean packets per second.
 * @param baselineP99Pps baseline 99th percentile packets per second.
 * @param pcapActive     true while a capture file is being written.
 */
public record HeartbeatStatus(
    String version, boolean baselineReady, double baselineAvgPps, double baselineP99Pps, boolean pcapActive)
{
}
