package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.config.LoggingConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Sends every {@link System.Logger} line of the agent to stderr (journald takes it from there) and to
 * {@code log_file}, rotated by size ({@link SizeRotatingFileHandler}), one line per event:
 * {@code 2026-11-24T14:00:01.250Z WARNING detect.Detector: message}.
 *
 * <p>Uses {@code java.util.logging}, the JDK's own backend of {@link System.Logger}, so no logging library is
 * needed and every class logs through the standard API.
 */
public final class OperatorLog
{
    private OperatorLog()
    {
    }

    /**
     * Replaces the root logger's handlers.
     *
     * @param config    {@code log_file} (empty: stderr only), {@code log_level}, rotation size and count.
     * @return a problem to report once logging works (the log file could not be opened), or null.
     */
    public static String configure(final LoggingConfig config)
    {
        final Level level = level(config.level());
        final OneLine format = configureStderr(level);
        final String file = config.file();
        if (file == null || file.isEmpty())
        {
            return null;
        }
        return addFile(file, config, level, format);
    }

    /**
     * Logs to stderr only, e.g. for {@code replay}, where stdout carries the results.
     *
     * @param levelName {@code DEBUG}, {@code INFO}, {@code WARNING} or {@code ERROR}.
     */
    public static void configureStderrOnly(final String levelName)
    {
        configureStderr(level(levelName));
    }

    private static OneLine configureStderr(final Level level)
    {
        final Logger root = Logger.getLogger("");
        for (final Handler handler : root.getHandlers())
        {
            root.removeHandler(handler);
            handler.close();
        }
        root.setLevel(level);
        final OneLine format = new OneLine();

        final StreamHandler stderr = new StreamHandler(System.err, format)
        {
            @Override
            public synchronized void publish(final LogRecord record)
            {
                super.publish(record);
                flush();
            }
        };
        stderr.setLevel(level);
        root.addHandler(stderr);
        return format;
    }

    private static String addFile(final String file, final LoggingConfig config, final Level level,
        final OneLine format)
    {
        final Logger root = Logger.getLogger("");
        try
        {
            final Path parent = Path.of(file).toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            final SizeRotatingFileHandler rotating = new SizeRotatingFileHandler(
                Path.of(file), config.maxMb() * 1024 * 1024, config.maxFiles(), format);
            rotating.setLevel(level);
            root.addHandler(rotating);
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return "log_file=" + file + ": cannot open it (" + ex.getMessage() + "); logging to stderr only";
        }
    }

    static Level level(final String name)
    {
        return switch (name.toUpperCase(Locale.ROOT))
        {
            case "DEBUG" -> Level.FINE;
            case "WARNING", "WARN" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            default -> Level.INFO;
        };
    }

    /** One line per record: instant, level, short logger name, message, and a throwable on the lines after. */
    static final class OneLine extends Formatter
    {
        @Override
        public String format(final LogRecord record)
        {
            final StringBuilder line = new StringBuilder(160);
            line.append(Instant.ofEpochMilli(record.getMillis())).append(' ')
                .append(levelName(record.getLevel())).append(' ')
                .append(shortName(record.getLoggerName())).append(": ")
                .append(formatMessage(record).replace('\n', ' ')).append('\n');
            if (record.getThrown() != null)
            {
                final StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }

        private static String levelName(final Level level)
        {
            if (level.intValue() >= Level.SEVERE.intValue())
            {
                return "ERROR";
            }
            if (level.intValue() >= Level.WARNING.intValue())
            {
                return "WARNING";
            }
            return level.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
        }

        private static String shortName(final String loggerName)
        {
            if (loggerName == null)
            {
                return "ftagent";
            }
            final String prefix = "com.flowtriq.ftagent.";
            return loggerName.startsWith(prefix) ? loggerName.substring(prefix.length()) : loggerName;
        }
    }
}
