package com.flowtriq.ftagent.report;

import java.util.List;

/**
 * Receives what the server pushed, on the reporting thread. Implementations hand over to their own thread
 * (detection settings, mitigation) without blocking.
 */
public interface ServerConfigListener
{
    /**
     * @param config validated settings; null fields mean "unchanged".
     * @param body   the raw reply, for {@code config.ServerConfigOverrides.apply}, which maps the same keys onto
     *               the agent configuration with the registry's validators.
     */
    void onServerConfig(ServerConfig config, byte[] body);

    /**
     * @param commands commands not seen before; mitigation decides and acks each through
     *                 {@link FlowtriqReporter#ackCommand}.
     */
    void onPendingCommands(List<PendingCommand> commands);
}
