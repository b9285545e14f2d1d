package com.flowtriq.ftagent.l7;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Follows one access log by polling, and hands each complete line to a {@link LineHandler}.
 * <p>
 * Rotation, noticed on every {@link #poll()} once the open file is read to its end:
 * <ul>
 *   <li><b>rename and create, delete and recreate, symlink swap</b>: the path now names another file (device+inode,
 *   from {@link BasicFileAttributes#fileKey()}). The old file is still open, so it is read to its end first, then
 *   the new file is read from offset 0. While the path is missing, the old file keeps being followed (nginx writes
 *   to the renamed file until it reopens its logs).</li>
 *   <li><b>copytruncate</b>: same file, but smaller than what was read, or its first bytes no longer match the
 *   fingerprint taken of them. Lines appended after the last poll and before the copy are taken from the copy
 *   ({@code <name>.1}, when its first bytes match the fingerprint), then the file is read again from 0.</li>
 * </ul>
 * After a restart, {@link #resumeFrom} continues at a saved offset when the path still names the saved file (device
 * and inode) and its first bytes still match the saved fingerprint; if the file was renamed away meanwhile and is
 * found as {@code <name>.1}, its rest is read first. Otherwise the file is read from its start.
 * <p>
 * A partial last line waits for its newline. A line longer than {@code maxLineBytes} is skipped up to its newline
 * and counted once. A file that is missing or unreadable is counted and retried on the next poll; nothing is thrown.
 * <p>
 * The read path makes no garbage per line: one direct buffer, positional reads, lines delivered in place. Each poll
 * does one stat of the path (a small allocation per poll, not per line).
 * <p>
 * Threading: single thread (the L7 agent) calls {@link #poll()}; counters are plain fields read by that thread.
 */
public final class AccessLogTailer implements AutoCloseable
{
    /** Default cap on a line, {@code l7_max_line_bytes}. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;

    /** How many leading bytes identify a file's content across a truncation. */
    public static final int FINGERPRINT_BYTES = 64;

    private static final int READ_CHUNK_BYTES = 64 * 1024;
    private static final long MAX_BYTES_PER_POLL = 8L * 1024 * 1024;

    private final Path path;
    private final Path rotatedCopy;
    private final int maxLineBytes;
    private final LineHandler handler;
    private final ByteBuffer readBuffer;
    private final UnsafeBuffer lineBuffer;
    private final ByteBuffer headBuffer = ByteBuffer.allocateDirect(FINGERPRINT_BYTES);
    private final UnsafeBuffer headView = new UnsafeBuffer(headBuffer);

    private boolean startAtEnd;
    private boolean resumePending;
    private long resumeDevice;
    private long resumeInode;
    private long resumeFingerprint;
    private int resumeFingerprintLength;
    private long resumeOffset;
    private long device;
    private long inode;
    private FileChannel channel;
    private Object fileKey;
    private long position;
    private int pending;
    private boolean skippingOversize;
    /** File offset where the line being skipped starts, so a checkpoint taken meanwhile skips all of it again. */
    private long oversizeLineStart;
    private long fingerprint;
    private int fingerprintLength;

    private boolean behind;
    private long filesOpened;
    private long linesDelivered;
    private long bytesRead;
    private long oversizeLines;
    private long rotations;
    private long truncations;
    private long bytesRecoveredFromCopy;
    private long partialLinesDropped;
    private long missingPolls;
    private long readErrors;

    /**
     * @param path         the log file (may be a symlink, may not exist yet).
     * @param maxLineBytes lines longer than this are skipped and counted.
     * @param startAtEnd   true to skip what the file holds when first opened (a fresh start); false to read it all.
     * @param handler      receives each line.
     */
    public AccessLogTailer(
        final Path path, final int maxLineBytes, final boolean startAtEnd, final LineHandler handler)
    {
        if (maxLineBytes < 1)
        {
            throw new IllegalArgumentException("l7_max_line_bytes=" + maxLineBytes);
        }
        this.path = path;
        this.rotatedCopy = path.resolveSibling(path.getFileName() + ".1");
        this.maxLineBytes = maxLineBytes;
        this.startAtEnd = startAtEnd;
        this.handler = handler;
        this.readBuffer = ByteBuffer.allocateDirect(maxLineBytes + READ_CHUNK_BYTES);
        this.lineBuffer = new UnsafeBuffer(readBuffer);
    }

    /**
     * Reads what is new, follows a rotation if one happened, and delivers complete lines.
     *
     * @return number of lines delivered (0 when there was nothing new).
     */
    public int poll()
    {
        final long before = linesDelivered;
        if (channel == null && !open(startAtEnd))
        {
            // A file that appears after we started holds only new lines: read it from its start.
            startAtEnd = false;
            return 0;
        }
        startAtEnd = false;
        behind = !drain(channel, MAX_BYTES_PER_POLL);
        if (behind)
        {
            return (int)(linesDelivered - before);
        }
        final BasicFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        }
        catch (final NoSuchFileException ex)
        {
            missingPolls++;
            return (int)(linesDelivered - before);
        }
        catch (final IOException ex)
        {
            readErrors++;
            return (int)(linesDelivered - before);
        }
        if (!attributes.fileKey().equals(fileKey))
        {
            drain(channel, Long.MAX_VALUE);
            dropPartial();
            closeChannel();
            rotations++;
            if (open(false))
            {
                behind = !drain(channel, MAX_BYTES_PER_POLL);
            }
        }
        else if (attributes.size() < position || !headMatches(channel))
        {
            truncations++;
            recoverFromCopy();
            dropPartial();
            position = 0;
            fingerprintLength = 0;
            fingerprint = 0;
            behind = !drain(channel, MAX_BYTES_PER_POLL);
        }
        else
        {
            extendFingerprint();
        }
        return (int)(linesDelivered - before);
    }

    private boolean open(final boolean atEnd)
    {
        try
        {
            final Object keyBefore = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            final FileChannel opened = FileChannel.open(path, StandardOpenOption.READ);
            final Object keyAfter = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (!keyBefore.equals(keyAfter))
            {
                // Swapped while opening: try again next poll rather than follow the wrong file.
                opened.close();
                return false;
            }
            channel = opened;
            fileKey = keyAfter;
            filesOpened++;
            device = unixAttribute(path, "unix:dev");
            inode = unixAttribute(path, "unix:ino");
            position = atEnd ? opened.size() : 0;
            pending = 0;
            skippingOversize = false;
            fingerprintLength = 0;
            fingerprint = 0;
            if (resumePending)
            {
                resumePending = false;
                resume(opened);
            }
            extendFingerprint();
            return true;
        }
        catch (final NoSuchFileException ex)
        {
            missingPolls++;
            return false;
        }
        catch (final IOException ex)
        {
            readErrors++;
            return false;
        }
    }

    /**
     * Continue where a previous run stopped, instead of {@code startAtEnd}. Takes effect on the next open (call
     * before the first {@link #poll()}). The values are those of {@link #device()}, {@link #inode()},
     * {@link #fingerprint()}, {@link #fingerprintLength()} and {@link #position()} saved by that run.
     */
    public void resumeFrom(
        final long device, final long inode, final long fingerprint, final int fingerprintLength, final long offset)
    {
        resumePending = true;
        resumeDevice = device;
        resumeInode = inode;
        resumeFingerprint = fingerprint;
        resumeFingerprintLength = fingerprintLength;
        resumeOffset = offset;
    }

    private void resume(final FileChannel opened) throws IOException
    {
        final boolean sameFile = device == resumeDevice && inode == resumeInode;
        if (sameFile && opened.size() >= resumeOffset &&
            (resumeFingerprintLength == 0 || headHash(opened, resumeFingerprintLength) == resumeFingerprint))
        {
            position = resumeOffset;
            return;
        }
        position = 0;
        if (!sameFile && Files.exists(rotatedCopy) && unixAttribute(rotatedCopy, "unix:dev") == resumeDevice &&
            unixAttribute(rotatedCopy, "unix:ino") == resumeInode)
        {
            // Renamed away while we were down: finish the old file, then read the new one from its start.
            try (FileChannel old = FileChannel.open(rotatedCopy, StandardOpenOption.READ))
            {
                position = resumeOffset;
                drain(old, Long.MAX_VALUE);
                dropPartial();
                rotations++;
            }
            position = 0;
        }
    }

    private long unixAttribute(final Path file, final String attribute)
    {
        try
        {
            return ((Number)Files.getAttribute(file, attribute)).longValue();
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            readErrors++;
            return -1;
        }
    }

    /**
     * Reads from the channel at {@link #position} until its end or the byte limit, delivering lines.
     *
     * @return true if the end of the file was reached.
     */
    private boolean drain(final FileChannel source, final long byteLimit)
    {
        long budget = byteLimit;
        try
        {
            while (budget > 0)
            {
                readBuffer.limit(readBuffer.capacity()).position(pending);
                final int read = source.read(readBuffer, position);
                if (read <= 0)
                {
                    return true;
                }
                position += read;
                bytesRead += read;
                budget -= read;
                deliverLines(pending + read);
            }
            return false;
        }
        catch (final IOException ex)
        {
            readErrors++;
            return true;
        }
    }

    private void deliverLines(final int filled)
    {
        int lineStart = 0;
        for (int i = 0; i < filled; i++)
        {
            if (lineBuffer.getByte(i) == '\n')
            {
                if (skippingOversize)
                {
                    skippingOversize = false;
                }
                else if (i - lineStart > maxLineBytes)
                {
                    // Whole in one read, so the check on a pending partial line below never saw it.
                    oversizeLines++;
                }
                else
                {
                    linesDelivered++;
                    handler.onLine(lineBuffer, lineStart, i - lineStart);
                }
                lineStart = i + 1;
            }
        }
        final int remaining = filled - lineStart;
        if (skippingOversize)
        {
            pending = 0;
        }
        else if (remaining > maxLineBytes)
        {
            oversizeLines++;
            skippingOversize = true;
            oversizeLineStart = position - remaining;
            pending = 0;
        }
        else
        {
            if (lineStart > 0 && remaining > 0)
            {
                readBuffer.limit(filled).position(lineStart);
                readBuffer.compact();
            }
            pending = remaining;
        }
    }

    private void dropPartial()
    {
        if (pending > 0)
        {
            partialLinesDropped++;
        }
        pending = 0;
        skippingOversize = false;
    }

    private void recoverFromCopy()
    {
        if (fingerprintLength == 0)
        {
            return;
        }
        try (FileChannel copy = FileChannel.open(rotatedCopy, StandardOpenOption.READ))
        {
            if (copy.size() > position && headHash(copy, fingerprintLength) == fingerprint)
            {
                final long start = position;
                drain(copy, Long.MAX_VALUE);
                bytesRecoveredFromCopy += position - start;
            }
        }
        catch (final IOException ex)
        {
            // No copy, or not ours: the lines between the last poll and the truncation are gone; nothing to count
            // beyond the truncation itself.
        }
    }

    private boolean headMatches(final FileChannel source)
    {
        return fingerprintLength == 0 || headHash(source, fingerprintLength) == fingerprint;
    }

    private void extendFingerprint()
    {
        final int wanted = (int)Math.min(FINGERPRINT_BYTES, position);
        if (wanted > fingerprintLength && channel != null)
        {
            final long hash = headHash(channel, wanted);
            if (hash != ByteHash.EMPTY)
            {
                fingerprint = hash;
                fingerprintLength = wanted;
            }
        }
    }

    /** Hash of the first length bytes of the file, or {@link ByteHash#EMPTY} if they cannot be read. */
    private long headHash(final FileChannel source, final int length)
    {
        try
        {
            headBuffer.clear().limit(length);
            int total = 0;
            while (total < length)
            {
                final int read = source.read(headBuffer, total);
                if (read <= 0)
                {
                    return ByteHash.EMPTY;
                }
                total += read;
            }
            return ByteHash.hash(headView, 0, length);
        }
        catch (final IOException ex)
        {
            readErrors++;
            return ByteHash.EMPTY;
        }
    }

    private void closeChannel()
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                readErrors++;
            }
            channel = null;
            fileKey = null;
        }
    }

    public void close()
    {
        closeChannel();
    }

    /** The followed path. */
    public Path path()
    {
        return path;
    }

    /** Device number of the followed file, for a checkpoint. */
    public long device()
    {
        return device;
    }

    /** Inode of the followed file, for a checkpoint. */
    public long inode()
    {
        return inode;
    }

    /** Hash of the first {@link #fingerprintLength()} bytes of the followed file, for a checkpoint. */
    public long fingerprint()
    {
        return fingerprint;
    }

    /** Bytes covered by {@link #fingerprint()}, up to {@link #FINGERPRINT_BYTES}. */
    public int fingerprintLength()
    {
        return fingerprintLength;
    }

    /**
     * Read offset in the current file. Lines before it have been delivered, except a partial last line, whose
     * bytes are counted here but wait in the buffer; a checkpoint should save {@link #checkpointOffset()}.
     */
    public long position()
    {
        return position;
    }

    /**
     * Offset of the first byte not yet delivered as part of a line: what a checkpoint saves. While a too-long line is
     * being skipped, its start: a run resumed there skips the whole line again rather than take its tail for a line.
     */
    public long checkpointOffset()
    {
        return skippingOversize ? oversizeLineStart : position - pending;
    }

    /**
     * True when the last {@link #poll()} stopped at its byte budget before the end of the file: there is a backlog
     * (after a restart, or a burst), and the lines still to come may be older than the wall clock.
     */
    public boolean behind()
    {
        return behind;
    }

    /** Files opened at the path since start; 0 until the log has been found. */
    public long filesOpened()
    {
        return filesOpened;
    }

    /** Lines handed to the handler. */
    public long linesDelivered()
    {
        return linesDelivered;
    }

    /** Bytes read from log files, copies included. */
    public long bytesRead()
    {
        return bytesRead;
    }

    /** Lines longer than the cap, skipped. */
    public long oversizeLines()
    {
        return oversizeLines;
    }

    /** Switches to a new file at the path (rename+create, delete+recreate, symlink swap). */
    public long rotations()
    {
        return rotations;
    }

    /** Truncations of the followed file (copytruncate). */
    public long truncations()
    {
        return truncations;
    }

    /** Bytes read from the rotated copy after a truncation. */
    public long bytesRecoveredFromCopy()
    {
        return bytesRecoveredFromCopy;
    }

    /** Unterminated last lines of a file that was rotated away. */
    public long partialLinesDropped()
    {
        return partialLinesDropped;
    }

    /** Polls that found no file at the path. */
    public long missingPolls()
    {
        return missingPolls;
    }

    /** I/O errors other than a missing file. */
    public long readErrors()
    {
        return readErrors;
    }
}
