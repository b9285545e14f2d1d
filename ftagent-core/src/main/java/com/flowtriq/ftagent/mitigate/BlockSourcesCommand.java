package com.flowtriq.ftagent.mitigate;

import java.util.List;

/**
 * A server-pushed command that parsed into the one typed action servers may request: block these sources.
 *
 * @param commandId  the server's command id (validated like an incident id).
 * @param sources    validated addresses, at least one.
 * @param ttlSeconds how long the block stays, &gt; 0 (server blocks always expire).
 */
public record BlockSourcesCommand(String commandId, List<IpAddress> sources, long ttlSeconds)
{
    public BlockSourcesCommand
    {
        sources = List.copyOf(sources);
    }
}
