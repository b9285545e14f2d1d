package com.flowtriq.ftagent.report;

import java.util.List;

/**
 * Test fixtures shared by the {@link Reporting} tests: a server config listener that ignores everything and an
 * agent status source with a fixed, idle heartbeat and no traffic sample.
 */
final class ReportingFixtures
{
    static final ServerConfigListener IGNORE = new ServerConfigListener()
    {
        public void onServerConfig(final ServerConfig config, final byte[] body)
        {
        }

        public void onPendingCommands(final List<PendingCommand> commands)
        {
        }
    };

    static final AgentStatusSource STATUS = new AgentStatusSource()
    {
        public HeartbeatStatus heartbeatStatus()
        {
            return new HeartbeatStatus("0.1.0", false, 0, 0, false);
        }

        public TrafficSample trafficSample()
        {
            return null;
        }
    };

    private ReportingFixtures()
    {
    }
}
