package com.flowtriq.ftagent.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file so that a reader (or the next start after a crash) sees either the old content or the new, never
 * a mix: the bytes go to {@code <name>.tmp} beside it (mode 0600), are forced to disk, the temporary file is renamed
 * over the target, and the directory is forced so the rename itself survives a power cut. Used for everything kept
 * in {@code state_dir} and for the config file written by {@code setup}.
 *
 * <p>Cold path (allocates); one writer per target file at a time.
 */
public final class AtomicFileWrite
{
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private AtomicFileWrite()
    {
    }

    /**
     * @param file   the file to replace; its directory is created if absent.
     * @param bytes  the new content.
     * @param length how many bytes of {@code bytes} to write.
     * @throws IOException if the content could not be written or renamed into place; the old file is then intact
     *                     and no temporary file is left behind.
     */
    public static void write(final Path file, final byte[] bytes, final int length) throws IOException
    {
        final Path target = file.toAbsolutePath();
        final Path directory = target.getParent();
        Files.createDirectories(directory);
        final Path temporary = directory.resolve(target.getFileName() + ".tmp");
        // A temporary file left by a crash may have other permissions: start from a new one so that 0600 applies.
        Files.deleteIfExists(temporary);
        try
        {
            try (FileChannel channel = FileChannel.open(
                temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try
            {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            Files.deleteIfExists(temporary);
            throw ex;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // Some file systems refuse to sync a directory; the rename is still atomic, only its durability waits.
        }
    }
}
