package com.flowtriq.ftagent.config;

import java.nio.file.Path;

/**
 * One access log to tail. Immutable.
 *
 * @param path   absolute path of the log file.
 * @param format one of {@link ConfigKeys#LOG_FORMATS}; "auto" detects it from the first lines.
 */
public record L7LogSource(Path path, String format)
{
}
