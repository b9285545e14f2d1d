package com.flowtriq.ftagent.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Appends log lines to exactly the file the operator named ({@code log_file}) and rotates it by size the way
 * logrotate does: {@code ftagent.log} becomes {@code ftagent.log.1}, {@code .1} becomes {@code .2}, and so on, the
 * oldest beyond {@code keep} deleted. (The JDK's {@code FileHandler} would write to {@code ftagent.log.0} instead.)
 *
 * <p>Thread-safe: {@link #publish} is synchronized, as in every JUL handler; lines are whole and flushed.
 */
final class SizeRotatingFileHandler extends StreamHandler
{
    private final Path file;
    private final long limitBytes;
    private final int keep;
    private long written;

    SizeRotatingFileHandler(final Path file, final long limitBytes, final int keep, final Formatter formatter)
        throws IOException
    {
        this.file = file;
        this.limitBytes = limitBytes;
        this.keep = Math.max(1, keep);
        setFormatter(formatter);
        open();
    }

    private void open() throws IOException
    {
        final OutputStream out = Files.newOutputStream(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        written = Files.size(file);
        setOutputStream(out);
    }

    @Override
    public synchronized void publish(final LogRecord record)
    {
        if (!isLoggable(record))
        {
            return;
        }
        final String line = getFormatter().format(record);
        if (written > 0 && written + line.length() > limitBytes)
        {
            rotate();
        }
        super.publish(record);
        flush();
        written += line.length();
    }

    private void rotate()
    {
        try
        {
            // Closing flushes and closes the current stream; the rename then cannot lose a buffered line.
            super.close();
            Files.deleteIfExists(generation(keep));
            for (int i = keep - 1; i >= 1; i--)
            {
                final Path from = generation(i);
                if (Files.exists(from))
                {
                    Files.move(from, generation(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, generation(1), StandardCopyOption.REPLACE_EXISTING);
            open();
        }
        catch (final IOException ex)
        {
            reportError("cannot rotate " + file + ": " + ex.getMessage(), ex, ErrorManager.WRITE_FAILURE);
            try
            {
                open();
            }
            catch (final IOException reopen)
            {
                reportError("cannot reopen " + file, reopen, ErrorManager.OPEN_FAILURE);
            }
        }
    }

    private Path generation(final int n)
    {
        return file.resolveSibling(file.getFileName() + "." + n);
    }
}
