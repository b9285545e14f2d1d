package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.report.DurableOutbox;
import com.flowtriq.ftagent.report.OutboxCounters;
import com.flowtriq.ftagent.report.OutboxEntryKind;
import com.flowtriq.ftagent.report.OutboxSettings;
import com.flowtriq.ftagent.report.ReportAgent;
import com.flowtriq.ftagent.report.ReportThread;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The durable path of {@code cloudflare_block}: a {@link DurableOutbox} of its own ({@code <state_dir>/cloudflare-outbox},
 * one channel, {@link CloudflareDestination}) run by its own thread, so Cloudflare requests get what the reporter's
 * get (journal before send, backoff with Retry-After, circuit breaker, {@code dead/} on 4xx, replay after a
 * restart) and neither an API outage nor a Cloudflare outage delays the other.
 * <p>
 * Threading: {@link #submitCreate}, {@link #submitDelete} and {@link #awaitJournaled} are called by the mitigation
 * worker, the only submitter; the outbox thread does all disk and network I/O.
 */
final class CloudflareDelivery implements AutoCloseable
{
    /** Directory below {@code state_dir}. */
    static final String OUTBOX_DIRECTORY = "cloudflare-outbox";
    /** How long {@link #close()} lets the outbox deliver what is pending (the reverts of a shutdown). */
    static final long DRAIN_MILLIS = 3_000;

    static final String THREAD_NAME = "ftagent-cloudflare";

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final HttpClient http;
    private final DurableOutbox outbox;
    private final CloudflareDestination destination;
    private final ReportThread thread;
    private final List<String> rulesAtStart;
    private volatile long submitted; // single writer: the mitigation worker

    /**
     * Opens the outbox (replaying what a previous run left) and starts its thread.
     *
     * @param rulesUrl  the access rules collection URL of the zone or account.
     * @param token     API token.
     * @param timeout   per request.
     * @param stateDir  {@code state_dir}: the outbox directory and the rule id file go below it.
     * @param settings  outbox tuning for {@code <state_dir>/cloudflare-outbox}, or null for the reporter's defaults.
     * @throws IOException if the outbox or the id file cannot be opened.
     */
    CloudflareDelivery(
        final String rulesUrl,
        final String token,
        final Duration timeout,
        final Path stateDir,
        final OutboxSettings settings) throws IOException
    {
        final Path directory = stateDir.resolve(OUTBOX_DIRECTORY);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        final CloudflareRuleIds ruleIds = new CloudflareRuleIds(stateDir);
        this.rulesAtStart = ruleIds.keys(); // read before the outbox thread, which owns the ids from now on
        this.destination = new CloudflareDestination(http, rulesUrl, token, timeout, ruleIds);
        this.outbox = new DurableOutbox(null == settings ? OutboxSettings.defaults(directory) : settings,
            List.of(destination), System::currentTimeMillis, new Random());
        this.thread = new ReportThread(new ReportAgent(THREAD_NAME, List.of(outbox), System::currentTimeMillis));
    }

    /**
     * @return the keys ({@code <incident id> <address>}) of the rules {@code cloudflare-rules.tsv} listed when the
     * outbox was opened: rules an earlier run created and had not deleted (yet). Any thread; immutable.
     */
    List<String> rulesAtStart()
    {
        return rulesAtStart;
    }

    void outcomes(final DeferredOutcomeListener listener)
    {
        destination.outcomes(listener);
    }

    void submitCreate(final String incidentId, final IpAddress address)
    {
        submit(OutboxEntryKind.MITIGATION_APPLY, incidentId, address);
    }

    void submitDelete(final String incidentId, final IpAddress address)
    {
        submit(OutboxEntryKind.MITIGATION_REVERT, incidentId, address);
    }

    private void submit(final OutboxEntryKind kind, final String incidentId, final IpAddress address)
    {
        outbox.submit(kind, CloudflareDestination.CHANNEL, incidentId, CloudflareDestination.requestBody(address));
        submitted++;
    }

    /**
     * Waits until everything submitted so far is on disk (fsync'd), so a crash from now on cannot lose it.
     *
     * @param timeoutMillis the longest wait.
     * @return true if journaled; false on timeout or when the disk write failed (the entries are still delivered
     * from memory while this process runs).
     */
    boolean awaitJournaled(final long timeoutMillis)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (outbox.counters().persisted.get() < submitted)
        {
            if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted())
            {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    /** @return requests stored and not yet delivered or rejected. Any thread. */
    long pending()
    {
        return outbox.counters().depth.get();
    }

    OutboxCounters counters()
    {
        return outbox.counters();
    }

    Path directory()
    {
        return outbox.store().directory();
    }

    /**
     * Lets the outbox deliver what is pending for up to {@link #DRAIN_MILLIS}, then stops its thread. What is
     * left stays on disk for the next start.
     */
    @Override
    public void close()
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        while ((pending() > 0 || outbox.counters().persisted.get() < submitted) && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        halt();
    }

    /**
     * Stops the thread at once, leaving pending requests on disk: what a crash does. For tests of the replay.
     */
    void halt()
    {
        thread.close();
        http.close();
    }
}
