package com.flowtriq.ftagent.mitigate;

import java.util.List;

/**
 * An action applied per target value set rather than to a source set: the {@code command} template, ExaBGP
 * announcements. Values are validated types only. Called from the engine's worker thread only.
 */
public interface IncidentAction
{
    /**
     * @return the action name of {@code mitigation.rules[].action}.
     */
    String action();

    /**
     * @return the outcome; failure if any target failed.
     */
    CommandOutcome apply(List<TemplateValues> targets);

    /**
     * Undoes {@link #apply}; must be safe to repeat.
     */
    CommandOutcome revert(List<TemplateValues> targets);

    /**
     * @return true if a successful {@link #apply} only means the requests were queued durably and the remote side
     * confirms later, through {@link DeferredOutcomeListener} (Cloudflare through the outbox); false if it means
     * done.
     */
    default boolean confirmsLater()
    {
        return false;
    }

    /**
     * Tells an action that {@link #confirmsLater()} where final outcomes go. The engine calls it once, at
     * construction; others ignore it.
     */
    default void deferredOutcomes(final DeferredOutcomeListener listener)
    {
    }
}
