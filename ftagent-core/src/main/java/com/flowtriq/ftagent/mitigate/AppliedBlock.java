package com.flowtriq.ftagent.mitigate;

import java.util.List;

/**
 * One applied (or about to be applied) block, as kept in memory and in the state file.
 *
 * @param incidentId      the incident it belongs to (validated).
 * @param action          the backend's action name.
 * @param sources         the blocked sources.
 * @param appliedAtMillis wall-clock time it was recorded.
 * @param expiresAtMillis when TTL removes it, 0 for on resolve only.
 */
public record AppliedBlock(
    String incidentId, String action, List<IpAddress> sources, long appliedAtMillis, long expiresAtMillis)
{
    public AppliedBlock
    {
        sources = List.copyOf(sources);
    }

    public boolean isExpired(final long nowMillis)
    {
        return 0 != expiresAtMillis && nowMillis >= expiresAtMillis;
    }
}
