package com.flowtriq.ftagent.config;

import java.util.List;

/**
 * Log destination, level and rotation. Immutable; thread-safe.
 */
public final class LoggingConfig
{
    static final List<ConfigKey> KEYS = List.of(
        ConfigKeys.LOG_FILE, ConfigKeys.LOG_LEVEL, ConfigKeys.LOG_MAX_MB, ConfigKeys.LOG_MAX_FILES);

    private final ConfigValues values;
    private final String file;
    private final String level;
    private final long maxMb;
    private final int maxFiles;

    LoggingConfig(final ConfigValues values)
    {
        this.values = values;
        file = values.string(ConfigKeys.LOG_FILE);
        level = values.string(ConfigKeys.LOG_LEVEL);
        maxMb = values.longValue(ConfigKeys.LOG_MAX_MB);
        maxFiles = values.intValue(ConfigKeys.LOG_MAX_FILES);
    }

    /**
     * @return the log file, or "" for stderr only.
     */
    public String file()
    {
        return file;
    }

    /**
     * @return DEBUG, INFO, WARNING or ERROR (the seed agent's names).
     */
    public String level()
    {
        return level;
    }

    public long maxMb()
    {
        return maxMb;
    }

    public int maxFiles()
    {
        return maxFiles;
    }

    public String toString()
    {
        return "LoggingConfig" + ConfigDump.inline(values, KEYS);
    }
}
