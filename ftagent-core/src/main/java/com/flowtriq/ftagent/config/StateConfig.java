package com.flowtriq.ftagent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Local state and local outputs: state directory, incident journal, outbox bound, metrics listener.
 * Immutable; thread-safe.
 */
public final class StateConfig
{
    static final List<ConfigKey> KEYS = List.of(
        ConfigKeys.STATE_DIR, ConfigKeys.JOURNAL_ENABLED, ConfigKeys.JOURNAL_MAX_MB, ConfigKeys.OUTBOX_MAX_MB,
        ConfigKeys.METRICS_LISTEN);

    private final ConfigValues values;
    private final Path stateDir;
    private final boolean journalEnabled;
    private final long journalMaxMb;
    private final long outboxMaxMb;
    private final String metricsListen;

    StateConfig(final ConfigValues values)
    {
        this.values = values;
        stateDir = Path.of(values.string(ConfigKeys.STATE_DIR));
        journalEnabled = values.bool(ConfigKeys.JOURNAL_ENABLED);
        journalMaxMb = values.longValue(ConfigKeys.JOURNAL_MAX_MB);
        outboxMaxMb = values.longValue(ConfigKeys.OUTBOX_MAX_MB);
        metricsListen = values.string(ConfigKeys.METRICS_LISTEN);
    }

    public Path stateDir()
    {
        return stateDir;
    }

    public boolean journalEnabled()
    {
        return journalEnabled;
    }

    public long journalMaxMb()
    {
        return journalMaxMb;
    }

    public long outboxMaxMb()
    {
        return outboxMaxMb;
    }

    /**
     * @return host:port of the /metrics and /health listener, or "" when disabled.
     */
    public String metricsListen()
    {
        return metricsListen;
    }

    public boolean metricsEnabled()
    {
        return !metricsListen.isEmpty();
    }

    public String toString()
    {
        return "StateConfig" + ConfigDump.inline(values, KEYS);
    }
}
