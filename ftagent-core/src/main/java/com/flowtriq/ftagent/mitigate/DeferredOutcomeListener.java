package com.flowtriq.ftagent.mitigate;

/**
 * Told the outcome of a mitigation request that was queued rather than done at once (a Cloudflare rule create or
 * delete delivered through the durable outbox), so the incident's {@code mitigation} section, the failure counter
 * and the operator log learn how it ended. Called on the delivering thread; implementations only queue.
 */
@FunctionalInterface
public interface DeferredOutcomeListener
{
    /**
     * @param incidentId the incident the request belongs to.
     * @param action     the action name, e.g. {@code cloudflare_block}.
     * @param target     the address the request was for.
     * @param revert     true for the undo (delete), false for the apply (create).
     * @param succeeded  true if the remote side accepted it.
     * @param detail     the reason of a rejection (HTTP status and message), or null.
     */
    void onDeferredOutcome(
        String incidentId, String action, IpAddress target, boolean revert, boolean succeeded, String detail);
}
