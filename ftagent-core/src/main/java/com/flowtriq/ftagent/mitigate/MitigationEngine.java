package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.incident.MitigationEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Applies the operator's rules to incidents: on open, every matching rule blocks its targets through its backend;
 * on resolve, on TTL expiry and on {@link #close()} the blocks are reverted; on {@link #start()} whatever a crashed
 * run left behind (listed in the state file, or anywhere in a backend's own table) is removed.
 * <p>
 * Threading: all work runs on one dedicated worker thread, so firewall commands never run on the detection
 * thread. {@link #onIncidentOpened} and {@link #onIncidentResolved} may be called from any thread; they only queue
 * a task (a small allocation per incident event, not per packet) and never block on a command. The in-memory
 * state below is touched only by the worker.
 * <p>
 * Ordering guarantee: the state file lists a block before its command runs, and loses it only after its revert
 * succeeded, so a crash at any point leaves nothing that the next {@link #start()} cannot find.
 * <p>
 * Reporting: what each rule did for an incident (applied, queued, failed with exit status and first stderr line,
 * timed out, refused by the safelist or the cap, dry run, expired, reverted) is published after every task for
 * {@link #mitigationOf}, which the agent reads when it builds the incident's next event; the operator log names
 * the incident on every line.
 */
public final class MitigationEngine implements AutoCloseable, DeferredOutcomeListener
{
    /** How often TTLs are checked. */
    public static final long SWEEP_INTERVAL_MILLIS = 1000;

    /** Owner id prefix of blocks requested by the server. */
    public static final String SERVER_COMMAND_PREFIX = "cmd-";

    private static final System.Logger LOGGER = System.getLogger(MitigationEngine.class.getName());

    private final MitigationPolicy policy;
    private final Safelist safelist;
    private final Map<String, SourceBlocker> blockers;
    private final Map<String, IncidentAction> incidentActions;
    private final MitigationStateFile stateFile;
    private final LongSupplier clockMillis;
    private final MitigationCounters counters = new MitigationCounters();
    private final ScheduledThreadPoolExecutor worker;
    private final IncidentMitigations mitigations = new IncidentMitigations();

    // worker-thread state
    private final List<AppliedBlock> active = new ArrayList<>();
    private final Map<String, Map<IpAddress, Integer>> blockCounts = new HashMap<>();
    private final Set<String> openIncidents = new LinkedHashSet<>();

    /**
     * @param policy      rules and limits.
     * @param safelist    sources never blocked.
     * @param blockers    backends by action name.
     * @param stateFile   where applied blocks are recorded.
     * @param clockMillis wall clock for TTLs and timestamps.
     */
    public MitigationEngine(
        final MitigationPolicy policy,
        final Safelist safelist,
        final List<SourceBlocker> blockers,
        final MitigationStateFile stateFile,
        final LongSupplier clockMillis)
    {
        this(policy, safelist, blockers, List.of(), stateFile, clockMillis);
    }

    /**
     * @param policy          rules and limits.
     * @param safelist        sources never blocked.
     * @param blockers        source-set backends by action name.
     * @param incidentActions per-target actions ({@code command}, ExaBGP) by action name.
     * @param stateFile       where applied blocks are recorded.
     * @param clockMillis     wall clock for TTLs and timestamps.
     */
    public MitigationEngine(
        final MitigationPolicy policy,
        final Safelist safelist,
        final List<SourceBlocker> blockers,
        final List<IncidentAction> incidentActions,
        final MitigationStateFile stateFile,
        final LongSupplier clockMillis)
    {
        this.policy = policy;
        this.incidentActions = new HashMap<>();
        for (final IncidentAction action : incidentActions)
        {
            this.incidentActions.put(action.action(), action);
        }
        this.safelist = safelist;
        this.blockers = new HashMap<>();
        for (final SourceBlocker blocker : blockers)
        {
            this.blockers.put(blocker.action(), blocker);
        }
        this.stateFile = stateFile;
        this.clockMillis = clockMillis;
        worker = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "ftagent-mitigate");
            thread.setDaemon(true);
            return thread;
        });
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        for (final IncidentAction action : incidentActions)
        {
            action.deferredOutcomes(this); // only queues tasks on the worker, which exists by now
        }
    }

    public MitigationCounters counters()
    {
        return counters;
    }

    /**
     * Any thread, e.g. the detection thread while it builds an event: what mitigation did for an incident, as
     * published after the worker's last task. Takes no lock and allocates nothing.
     *
     * @param incidentId the incident.
     * @return immutable entries, empty when nothing was done (yet) or the incident is unknown.
     */
    public List<MitigationEntry> mitigationOf(final String incidentId)
    {
        return mitigations.entriesOf(incidentId);
    }

    /**
     * Any thread, on an incident's resolve, before {@link #onIncidentResolved} queues the revert: the incident's
     * entries as its resolve event should show them. The revert runs after that event was sent, so the event says
     * what will happen: blocks in force are {@code reverting}; a revert that then fails is logged with the incident
     * id and counted in {@link MitigationCounters#revertFailures()}.
     *
     * @param incidentId the incident being resolved.
     * @return immutable entries, empty when nothing was done.
     */
    public List<MitigationEntry> mitigationOnResolve(final String incidentId)
    {
        return IncidentMitigations.reverting(mitigations.entriesOf(incidentId), clockMillis.getAsLong());
    }

    /**
     * @return requests to remote APIs (Cloudflare) journaled and not yet delivered or rejected. Any thread.
     */
    public long pendingRemoteRequests()
    {
        long pending = 0;
        for (final IncidentAction action : incidentActions.values())
        {
            if (action instanceof CloudflareBlock cloudflare)
            {
                pending += cloudflare.pendingRequests();
            }
        }
        return pending;
    }

    /**
     * @return requests to remote APIs rejected for good (set aside in their outbox's {@code dead/}). Any thread.
     */
    public long rejectedRemoteRequests()
    {
        long rejected = 0;
        for (final IncidentAction action : incidentActions.values())
        {
            if (action instanceof CloudflareBlock cloudflare)
            {
                rejected += cloudflare.rejectedRequests();
            }
        }
        return rejected;
    }

    /**
     * Queues the outcome of a request confirmed later (Cloudflare through the outbox) into the incident's entries,
     * the failure counter and the log. Any thread; never blocks.
     */
    public void onDeferredOutcome(
        final String incidentId,
        final String action,
        final IpAddress target,
        final boolean revert,
        final boolean succeeded,
        final String detail)
    {
        submit(() ->
        {
            if (!succeeded)
            {
                counters.failures.incrementAndGet();
                if (revert)
                {
                    counters.revertFailures.incrementAndGet();
                }
                LOGGER.log(System.Logger.Level.ERROR, "incident " + incidentId + ": " + action +
                    (revert ? " revert" : "") + " for " + target.text() + " rejected: " + detail);
            }
            else
            {
                LOGGER.log(System.Logger.Level.INFO, "incident " + incidentId + ": " + action +
                    (revert ? " removed for " : " confirmed for ") + target.text());
            }
            if (!revert)
            {
                mitigations.confirm(incidentId, action, target.text(), succeeded, detail, clockMillis.getAsLong());
            }
        });
    }

    /**
     * Reconciles leftovers of an earlier run (unless dry run), then starts the TTL sweep. Waits for the reconcile.
     */
    public void start()
    {
        awaitTask(this::reconcile);
        worker.scheduleWithFixedDelay(
            this::expireDue, SWEEP_INTERVAL_MILLIS, SWEEP_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues the rules' response to a newly opened incident. Never blocks; returns false if the task could not
     * be queued (counted).
     */
    public boolean onIncidentOpened(final IncidentView incident)
    {
        return submit(() -> apply(incident));
    }

    /**
     * Queues the revert of everything applied for incident {@code id}. Never blocks.
     */
    public boolean onIncidentResolved(final String id)
    {
        return submit(() -> revertIncident(id));
    }

    /**
     * Queues a server-pushed block that {@link PendingCommandParser} accepted. It goes through the same safelist,
     * cap, state file and TTL as rule blocks, recorded as {@code cmd-<id>}. Never blocks.
     *
     * @return completes with null when applied, or the reason for a {@code failed} ack.
     */
    public CompletableFuture<String> onServerCommand(final BlockSourcesCommand command)
    {
        final CompletableFuture<String> result = new CompletableFuture<>();
        final Runnable task = () ->
        {
            try
            {
                applyServerCommand(command, result);
            }
            finally
            {
                result.complete("internal error, see the agent log"); // no-op when already completed
            }
        };
        if (!submit(task))
        {
            result.complete("mitigation worker is not accepting work");
        }
        return result;
    }

    /**
     * Runs a TTL sweep now on the worker and waits for it (the scheduled sweep does the same every second).
     */
    public void sweepNow()
    {
        awaitTask(this::expireDue);
    }

    /**
     * Waits until every task queued before this call has run.
     */
    public void awaitIdle()
    {
        awaitTask(() -> {});
    }

    /**
     * @return a copy of the blocks now in force, taken on the worker.
     */
    public List<AppliedBlock> activeBlocks()
    {
        final List<AppliedBlock> copy = new ArrayList<>();
        awaitTask(() -> copy.addAll(active));
        return copy;
    }

    /**
     * Reverts every block and stops the worker (the {@code ftagent run} shutdown path).
     */
    public void close()
    {
        if (!worker.isShutdown())
        {
            awaitTask(this::revertAll);
            worker.shutdown();
            for (final IncidentAction action : incidentActions.values())
            {
                if (action instanceof AutoCloseable closeable)
                {
                    try
                    {
                        closeable.close(); // e.g. Cloudflare's outbox: sends the reverts just queued
                    }
                    catch (final Exception ex)
                    {
                        LOGGER.log(System.Logger.Level.WARNING, "cannot close " + action.action() + ": " + ex);
                    }
                }
            }
        }
    }

    /**
     * Stops the worker without reverting anything: what a crash leaves behind. For tests of {@link #start()}.
     */
    void halt()
    {
        worker.shutdownNow();
        for (final IncidentAction action : incidentActions.values())
        {
            if (action instanceof CloudflareBlock cloudflare)
            {
                cloudflare.halt();
            }
        }
    }

    private boolean submit(final Runnable task)
    {
        try
        {
            worker.execute(() -> runSafely(task));
            return true;
        }
        catch (final RejectedExecutionException ex)
        {
            counters.rejectedTasks.incrementAndGet();
            return false;
        }
    }

    private void awaitTask(final Runnable task)
    {
        try
        {
            worker.submit(() -> runSafely(task)).get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final ExecutionException | RejectedExecutionException ex)
        {
            counters.rejectedTasks.incrementAndGet();
        }
    }

    private void runSafely(final Runnable task)
    {
        try
        {
            task.run();
        }
        catch (final RuntimeException ex)
        {
            counters.failures.incrementAndGet();
            LOGGER.log(System.Logger.Level.ERROR, "mitigation task failed", ex);
        }
        finally
        {
            mitigations.publish();
        }
    }

    private void apply(final IncidentView incident)
    {
        if (!policy.enabled())
        {
            return;
        }
        if (!IncidentId.isValid(incident.id()))
        {
            counters.invalidInputs.incrementAndGet();
            LOGGER.log(System.Logger.Level.WARNING, "refused incident with invalid id " + Printable.quote(incident.id()));
            return;
        }
        if (!openIncidents.add(incident.id()))
        {
            return; // already handled: an open event delivered twice must not apply twice
        }
        for (final RuleSpec rule : policy.rules())
        {
            if (rule.matches(incident))
            {
                applyRule(incident, rule);
            }
        }
    }

    private void applyRule(final IncidentView incident, final RuleSpec rule)
    {
        final SourceBlocker blocker = blockers.get(rule.action());
        final IncidentAction incidentAction = incidentActions.get(rule.action());
        if (null != incidentAction)
        {
            applyIncidentAction(incident, rule, incidentAction);
            return;
        }
        if (null == blocker || RuleTarget.TOP_SOURCES != rule.target())
        {
            counters.unsupportedActions.incrementAndGet();
            LOGGER.log(System.Logger.Level.WARNING, "no backend for action " + rule.action() + " with targets " +
                rule.target().configName() + "; incident " + incident.id() + " not mitigated by this rule");
            mitigations.record(incident.id(), rule.action(), MitigationEntry.State.REFUSED, List.of(),
                "no backend for targets " + rule.target().configName(), clockMillis.getAsLong());
            return;
        }
        final List<IpAddress> candidates = new ArrayList<>();
        final List<String> invalid = new ArrayList<>();
        int considered = 0;
        for (final String text : incident.topSources())
        {
            if (considered++ >= rule.topN())
            {
                break;
            }
            final IpAddress source = IpAddress.parse(text);
            if (null == source)
            {
                counters.invalidInputs.incrementAndGet();
                LOGGER.log(System.Logger.Level.WARNING, "incident " + incident.id() + ": refused source " +
                    Printable.quote(text));
                invalid.add(IncidentMitigations.printable(text, Printable.MAX_LENGTH));
                continue;
            }
            candidates.add(source);
        }
        if (!invalid.isEmpty())
        {
            mitigations.record(incident.id(), blocker.action(), MitigationEntry.State.REFUSED, invalid,
                "not a blockable address", clockMillis.getAsLong());
        }
        blockSources(incident.id(), blocker, candidates, rule.ttlSeconds());
    }

    private void applyIncidentAction(final IncidentView incident, final RuleSpec rule, final IncidentAction action)
    {
        final IpAddress victim = null == incident.victimIp() ? null : IpAddress.parse(incident.victimIp());
        final Port port = incident.victimPort() < 0 ? null : Port.valueOf(incident.victimPort());
        final Protocol protocol = null == incident.protocol() ? null : Protocol.parse(incident.protocol());
        if ((null != incident.victimIp() && null == victim) || (incident.victimPort() >= 0 && null == port) ||
            (null != incident.protocol() && null == protocol))
        {
            counters.invalidInputs.incrementAndGet();
            LOGGER.log(System.Logger.Level.WARNING, "incident " + incident.id() + ": refused victim " +
                Printable.quote(incident.victimIp()) + " port " + incident.victimPort() + " protocol " +
                Printable.quote(incident.protocol()));
            mitigations.record(incident.id(), action.action(), MitigationEntry.State.REFUSED, List.of(),
                "invalid victim address, port or protocol", clockMillis.getAsLong());
            return;
        }
        final String family = IncidentId.isValid(incident.family()) ? incident.family() : null;
        final TemplateValues context = new TemplateValues(null, victim, port, protocol, incident.id(), family);

        List<IpAddress> sources = List.of();
        if (RuleTarget.TOP_SOURCES == rule.target())
        {
            final List<IpAddress> candidates = new ArrayList<>();
            for (final String text : incident.topSources())
            {
                final IpAddress source = IpAddress.parse(text);
                if (null == source)
                {
                    counters.invalidInputs.incrementAndGet();
                }
                else if (candidates.size() < rule.topN())
                {
                    candidates.add(source);
                }
            }
            sources = selectSources(incident.id(), candidates, action.action());
            if (sources.isEmpty())
            {
                return;
            }
        }
        else if (null == victim || (RuleTarget.VICTIM_PORT == rule.target() && (null == port || null == protocol)))
        {
            counters.unsupportedActions.incrementAndGet();
            LOGGER.log(System.Logger.Level.WARNING, "incident " + incident.id() + ": no victim address/port/protocol " +
                "for " + action.action());
            mitigations.record(incident.id(), action.action(), MitigationEntry.State.REFUSED, List.of(),
                "no victim address, port or protocol", clockMillis.getAsLong());
            return;
        }

        final long now = clockMillis.getAsLong();
        final long expiresAt = 0 == rule.ttlSeconds() ? 0 : now + rule.ttlSeconds() * 1000;
        final AppliedBlock block = new AppliedBlock(incident.id(), action.action(), sources, now, expiresAt, context);
        if (policy.dryRun())
        {
            counters.dryRunActions.incrementAndGet();
            LOGGER.log(System.Logger.Level.INFO, "dry run, incident " + incident.id() + " would apply " +
                action.action() + " to " + block.targets());
            mitigations.record(incident.id(), action.action(), MitigationEntry.State.DRY_RUN,
                IncidentMitigations.targetsOf(block), null, now);
            return;
        }
        active.add(block);
        if (!persist())
        {
            active.remove(block);
            mitigations.record(incident.id(), action.action(), MitigationEntry.State.FAILED,
                IncidentMitigations.targetsOf(block), "cannot write " + stateFile.file(), now);
            return;
        }
        final CommandOutcome outcome = action.apply(block.targets());
        if (outcome.succeeded())
        {
            counters.applied.incrementAndGet();
            final boolean queued = action.confirmsLater();
            LOGGER.log(System.Logger.Level.INFO, "incident " + incident.id() + ": " + action.action() +
                (queued ? " queued" : " applied"));
            mitigations.recordBlock(block, queued ? MitigationEntry.State.QUEUED : MitigationEntry.State.APPLIED,
                null, clockMillis.getAsLong());
        }
        else
        {
            // partial application is possible here (one command per target), so the entry stays for revert
            counters.failures.incrementAndGet();
            final String reason = IncidentMitigations.reason(outcome);
            LOGGER.log(System.Logger.Level.ERROR, "incident " + incident.id() + ": " + action.action() +
                " failed (" + reason + "): " + outcome);
            mitigations.recordBlock(block, failedState(outcome), reason, clockMillis.getAsLong());
        }
    }

    private void applyServerCommand(final BlockSourcesCommand command, final CompletableFuture<String> result)
    {
        SourceBlocker blocker = blockers.get(NftDropSources.ACTION);
        if (null == blocker && !blockers.isEmpty())
        {
            blocker = blockers.values().iterator().next();
        }
        if (null == blocker)
        {
            result.complete("no source-blocking backend configured");
            return;
        }
        if (!policy.enabled())
        {
            result.complete("mitigation is disabled on this agent");
            return;
        }
        result.complete(blockSources(
            SERVER_COMMAND_PREFIX + command.commandId(), blocker, command.sources(), command.ttlSeconds()));
    }

    /**
     * @return null if applied (or nothing left to apply, or dry run), else why it failed.
     */
    private String blockSources(
        final String ownerId, final SourceBlocker blocker, final List<IpAddress> candidates, final long ttlSeconds)
    {
        final List<IpAddress> sources = selectSources(ownerId, candidates, blocker.action());
        if (sources.isEmpty())
        {
            return null;
        }
        final boolean forIncident = isIncident(ownerId);
        final long now = clockMillis.getAsLong();
        final long expiresAt = 0 == ttlSeconds ? 0 : now + ttlSeconds * 1000;

        if (policy.dryRun())
        {
            counters.dryRunActions.incrementAndGet();
            for (final String command : blocker.describeBlock(sources, ttlSeconds))
            {
                LOGGER.log(System.Logger.Level.INFO, "dry run, " + owner(ownerId) + " would run: " + command);
            }
            if (forIncident)
            {
                mitigations.record(ownerId, blocker.action(), MitigationEntry.State.DRY_RUN, texts(sources), null, now);
            }
            return null;
        }

        final AppliedBlock block = new AppliedBlock(ownerId, blocker.action(), sources, now, expiresAt);
        active.add(block);
        if (!persist())
        {
            active.remove(block);
            if (forIncident)
            {
                mitigations.record(ownerId, blocker.action(), MitigationEntry.State.FAILED, texts(sources),
                    "cannot write " + stateFile.file(), now);
            }
            return "cannot write " + stateFile.file();
        }
        // kernel-side timeout a little beyond ours: a backstop if the agent dies and never restarts
        final long kernelTtl = 0 == ttlSeconds ? 0 : ttlSeconds + SWEEP_INTERVAL_MILLIS / 1000 + 1;
        final CommandOutcome outcome = blocker.block(sources, kernelTtl);
        if (!outcome.succeeded())
        {
            counters.failures.incrementAndGet();
            final String reason = IncidentMitigations.reason(outcome);
            LOGGER.log(System.Logger.Level.ERROR, owner(ownerId) + ": " + blocker.action() + " failed (" + reason +
                "): " + outcome);
            // the batch is atomic, so nothing was added; keep the file honest, a later reconcile finds nothing
            active.remove(block);
            persist();
            if (forIncident)
            {
                mitigations.record(ownerId, blocker.action(), failedState(outcome), texts(sources), reason,
                    clockMillis.getAsLong());
            }
            return blocker.action() + " failed: exit " + outcome.exitCode() + " " + Printable.quote(outcome.stderr());
        }
        final Map<IpAddress, Integer> counts = blockCounts.computeIfAbsent(blocker.action(), k -> new HashMap<>());
        for (final IpAddress source : sources)
        {
            counts.merge(source, 1, Integer::sum);
        }
        counters.applied.incrementAndGet();
        LOGGER.log(System.Logger.Level.INFO, owner(ownerId) + ": " + blocker.action() + " blocked " +
            sources.size() + " sources" + (0 == expiresAt ? "" : " for " + ttlSeconds + " s"));
        if (forIncident)
        {
            mitigations.recordBlock(block, MitigationEntry.State.APPLIED, null, clockMillis.getAsLong());
        }
        return null;
    }

    private static boolean isIncident(final String ownerId)
    {
        return !ownerId.startsWith(SERVER_COMMAND_PREFIX);
    }

    private static String owner(final String ownerId)
    {
        return isIncident(ownerId) ? "incident " + ownerId : "server command " +
            ownerId.substring(SERVER_COMMAND_PREFIX.length());
    }

    private static MitigationEntry.State failedState(final CommandOutcome outcome)
    {
        return outcome.timedOut() ? MitigationEntry.State.TIMED_OUT : MitigationEntry.State.FAILED;
    }

    private static List<String> texts(final List<IpAddress> addresses)
    {
        final List<String> texts = new ArrayList<>(addresses.size());
        for (final IpAddress address : addresses)
        {
            texts.add(address.text());
        }
        return texts;
    }

    private List<IpAddress> selectSources(
        final String ownerId, final List<IpAddress> candidates, final String action)
    {
        final Map<IpAddress, Integer> counts = blockCounts.getOrDefault(action, Map.of());
        int distinctBlocked = 0;
        for (final Map<IpAddress, Integer> perAction : blockCounts.values())
        {
            distinctBlocked += perAction.size();
        }
        final List<IpAddress> sources = new ArrayList<>();
        final List<IpAddress> safelisted = new ArrayList<>();
        final List<IpAddress> capped = new ArrayList<>();
        for (final IpAddress source : candidates)
        {
            if (safelist.contains(source))
            {
                counters.safelistedSources.incrementAndGet();
                safelisted.add(source);
                continue;
            }
            if (sources.contains(source))
            {
                continue;
            }
            if (!counts.containsKey(source) && distinctBlocked + sources.size() >= policy.maxBlockedSources())
            {
                counters.cappedSources.incrementAndGet();
                capped.add(source);
                continue;
            }
            sources.add(source);
        }
        if (isIncident(ownerId))
        {
            final long now = clockMillis.getAsLong();
            if (!safelisted.isEmpty())
            {
                LOGGER.log(System.Logger.Level.INFO, owner(ownerId) + ": " + action + " refused for safelisted " +
                    texts(safelisted));
                mitigations.record(ownerId, action, MitigationEntry.State.REFUSED, texts(safelisted), "safelist", now);
            }
            if (!capped.isEmpty())
            {
                LOGGER.log(System.Logger.Level.WARNING, owner(ownerId) + ": " + action + " refused for " +
                    capped.size() + " sources, max_blocked_sources=" + policy.maxBlockedSources() + " reached");
                mitigations.record(ownerId, action, MitigationEntry.State.REFUSED, texts(capped),
                    "max_blocked_sources reached", now);
            }
        }
        return sources;
    }

    private void revertIncident(final String id)
    {
        openIncidents.remove(id);
        for (final AppliedBlock block : new ArrayList<>(active))
        {
            if (block.incidentId().equals(id))
            {
                revert(block, MitigationEntry.State.REVERTED);
                counters.reverted.incrementAndGet();
            }
        }
        mitigations.forget(id);
    }

    private void expireDue()
    {
        final long now = clockMillis.getAsLong();
        for (final AppliedBlock block : new ArrayList<>(active))
        {
            if (block.isExpired(now))
            {
                revert(block, MitigationEntry.State.EXPIRED);
                counters.expired.incrementAndGet();
            }
        }
    }

    private void revertAll()
    {
        for (final AppliedBlock block : new ArrayList<>(active))
        {
            revert(block, MitigationEntry.State.REVERTED);
            counters.reverted.incrementAndGet();
        }
        openIncidents.clear();
        if (active.isEmpty() && !policy.dryRun())
        {
            // leave no empty table behind on a clean shutdown
            for (final SourceBlocker blocker : blockers.values())
            {
                blocker.removeAll();
            }
        }
    }

    private void revert(final AppliedBlock block, final MitigationEntry.State done)
    {
        final IncidentAction incidentAction = incidentActions.get(block.action());
        if (null != incidentAction)
        {
            final CommandOutcome outcome = incidentAction.revert(block.targets());
            if (!outcome.succeeded())
            {
                counters.failures.incrementAndGet();
                counters.revertFailures.incrementAndGet();
                LOGGER.log(System.Logger.Level.ERROR, "incident " + block.incidentId() + ": revert of " +
                    block.action() + " failed, left in the state file for the next start: " + outcome);
                mitigations.changed(block, MitigationEntry.State.REVERT_FAILED, IncidentMitigations.reason(outcome),
                    clockMillis.getAsLong());
                return;
            }
            active.remove(block);
            persist();
            LOGGER.log(System.Logger.Level.INFO, "incident " + block.incidentId() + ": " + block.action() + " " +
                done.wireName());
            mitigations.changed(block, done, null, clockMillis.getAsLong());
            return;
        }
        final SourceBlocker blocker = blockers.get(block.action());
        final Map<IpAddress, Integer> counts = blockCounts.computeIfAbsent(block.action(), k -> new HashMap<>());
        final List<IpAddress> release = new ArrayList<>();
        for (final IpAddress source : block.sources())
        {
            final Integer count = counts.get(source);
            if (null == count || count <= 1)
            {
                counts.remove(source);
                release.add(source); // still held by another incident's block otherwise
            }
            else
            {
                counts.put(source, count - 1);
            }
        }
        final CommandOutcome outcome = release.isEmpty() ? null : blocker.unblock(release);
        if (null != outcome && !outcome.succeeded())
        {
            counters.failures.incrementAndGet();
            counters.revertFailures.incrementAndGet();
            LOGGER.log(System.Logger.Level.ERROR, "incident " + block.incidentId() + ": revert of " +
                block.action() + " failed, left in the state file for the next start: " + outcome);
            mitigations.changed(block, MitigationEntry.State.REVERT_FAILED, IncidentMitigations.reason(outcome),
                clockMillis.getAsLong());
            return;
        }
        active.remove(block);
        persist();
        LOGGER.log(System.Logger.Level.INFO, "incident " + block.incidentId() + ": " + block.action() + " " +
            done.wireName() + ", " + release.size() + " sources released");
        mitigations.changed(block, done, null, clockMillis.getAsLong());
    }

    private void reconcile()
    {
        if (policy.dryRun())
        {
            LOGGER.log(System.Logger.Level.INFO, "dry run: leftovers of earlier runs are not reconciled");
            return;
        }
        List<AppliedBlock> leftovers = List.of();
        boolean clean = true;
        try
        {
            leftovers = stateFile.read();
        }
        catch (final IOException ex)
        {
            counters.failures.incrementAndGet();
            LOGGER.log(System.Logger.Level.ERROR, "cannot read " + stateFile.file() + ": " + ex.getMessage() +
                "; removing the backends' tables and the Cloudflare rules listed in its rule id file instead");
            clean = revertRemoteRulesListedAtStart();
        }
        for (final AppliedBlock block : leftovers)
        {
            final SourceBlocker blocker = blockers.get(block.action());
            final IncidentAction incidentAction = incidentActions.get(block.action());
            if (null == blocker && null == incidentAction)
            {
                counters.unsupportedActions.incrementAndGet();
                continue;
            }
            final CommandOutcome outcome = null != blocker ?
                blocker.unblock(block.sources()) : incidentAction.revert(block.targets());
            if (outcome.succeeded())
            {
                counters.reconciled.incrementAndGet();
            }
            else
            {
                clean = false;
                counters.failures.incrementAndGet();
                LOGGER.log(System.Logger.Level.ERROR, "reconcile of " + block + " failed: " + outcome);
            }
        }
        for (final SourceBlocker blocker : blockers.values())
        {
            final CommandOutcome outcome = blocker.removeAll();
            if (!outcome.succeeded())
            {
                clean = false;
                counters.failures.incrementAndGet();
                LOGGER.log(System.Logger.Level.ERROR, "cannot remove leftovers of " + blocker.action() + ": " +
                    outcome);
            }
        }
        if (clean)
        {
            persist();
        }
    }

    /**
     * @return true if every remote rule an earlier run left listed (Cloudflare's rule id file) is queued for delete.
     */
    private boolean revertRemoteRulesListedAtStart()
    {
        boolean queued = true;
        for (final IncidentAction action : incidentActions.values())
        {
            if (action instanceof CloudflareBlock cloudflare)
            {
                final CommandOutcome outcome = cloudflare.revertRulesListedAtStart();
                if (outcome.succeeded())
                {
                    LOGGER.log(System.Logger.Level.INFO, "reconcile: " + outcome.stdout() + " Cloudflare rule " +
                        "delete(s) from " + CloudflareRuleIds.FILE_NAME);
                }
                else
                {
                    queued = false;
                    counters.failures.incrementAndGet();
                    LOGGER.log(System.Logger.Level.ERROR, "reconcile: cannot queue the deletes of the Cloudflare " +
                        "rules listed in " + CloudflareRuleIds.FILE_NAME + ": " + outcome);
                }
            }
        }
        return queued;
    }

    private boolean persist()
    {
        try
        {
            stateFile.write(active);
            return true;
        }
        catch (final IOException ex)
        {
            counters.failures.incrementAndGet();
            LOGGER.log(System.Logger.Level.ERROR, "cannot write " + stateFile.file() + ", not applying: " + ex);
            return false;
        }
    }

    public String toString()
    {
        return "MitigationEngine{policy=" + policy + ", counters=" + counters + "}";
    }
}
