package com.flowtriq.ftagent.report;

import java.util.List;

/**
 * The validated part of a {@code GET /agent/config} reply. A field is null when the server did not send it or
 * sent a value that failed validation (then {@link #rejected()} says why); null means "leave as configured".
 *
 * @param ppsThreshold     fixed threshold override, pps.
 * @param dynamicThreshold whether the threshold follows the baseline.
 * @param attackHolddown   seconds above threshold before opening, at least 3.
 * @param attackCooldown   seconds below threshold before resolving, at least 10.
 * @param pcapEnabled      whether to capture during incidents.
 * @param l7               L7 settings, or null.
 * @param pendingCommands  commands to hand to mitigation (never null).
 * @param rejected         one line per ignored bad value, {@code name=value: reason} (never null).
 */
public record ServerConfig(
    Double ppsThreshold,
    Boolean dynamicThreshold,
    Integer attackHolddown,
    Integer attackCooldown,
    Boolean pcapEnabled,
    L7 l7,
    List<PendingCommand> pendingCommands,
    List<String> rejected)
{
    /**
     * The {@code l7} object; each field null when absent or invalid.
     *
     * @param enabled            L7 detection on or off.
     * @param logPath            access log to tail.
     * @param rpsThreshold       requests per second that count as a flood.
     * @param errorRateThreshold error share 0..1 that counts as abnormal.
     * @param sensitivity        {@code low}, {@code medium} or {@code high}.
     */
    public record L7(
        Boolean enabled, String logPath, Double rpsThreshold, Double errorRateThreshold, String sensitivity)
    {
    }

    public ServerConfig
    {
        pendingCommands = pendingCommands == null ? List.of() : List.copyOf(pendingCommands);
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }
}
