package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.incident.MitigationEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What mitigation did for each open incident, kept by the engine's worker and published for the incident events:
 * one {@link MitigationEntry} per applied block (its state follows the block: applied, failed, expired, reverted),
 * plus entries for targets refused (safelist, cap) and for dry runs.
 * <p>
 * Threading: single writer, the engine's worker, which calls {@link #publish()} after its changes. Any thread
 * (the detection thread building an event) reads {@link #entriesOf} from the last published snapshot: an
 * immutable map behind a volatile reference, so a read takes no lock and allocates nothing.
 * <p>
 * Bounds: at most {@link #MAX_INCIDENTS} incidents (the oldest is forgotten first) and
 * {@link #MAX_ENTRIES_PER_INCIDENT} entries per incident (later ones are counted in {@link #droppedEntries()}).
 */
final class IncidentMitigations
{
    static final int MAX_INCIDENTS = 256;
    static final int MAX_ENTRIES_PER_INCIDENT = 32;

    /** A mutable entry on the worker; frozen into a {@link MitigationEntry} on publish. */
    private static final class Entry
    {
        final String action;
        final List<String> targets;
        /** Targets of a queued entry not confirmed or rejected yet. */
        final Set<String> waiting;
        MitigationEntry.State state;
        String detail;
        long atMillis;

        Entry(final String action, final List<String> targets, final MitigationEntry.State state,
            final String detail, final long atMillis)
        {
            this.action = action;
            this.targets = new ArrayList<>(targets);
            this.waiting = MitigationEntry.State.QUEUED == state ?
                new HashSet<>(targets) : Set.of();
            this.state = state;
            this.detail = detail;
            this.atMillis = atMillis;
        }

        MitigationEntry freeze()
        {
            return new MitigationEntry(action, state, targets, targets.size(), detail, atMillis);
        }
    }

    private final Map<String, List<Entry>> entries = new LinkedHashMap<>();
    private final Map<AppliedBlock, Entry> byBlock = new IdentityHashMap<>();
    private long droppedEntries;
    private boolean dirty;
    private volatile Map<String, List<MitigationEntry>> published = Map.of();

    /**
     * Any thread: the entries of an incident as last published, empty if none. No lock, no allocation.
     */
    List<MitigationEntry> entriesOf(final String incidentId)
    {
        final List<MitigationEntry> list = null == incidentId ? null : published.get(incidentId);
        return null == list ? List.of() : list;
    }

    /** Worker: entries not kept because an incident already had {@link #MAX_ENTRIES_PER_INCIDENT}. */
    long droppedEntries()
    {
        return droppedEntries;
    }

    /** Worker: a new entry for targets that were not acted on (refused, dry run). */
    void record(
        final String incidentId, final String action, final MitigationEntry.State state, final List<String> targets,
        final String detail, final long nowMillis)
    {
        add(incidentId, new Entry(action, targets, state, detail, nowMillis));
    }

    /** Worker: the entry of a block about to be applied or just applied; later changes go through {@link #changed}. */
    void recordBlock(
        final AppliedBlock block, final MitigationEntry.State state, final String detail, final long nowMillis)
    {
        final Entry entry = new Entry(block.action(), targetsOf(block), state, detail, nowMillis);
        if (add(block.incidentId(), entry))
        {
            byBlock.put(block, entry);
        }
    }

    /** Worker: a block's entry changes state (failed after apply, expired, reverted); no-op for unknown blocks. */
    void changed(
        final AppliedBlock block, final MitigationEntry.State state, final String detail, final long nowMillis)
    {
        final Entry entry = byBlock.get(block);
        if (null != entry)
        {
            entry.state = state;
            entry.detail = detail;
            entry.atMillis = nowMillis;
            dirty = true;
        }
    }

    /**
     * Worker: a confirmation that arrived later (Cloudflare's reply, through the outbox) for one target of a
     * {@link MitigationEntry.State#QUEUED} entry. A rejected target leaves the entry for a {@code failed} entry
     * of its own (merged with one of the same action and reason); the entry becomes {@code applied} once no target
     * waits any more, and goes if every target was rejected.
     */
    void confirm(
        final String incidentId, final String action, final String target, final boolean applied,
        final String detail, final long nowMillis)
    {
        final List<Entry> list = entries.get(incidentId);
        if (null == list)
        {
            return;
        }
        Entry queued = null;
        for (final Entry entry : list)
        {
            if (MitigationEntry.State.QUEUED == entry.state && entry.action.equals(action) &&
                entry.waiting.contains(target))
            {
                queued = entry;
                break;
            }
        }
        if (null == queued)
        {
            return;
        }
        dirty = true;
        queued.waiting.remove(target);
        if (!applied)
        {
            queued.targets.remove(target);
            addFailure(incidentId, list, action, target, detail, nowMillis);
        }
        if (queued.waiting.isEmpty())
        {
            if (queued.targets.isEmpty())
            {
                list.remove(queued);
            }
            else
            {
                queued.state = MitigationEntry.State.APPLIED;
                queued.atMillis = nowMillis;
            }
        }
    }

    private void addFailure(
        final String incidentId, final List<Entry> list, final String action, final String target,
        final String detail, final long nowMillis)
    {
        for (final Entry entry : list)
        {
            if (MitigationEntry.State.FAILED == entry.state && entry.action.equals(action) &&
                Objects.equals(entry.detail, detail))
            {
                entry.targets.add(target);
                entry.atMillis = nowMillis;
                return;
            }
        }
        add(incidentId, new Entry(action, List.of(target), MitigationEntry.State.FAILED, detail, nowMillis));
    }

    /** Worker: drops what is kept of an incident (after its resolve was handled). */
    void forget(final String incidentId)
    {
        final List<Entry> removed = entries.remove(incidentId);
        if (null != removed)
        {
            byBlock.values().removeAll(removed);
            dirty = true;
        }
    }

    /** Worker: publishes the current entries for readers, if anything changed since the last publish. */
    void publish()
    {
        if (!dirty)
        {
            return;
        }
        final Map<String, List<MitigationEntry>> snapshot = new HashMap<>(entries.size() * 2);
        for (final Map.Entry<String, List<Entry>> incident : entries.entrySet())
        {
            final List<MitigationEntry> frozen = new ArrayList<>(incident.getValue().size());
            for (final Entry entry : incident.getValue())
            {
                frozen.add(entry.freeze());
            }
            snapshot.put(incident.getKey(), List.copyOf(frozen));
        }
        published = Map.copyOf(snapshot);
        dirty = false;
    }

    /**
     * @param entries   an incident's published entries.
     * @param nowMillis the resolve time.
     * @return the entries as the resolve event shows them: those whose block is still in force (applied, queued,
     * or a revert that failed and is retried) become {@link MitigationEntry.State#REVERTING}, the rest are kept;
     * {@code entries} itself when nothing changes. Any thread; cold path (once per resolve).
     */
    static List<MitigationEntry> reverting(final List<MitigationEntry> entries, final long nowMillis)
    {
        List<MitigationEntry> shown = entries;
        for (int i = 0; i < entries.size(); i++)
        {
            final MitigationEntry entry = entries.get(i);
            if (isInForce(entry.state()))
            {
                if (shown == entries)
                {
                    shown = new ArrayList<>(entries);
                }
                shown.set(i, new MitigationEntry(entry.action(), MitigationEntry.State.REVERTING, entry.targets(),
                    entry.targetCount(), null, nowMillis));
            }
        }
        return shown == entries ? entries : List.copyOf(shown);
    }

    private static boolean isInForce(final MitigationEntry.State state)
    {
        return MitigationEntry.State.APPLIED == state || MitigationEntry.State.QUEUED == state ||
            MitigationEntry.State.REVERT_FAILED == state;
    }

    /**
     * @return a block's targets as text: its sources, else the victim as {@code address}, {@code address:port}
     * or {@code address:port/protocol}.
     */
    static List<String> targetsOf(final AppliedBlock block)
    {
        final List<String> targets = new ArrayList<>(block.sources().size());
        for (final IpAddress source : block.sources())
        {
            targets.add(source.text());
        }
        final TemplateValues context = block.context();
        if (targets.isEmpty() && null != context && null != context.destinationIp())
        {
            final IpAddress victim = context.destinationIp();
            if (null == context.port())
            {
                targets.add(victim.text());
            }
            else
            {
                targets.add((victim.isIpv4() ? victim.text() : "[" + victim.text() + "]") + ":" +
                    context.port().text() + (null == context.protocol() ? "" : "/" + context.protocol().keyword()));
            }
        }
        return targets;
    }

    /**
     * @return a failed command's reason for the incident: the exit status and the first line of its stderr, or
     * that the timeout killed it.
     */
    static String reason(final CommandOutcome outcome)
    {
        final String stderr = null == outcome.stderr() ? "" : outcome.stderr().strip();
        final int newline = stderr.indexOf('\n');
        final String firstLine = (newline < 0 ? stderr : stderr.substring(0, newline)).strip();
        final String head = outcome.timedOut() ? "killed by the timeout" : "exit " + outcome.exitCode();
        return firstLine.isEmpty() ? head : head + ": " + printable(firstLine, MitigationEntry.MAX_DETAIL_LENGTH);
    }

    /**
     * @return untrusted text with control characters replaced by {@code ?}, cut at {@code maxLength}.
     */
    static String printable(final String text, final int maxLength)
    {
        final StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength));
        for (int i = 0; i < text.length() && out.length() < maxLength; i++)
        {
            final char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return out.toString();
    }

    private boolean add(final String incidentId, final Entry entry)
    {
        List<Entry> list = entries.get(incidentId);
        if (null == list)
        {
            if (entries.size() >= MAX_INCIDENTS)
            {
                final Iterator<Map.Entry<String, List<Entry>>> oldest = entries.entrySet().iterator();
                byBlock.values().removeAll(oldest.next().getValue());
                oldest.remove();
            }
            list = new ArrayList<>();
            entries.put(incidentId, list);
        }
        if (list.size() >= MAX_ENTRIES_PER_INCIDENT)
        {
            droppedEntries++;
            return false;
        }
        list.add(entry);
        dirty = true;
        return true;
    }
}
