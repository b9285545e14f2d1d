package com.flowtriq.ftagent.report;

/**
 * What the reporter pulls from the rest of the agent for its periodic posts. Called on the reporting thread;
 * implementations return a consistent snapshot (e.g. of the detector's last published window).
 */
public interface AgentStatusSource
{
    /**
     * @return state for the heartbeat.
     */
    HeartbeatStatus heartbeatStatus();

    /**
     * @return the latest metrics window, or null if none is ready yet.
     */
    TrafficSample trafficSample();
}
