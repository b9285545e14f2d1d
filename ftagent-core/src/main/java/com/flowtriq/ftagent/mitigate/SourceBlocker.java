package com.flowtriq.ftagent.mitigate;

import java.util.List;

/**
 * A backend that drops traffic from individual source addresses. Implementations build their commands only from
 * {@link IpAddress} values. All methods block while commands run; the engine calls them from its own worker
 * thread only, so implementations need not be thread-safe.
 */
public interface SourceBlocker
{
    /**
     * @return the action name of {@code mitigation.rules[].action} this backend implements.
     */
    String action();

    /**
     * Adds {@code sources} to the block set, creating the backend's table/set on first use. Adding a source that
     * is already blocked is not an error.
     *
     * @param ttlSeconds kernel-side expiry of each element, 0 for none (the engine reverts).
     * @return the outcome of the last command run; failure if any failed.
     */
    CommandOutcome block(List<IpAddress> sources, long ttlSeconds);

    /**
     * Removes {@code sources}. Idempotent: removing a source that is not blocked, or when the set does not exist,
     * succeeds.
     */
    CommandOutcome unblock(List<IpAddress> sources);

    /**
     * Removes everything this backend ever created (crash leftovers included). Idempotent.
     */
    CommandOutcome removeAll();

    /**
     * @return the commands {@link #block} would run, for dry-run logging; nothing is executed.
     */
    List<String> describeBlock(List<IpAddress> sources, long ttlSeconds);
}
