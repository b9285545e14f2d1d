package com.flowtriq.ftagent.mitigate;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of what the mitigation engine did and refused. Written by the engine's worker (and, for
 * {@link #rejectedTasks}, by callers whose task could not be queued, and for {@link #unknownIpv6Sources}, by the
 * L3/L4 incident dispatch on the detection thread); read by anyone, e.g. metrics.
 */
public final class MitigationCounters
{
    final AtomicLong applied = new AtomicLong();
    final AtomicLong reverted = new AtomicLong();
    final AtomicLong expired = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong invalidInputs = new AtomicLong();
    final AtomicLong safelistedSources = new AtomicLong();
    final AtomicLong cappedSources = new AtomicLong();
    final AtomicLong dryRunActions = new AtomicLong();
    final AtomicLong unsupportedActions = new AtomicLong();
    final AtomicLong rejectedTasks = new AtomicLong();
    final AtomicLong reconciled = new AtomicLong();
    final AtomicLong revertFailures = new AtomicLong();
    final AtomicLong unknownIpv6Sources = new AtomicLong();

    /** @return blocks applied. */
    public long applied()
    {
        return applied.get();
    }

    /** @return blocks reverted on resolve, shutdown or reconcile. */
    public long reverted()
    {
        return reverted.get();
    }

    /** @return blocks removed by their TTL. */
    public long expired()
    {
        return expired.get();
    }

    /** @return commands or state writes that failed. */
    public long failures()
    {
        return failures.get();
    }

    /** @return incident ids, addresses or other inputs refused as malformed. */
    public long invalidInputs()
    {
        return invalidInputs.get();
    }

    /** @return sources not blocked because the safelist holds them. */
    public long safelistedSources()
    {
        return safelistedSources.get();
    }

    /** @return sources not blocked because max_blocked_sources was reached. */
    public long cappedSources()
    {
        return cappedSources.get();
    }

    /** @return actions only logged because of dry_run. */
    public long dryRunActions()
    {
        return dryRunActions.get();
    }

    /** @return rule matches whose action or target has no backend here. */
    public long unsupportedActions()
    {
        return unsupportedActions.get();
    }

    /** @return incident events dropped because the worker queue was full or closed. */
    public long rejectedTasks()
    {
        return rejectedTasks.get();
    }

    /** @return blocks reverted from the state file at start. */
    public long reconciled()
    {
        return reconciled.get();
    }

    /** @return reverts (on resolve, TTL expiry or shutdown) that failed or that the remote side rejected. */
    public long revertFailures()
    {
        return revertFailures.get();
    }

    /** @return IPv6 sources of incidents left out of blocking because their digest's address was not known. */
    public long unknownIpv6Sources()
    {
        return unknownIpv6Sources.get();
    }

    /**
     * Any thread: counts IPv6 sources that could not be offered for blocking (their digest is in no capture
     * decoder's address book any more).
     *
     * @param sources how many.
     */
    public void addUnknownIpv6Sources(final long sources)
    {
        unknownIpv6Sources.addAndGet(sources);
    }

    public String toString()
    {
        return "MitigationCounters{applied=" + applied + ", reverted=" + reverted + ", expired=" + expired +
            ", failures=" + failures + ", invalidInputs=" + invalidInputs + ", safelisted=" + safelistedSources +
            ", capped=" + cappedSources + ", dryRun=" + dryRunActions + ", unsupported=" + unsupportedActions +
            ", rejectedTasks=" + rejectedTasks + ", reconciled=" + reconciled +
            ", revertFailures=" + revertFailures + ", unknownIpv6Sources=" + unknownIpv6Sources + "}";
    }
}
