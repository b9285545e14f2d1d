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

    /**
     * Each L7 sample is handed out once: the reporter posts what it takes, and a sample it did not take in time is
     * replaced by the next (latest wins).
     *
     * @return the L7 sample of the latest complete {@code metrics_interval} not taken yet, or null (none yet, or L7
     * is off).
     */
    default L7Sample takeL7Sample()
    {
        return null;
    }
}
