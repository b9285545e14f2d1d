package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local incident journal: every event appended as one JSON line to {@code <state_dir>/incidents.jsonl},
 * forced per event (events are rare and this is the operator's record). When the file would exceed
 * {@code maxBytes} it is rotated: {@code incidents.jsonl.1} ... {@code .<keep>}, the oldest deleted.
 * Reporting thread only; a write failure is logged and counted, never thrown.
 */
public final class IncidentJournal implements IncidentListener
{
    public static final String FILE_NAME = "incidents.jsonl";
    public static final long MAX_BYTES_DEFAULT = 64L * 1024 * 1024;
    public static final int KEEP_DEFAULT = 5;
    private static final System.Logger LOG = System.getLogger(IncidentJournal.class.getName());

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final IncidentJson json;
    /** Events written. */
    public final AtomicLong written = new AtomicLong();
    /** Events lost to a write error. */
    public final AtomicLong writeErrors = new AtomicLong();
    /** Rotations done. */
    public final AtomicLong rotations = new AtomicLong();

    /**
     * @param stateDir directory of the journal.
     * @param maxBytes size that triggers rotation.
     * @param keep     rotated files kept, at least 1.
     * @param json     schema writer.
     */
    public IncidentJournal(final Path stateDir, final long maxBytes, final int keep, final IncidentJson json)
    {
        if (maxBytes < 1 || keep < 1)
        {
            throw new IllegalArgumentException("maxBytes=" + maxBytes + " keep=" + keep);
        }
        this.file = stateDir.resolve(FILE_NAME);
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.json = json;
    }

    public Path file()
    {
        return file;
    }

    @Override
    public void onIncidentEvent(final IncidentEvent event)
    {
        final byte[] object = json.toJson(event);
        final byte[] line = java.util.Arrays.copyOf(object, object.length + 1);
        line[object.length] = '\n';
        try
        {
            Files.createDirectories(file.getParent());
            if (Files.exists(file) && Files.size(file) + line.length > maxBytes)
            {
                rotate();
            }
            try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(false);
            }
            written.incrementAndGet();
        }
        catch (final IOException ex)
        {
            writeErrors.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "incident journal write failed: " + ex);
        }
    }

    private void rotate() throws IOException
    {
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--)
        {
            final Path from = rotated(i);
            if (Files.exists(from))
            {
                Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        rotations.incrementAndGet();
    }

    /**
     * @param index 1 for the newest rotated file.
     * @return its path.
     */
    public Path rotated(final int index)
    {
        return file.resolveSibling(FILE_NAME + "." + index);
    }
}
