package com.flowtriq.ftagent.incident;

import java.util.List;
import java.util.Objects;

/**
 * One line of an incident's {@code mitigation} section: what one action did for the incident, to which targets,
 * and why it failed when it did. Immutable: the mitigation worker publishes lists of these, the detection thread
 * hangs the current list on the event it builds ({@link IncidentEvent#mitigation}), and every output (journal,
 * API, notifiers) reads it from there.
 * <pre>{@code
 * {"action":"nft_drop_sources","state":"failed","targets":["198.18.0.7"],"target_count":1,
 *  "detail":"exit 1: Error: Could not process rule","at":"2026-11-24T13:05:02Z"}
 * }</pre>
 *
 * @param action      the rule's action name, e.g. {@code nft_drop_sources}.
 * @param state       what happened.
 * @param targets     the targets as text (addresses, or {@code address:port/protocol}), at most
 *                    {@link #MAX_LISTED_TARGETS}.
 * @param targetCount how many targets the entry stands for (may exceed the listed ones).
 * @param detail      the reason of a failure or refusal (exit status and first stderr line, HTTP status, safelist),
 *                    or null.
 * @param atMillis    wall-clock time of the last change of state.
 */
public record MitigationEntry(
    String action, State state, List<String> targets, int targetCount, String detail, long atMillis)
{
    /** Targets listed per entry; the rest are only counted in {@link #targetCount()}. */
    public static final int MAX_LISTED_TARGETS = 16;
    /** Characters kept of a detail text. */
    public static final int MAX_DETAIL_LENGTH = 200;

    /**
     * The state of an entry, with its wire name.
     */
    public enum State
    {
        /** The command or request succeeded. */
        APPLIED("applied"),
        /** Handed to a durable outbox (Cloudflare), not yet confirmed by the remote side. */
        QUEUED("queued"),
        /** The command exited non-zero, or the remote side rejected the request. */
        FAILED("failed"),
        /** The command was killed by the timeout. */
        TIMED_OUT("timed_out"),
        /** Targets not acted on: safelisted, over {@code max_blocked_sources}, or invalid. */
        REFUSED("refused"),
        /** {@code dry_run}: logged, nothing run. */
        DRY_RUN("dry_run"),
        /** Removed by its {@code ttl_seconds} while the incident was open. */
        EXPIRED("expired"),
        /** Removed on resolve or shutdown. */
        REVERTED("reverted"),
        /** The revert failed; left in the state file for the next start. */
        REVERT_FAILED("revert_failed"),
        /**
         * On the resolve event: the revert is queued and runs after the event was sent, so no event carries its
         * outcome; a failure is logged with the incident id and counted in
         * {@code ftagent_mitigation_revert_failures_total}.
         */
        REVERTING("reverting");

        private final String wireName;

        State(final String wireName)
        {
            this.wireName = wireName;
        }

        /** The value of the {@code state} field. */
        public String wireName()
        {
            return wireName;
        }
    }

    public MitigationEntry
    {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(state, "state");
        targets = null == targets ? List.of() :
            List.copyOf(targets.size() > MAX_LISTED_TARGETS ? targets.subList(0, MAX_LISTED_TARGETS) : targets);
        targetCount = Math.max(targetCount, targets.size());
        detail = clip(detail);
    }

    /**
     * @return {@code action state (n targets): detail}, for notifier text and logs.
     */
    public String summary()
    {
        final StringBuilder text = new StringBuilder(64).append(action).append(' ').append(state.wireName());
        if (targetCount > 0)
        {
            text.append(" (").append(targetCount).append(targetCount == 1 ? " target)" : " targets)");
        }
        if (null != detail)
        {
            text.append(": ").append(detail);
        }
        return text.toString();
    }

    private static String clip(final String detail)
    {
        if (null == detail || detail.isEmpty())
        {
            return null;
        }
        return detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) + "..." : detail;
    }
}
