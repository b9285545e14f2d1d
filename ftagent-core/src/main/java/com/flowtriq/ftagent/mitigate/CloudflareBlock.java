package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.report.OutboxSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cloudflare_block}: one Cloudflare IP Access Rule (mode {@code block}, a note naming the incident) per
 * source, created on apply and deleted on revert, through {@link CloudflareDelivery}: the requests are journaled in
 * a durable outbox and sent from its thread with the reporter's retries, backoff, Retry-After, dead letters and
 * replay after a restart. The delete of a rule uses the id the create's reply gave, persisted
 * ({@link CloudflareRuleIds}), so it works after a restart too.
 * <p>
 * {@link #apply} and {@link #revert} succeed once the requests are on disk ({@link #confirmsLater()}): the
 * engine shows the block as {@code queued}, and {@link CloudflareDestination} reports the final outcome through
 * the engine's {@link DeferredOutcomeListener} ({@code applied}, or {@code failed} with the HTTP status and
 * Cloudflare's message). A request that could not be journaled in time fails the call, so the engine keeps the
 * block in its state file and a later revert or the next start's reconcile sends the delete again (a repeated
 * delete finds nothing and is done).
 * <p>
 * Threading: {@link #apply} and {@link #revert} on the engine's worker only.
 */
public final class CloudflareBlock implements IncidentAction, AutoCloseable
{
    public static final String ACTION = "cloudflare_block";
    public static final String NOTE_PREFIX = "ftagent incident ";

    private final CloudflareDelivery delivery;
    private final long journalTimeoutMillis;
    private final String rulesUrl;

    /**
     * Opens the Cloudflare outbox below {@code stateDir} (replaying what a previous run left) and starts its thread.
     *
     * @param apiBase   e.g. {@code https://api.cloudflare.com/client/v4}.
     * @param zoneId    zone scope, or null.
     * @param accountId account scope, used when zoneId is null.
     * @param token     API token.
     * @param timeout   per request, and the longest wait for a request to be journaled.
     * @param stateDir  {@code state_dir}.
     * @param settings  outbox tuning, or null for the reporter's defaults.
     * @throws IOException if the outbox cannot be opened.
     * @throws IllegalArgumentException if the zone or account id is not alphanumeric.
     */
    public CloudflareBlock(
        final String apiBase,
        final String zoneId,
        final String accountId,
        final String token,
        final Duration timeout,
        final Path stateDir,
        final OutboxSettings settings) throws IOException
    {
        final String scope = null != zoneId ? "zones/" + pathSegment(zoneId) : "accounts/" + pathSegment(accountId);
        this.rulesUrl = apiBase + (apiBase.endsWith("/") ? "" : "/") + scope + "/firewall/access_rules/rules";
        this.journalTimeoutMillis = timeout.toMillis();
        this.delivery = new CloudflareDelivery(rulesUrl, token, timeout, stateDir, settings);
    }

    public String action()
    {
        return ACTION;
    }

    public boolean confirmsLater()
    {
        return true;
    }

    public void deferredOutcomes(final DeferredOutcomeListener listener)
    {
        delivery.outcomes(listener);
    }

    public CommandOutcome apply(final List<TemplateValues> targets)
    {
        return queue(targets, false);
    }

    public CommandOutcome revert(final List<TemplateValues> targets)
    {
        return queue(targets, true);
    }

    private CommandOutcome queue(final List<TemplateValues> targets, final boolean delete)
    {
        final String method = delete ? "DELETE" : "POST";
        int queued = 0;
        for (final TemplateValues target : targets)
        {
            final IpAddress address = null != target.sourceIp() ? target.sourceIp() : target.destinationIp();
            if (null == address || null == target.incidentId())
            {
                continue;
            }
            if (delete)
            {
                delivery.submitDelete(target.incidentId(), address);
            }
            else
            {
                delivery.submitCreate(target.incidentId(), address);
            }
            queued++;
        }
        if (!delivery.awaitJournaled(journalTimeoutMillis))
        {
            return new CommandOutcome(List.of(method, rulesUrl), -1, false, "",
                "request not journaled in " + delivery.directory() + " within " + journalTimeoutMillis + " ms");
        }
        return new CommandOutcome(List.of(method, rulesUrl), 0, false, "queued " + queued, "");
    }

    /**
     * Engine's worker, at start when the state file cannot be read: queues a delete for every rule
     * {@code cloudflare-rules.tsv} listed when the outbox was opened, so a lost state file does not leave blocks at
     * Cloudflare for good. A rule whose delete is already pending is deleted once; the repeat finds nothing and is
     * done. Not covered: a create journaled by the crashed run and not delivered yet (its rule has no id on disk).
     *
     * @return the outcome: succeeded once the deletes are journaled.
     */
    public CommandOutcome revertRulesListedAtStart()
    {
        final List<TemplateValues> targets = new ArrayList<>();
        for (final String key : delivery.rulesAtStart())
        {
            final String incidentId = CloudflareRuleIds.incidentOf(key);
            final IpAddress address = CloudflareRuleIds.addressOf(key);
            if (null != address && null != incidentId && IncidentId.isValid(incidentId))
            {
                targets.add(new TemplateValues(address, null, null, null, incidentId, null));
            }
        }
        return queue(targets, true);
    }

    /** @return requests journaled and not yet delivered or rejected. Any thread. */
    public long pendingRequests()
    {
        return delivery.pending();
    }

    /** @return requests Cloudflare rejected for good (moved to the outbox's {@code dead/}). Any thread. */
    public long rejectedRequests()
    {
        return delivery.counters().deadLettered.get();
    }

    /**
     * Lets pending requests go out for a short while, then stops the outbox thread; the rest is replayed at the
     * next start.
     */
    public void close()
    {
        delivery.close();
    }

    /** Stops the outbox thread at once, as a crash would (tests of the replay). */
    void halt()
    {
        delivery.halt();
    }

    private static String pathSegment(final String id)
    {
        if (!CloudflareDestination.isRuleId(id))
        {
            throw new IllegalArgumentException("Cloudflare zone/account id must be alphanumeric: " +
                Printable.quote(id));
        }
        return id;
    }

    public String toString()
    {
        return "CloudflareBlock{rulesUrl=" + rulesUrl + "}";
    }
}
