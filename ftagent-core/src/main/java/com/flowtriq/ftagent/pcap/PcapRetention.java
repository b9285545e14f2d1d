package com.flowtriq.ftagent.pcap;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Deletes old incident capture files from the capture directory: first every file older than the retention age,
 * then the oldest files while there are more than the file limit, then the oldest while their total size is above
 * the disk limit. Oldest means earliest modification time, then name.
 *
 * <p>It never deletes a file it did not write: only regular files (symbolic links are not followed) directly in
 * the directory, whose name matches {@link PcapIncidentFileName#PATTERN} and whose mode is exactly 0600, as
 * {@link PcapFileWriter} creates them. Other files are neither deleted nor counted in the totals. The file being
 * written is passed in and left alone.
 *
 * <p>Errors are counted and logged, never thrown: a file that cannot be deleted is skipped until the next run.
 *
 * <p>Threading: single threaded (the {@link PcapIncidentRecorder} thread, or a test). Counters are plain fields
 * for that thread. Cold path: it allocates.
 */
public final class PcapRetention
{
    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final System.Logger LOGGER = System.getLogger(PcapRetention.class.getName());

    private final Path directory;
    private final long maxAgeNanos;
    private final long maxTotalBytes;
    private final int maxFiles;

    private long deletedForAge;
    private long deletedForCount;
    private long deletedForSize;
    private long deleteFailures;
    private long keptFiles;
    private long keptBytes;

    /**
     * @param maxAgeNanos   files modified longer ago than this are deleted.
     * @param maxTotalBytes the kept files total at most this many bytes.
     * @param maxFiles      at most this many files are kept; 0 for no limit.
     */
    public PcapRetention(final Path directory, final long maxAgeNanos, final long maxTotalBytes, final int maxFiles)
    {
        this.directory = directory;
        this.maxAgeNanos = maxAgeNanos;
        this.maxTotalBytes = maxTotalBytes;
        this.maxFiles = maxFiles;
    }

    /**
     * Applies the limits once.
     *
     * @param nowNanos   the time, ns since the epoch, against which ages are measured.
     * @param inProgress a file being written, never deleted nor counted; may be null.
     * @return files deleted.
     */
    public int enforce(final long nowNanos, final Path inProgress)
    {
        final List<Candidate> files = listOwnFiles(inProgress);
        files.sort(Comparator.comparingLong(Candidate::modifiedNanos).thenComparing(Candidate::name));

        long totalBytes = 0;
        for (final Candidate file : files)
        {
            totalBytes += file.size();
        }
        int remaining = files.size();
        int deleted = 0;
        for (final Candidate file : files)
        {
            final boolean tooOld = nowNanos - file.modifiedNanos() > maxAgeNanos;
            final boolean tooMany = maxFiles > 0 && remaining > maxFiles;
            final boolean tooBig = totalBytes > maxTotalBytes;
            if (!tooOld && !tooMany && !tooBig)
            {
                break;
            }
            if (!delete(file.path()))
            {
                continue;
            }
            deleted++;
            remaining--;
            totalBytes -= file.size();
            if (tooOld)
            {
                deletedForAge++;
            }
            else if (tooMany)
            {
                deletedForCount++;
            }
            else
            {
                deletedForSize++;
            }
        }
        keptFiles = remaining;
        keptBytes = totalBytes;
        return deleted;
    }

    /** Files deleted because they were older than the retention age. */
    public long deletedForAge()
    {
        return deletedForAge;
    }

    /** Files deleted because there were more than the file limit. */
    public long deletedForCount()
    {
        return deletedForCount;
    }

    /** Files deleted because the total was above the disk limit. */
    public long deletedForSize()
    {
        return deletedForSize;
    }

    /** Deletions or directory reads that failed. */
    public long deleteFailures()
    {
        return deleteFailures;
    }

    /** Incident files left after the last run (the one in progress not included). */
    public long keptFiles()
    {
        return keptFiles;
    }

    /** Their total size in bytes. */
    public long keptBytes()
    {
        return keptBytes;
    }

    private List<Candidate> listOwnFiles(final Path inProgress)
    {
        final List<Candidate> files = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS))
        {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory))
        {
            for (final Path entry : entries)
            {
                final String name = entry.getFileName().toString();
                if (!PcapIncidentFileName.matches(name) || entry.equals(inProgress))
                {
                    continue;
                }
                final PosixFileAttributes attributes;
                try
                {
                    attributes = Files.readAttributes(entry, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                }
                catch (final NoSuchFileException ex)
                {
                    continue;
                }
                if (attributes.isRegularFile() && attributes.permissions().equals(OWNER_READ_WRITE))
                {
                    files.add(new Candidate(
                        entry, name, attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
                }
            }
        }
        catch (final IOException ex)
        {
            deleteFailures++;
            LOGGER.log(System.Logger.Level.WARNING, "pcap retention cannot list " + directory + ": " + ex);
        }
        return files;
    }

    private boolean delete(final Path file)
    {
        try
        {
            return Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            deleteFailures++;
            LOGGER.log(System.Logger.Level.WARNING, "pcap retention cannot delete " + file + ": " + ex);
            return false;
        }
    }

    private record Candidate(Path path, String name, long size, long modifiedNanos)
    {
    }
}
