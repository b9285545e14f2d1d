package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The outbox on disk: one file per entry, {@code <sequence, 20 digits>.ent}, in the outbox directory, and
 * rejected entries with a {@code .reason} note in {@code dead/}. A batch is written as {@code .tmp} files,
 * each forced, renamed into place, then the directory is forced once, so after {@link #appendBatch} returns
 * the whole batch survives a power loss. Deleting a delivered entry is not forced: at worst it is delivered
 * again after a crash (at-least-once; the server and notifiers see a duplicate, never a loss).
 * <p>
 * Used by the outbox writer (append, replay) and by the channels' delivery threads (delete, move to {@code dead/});
 * each call touches its own entry's files, so they need no lock between them.
 */
public final class OutboxStore
{
    static final String ENTRY_SUFFIX = ".ent";
    static final String TEMP_SUFFIX = ".tmp";
    static final String DEAD_DIRECTORY = "dead";

    private final Path directory;
    private final Path deadDirectory;

    /**
     * @param directory the outbox directory; created if missing.
     * @throws IOException if it cannot be created.
     */
    public OutboxStore(final Path directory) throws IOException
    {
        this.directory = directory;
        this.deadDirectory = directory.resolve(DEAD_DIRECTORY);
        Files.createDirectories(deadDirectory);
    }

    public Path directory()
    {
        return directory;
    }

    public Path deadDirectory()
    {
        return deadDirectory;
    }

    /**
     * Writes every entry and forces the batch to disk.
     *
     * @param entries batch to store.
     * @throws IOException on any write failure; entries already renamed into place stay.
     */
    public void appendBatch(final List<OutboxEntry> entries) throws IOException
    {
        if (entries.isEmpty())
        {
            return;
        }
        for (final OutboxEntry entry : entries)
        {
            final Path temp = directory.resolve(fileName(entry.sequence()) + TEMP_SUFFIX);
            try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(OutboxEntryCodec.encode(entry));
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, entryPath(entry.sequence()), StandardCopyOption.ATOMIC_MOVE);
        }
        forceDirectory(directory);
    }

    /**
     * @param sequence entry to remove after delivery or drop.
     * @throws IOException if the file cannot be deleted.
     */
    public void delete(final long sequence) throws IOException
    {
        Files.deleteIfExists(entryPath(sequence));
    }

    /**
     * Moves an entry to {@code dead/} with a note of why it was rejected.
     *
     * @param sequence entry to move.
     * @param reason   status and the server's message.
     * @throws IOException if the move or the note fails.
     */
    public void moveToDead(final long sequence, final String reason) throws IOException
    {
        final String name = fileName(sequence);
        Files.writeString(deadDirectory.resolve(name + ".reason"), reason + "\n", StandardCharsets.UTF_8);
        final Path source = entryPath(sequence);
        if (Files.exists(source))
        {
            Files.move(source, deadDirectory.resolve(name + ENTRY_SUFFIX), StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(deadDirectory);
    }

    /**
     * Reads every stored entry for replay, in sequence order. Leftover temp files (a batch cut short) are
     * deleted; corrupt files are moved to {@code dead/} and reported through the callback.
     *
     * @param corrupt called with each corrupt file name.
     * @return the entries, oldest first.
     * @throws IOException if the directory cannot be listed.
     */
    public List<OutboxEntry> loadAll(final java.util.function.Consumer<Path> corrupt) throws IOException
    {
        final List<OutboxEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory))
        {
            for (final Path path : stream)
            {
                final String name = path.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX))
                {
                    Files.deleteIfExists(path);
                }
                else if (name.endsWith(ENTRY_SUFFIX))
                {
                    final OutboxEntry entry = OutboxEntryCodec.decode(Files.readAllBytes(path));
                    if (entry == null || !name.equals(fileName(entry.sequence()) + ENTRY_SUFFIX))
                    {
                        Files.move(path, deadDirectory.resolve(name + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
                        corrupt.accept(path);
                    }
                    else
                    {
                        entries.add(entry);
                    }
                }
            }
        }
        entries.sort(Comparator.comparingLong(OutboxEntry::sequence));
        return entries;
    }

    /**
     * @param entry stored entry.
     * @return an upper bound of the bytes it takes on disk (strings counted at 3 bytes a char), cheap to compute
     * and the same at store, drop and replay, which is what the bound accounting needs.
     */
    public static long storedLength(final OutboxEntry entry)
    {
        return OutboxEntryCodec.FIXED_LENGTH + entry.channel().length() * 3L + entry.incidentId().length() * 3L +
            entry.body().length;
    }

    static String fileName(final long sequence)
    {
        return String.format("%020d", sequence);
    }

    private Path entryPath(final long sequence)
    {
        return directory.resolve(fileName(sequence) + ENTRY_SUFFIX);
    }

    private static void forceDirectory(final Path dir) throws IOException
    {
        // Forcing the directory makes the renames durable; Linux allows opening a directory read-only for this.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }
}
