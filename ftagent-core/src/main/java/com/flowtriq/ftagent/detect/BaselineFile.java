package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.config.AtomicFileWrite;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk form of a {@link Baseline}, {@code <state_dir>/baseline.bin}, so that a restart does not start from
 * warm-up. Little-endian:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Magic "FTBL"                              |  0
 *  +---------------------------------------------------------------+
 *  |                     Version (1)                               |  4
 *  +---------------------------------------------------------------+
 *  |                Saved at (epoch seconds, 64)                   |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                Window capacity when saved (seconds)           | 16
 *  +---------------------------------------------------------------+
 *  |                Sample count n                                 | 20
 *  +---------------------------------------------------------------+
 *  |   n samples, oldest first: PPS (64), BPS (64)                ... 24
 *  +---------------------------------------------------------------+
 *  |                CRC32C of bytes [0, 24 + 16n)                  |
 *  +---------------------------------------------------------------+
 * </pre>
 * Writes are atomic: a temporary file in the same directory is written, forced to disk, then renamed over the old
 * file, and the directory is forced too. A reader therefore sees the old file or the new one, never half of one.
 * <p>
 * Restoring never throws on bad content: a missing file, a file older than the allowed age, and a corrupt file
 * (bad magic, version, length or checksum) each leave the baseline empty and return a {@link RestoreResult}; the
 * stale and corrupt cases are logged. If the saved window differs from the current one, the newest samples that
 * fit are kept.
 * <p>
 * Stateless; the methods are called by the detection thread (restore at start, encode) and by the
 * {@link BaselineSaver} thread (write).
 */
public final class BaselineFile
{
    public static final String FILE_NAME = "baseline.bin";

    public static final int MAGIC = 'F' | ('T' << 8) | ('B' << 16) | ('L' << 24);
    public static final int VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int SAVED_AT_OFFSET = 8;
    public static final int CAPACITY_OFFSET = 16;
    public static final int SAMPLE_COUNT_OFFSET = 20;
    public static final int SAMPLES_OFFSET = 24;
    public static final int SAMPLE_LENGTH = 16;
    public static final int CHECKSUM_LENGTH = 4;

    private static final System.Logger LOGGER = System.getLogger(BaselineFile.class.getName());

    /** The outcome of {@link #restore}. */
    public enum RestoreResult
    {
        /** Samples were loaded. */
        RESTORED,
        /** No file: first start. */
        MISSING,
        /** The file is older than the allowed age (or dated in the future); ignored. */
        STALE,
        /** Bad magic, version, length or checksum; ignored. */
        CORRUPT,
        /** The file could not be read; ignored. */
        IO_ERROR
    }

    private BaselineFile()
    {
    }

    /** The file's length for {@code sampleCount} samples. */
    public static int encodedLength(final int sampleCount)
    {
        return SAMPLES_OFFSET + sampleCount * SAMPLE_LENGTH + CHECKSUM_LENGTH;
    }

    /**
     * Encodes the baseline into {@code bytes}, which must hold {@link #encodedLength(int)} of its capacity.
     * Allocates a buffer wrapper and a checksum; see the other overload for the allocation-free form.
     *
     * @return the encoded length.
     */
    public static int encode(final Baseline baseline, final long savedAtEpochSecond, final byte[] bytes)
    {
        return encode(baseline, savedAtEpochSecond, new UnsafeBuffer(bytes), new CRC32C());
    }

    /**
     * Encodes the baseline into {@code buffer} (wrapping a byte array of at least {@link #encodedLength(int)} of its
     * capacity), with a caller-owned checksum that is reset first. Allocation-free, for the periodic snapshot taken
     * on the detection thread.
     *
     * @return the encoded length.
     */
    public static int encode(
        final Baseline baseline, final long savedAtEpochSecond, final UnsafeBuffer buffer, final CRC32C crc)
    {
        final byte[] bytes = buffer.byteArray();
        final int n = baseline.sampleCount();
        final int length = encodedLength(n);
        if (bytes == null || bytes.length < length)
        {
            throw new IllegalArgumentException("buffer of " + buffer.capacity() + " bytes, need " + length);
        }

        buffer.putInt(MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(VERSION_OFFSET, VERSION, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(SAVED_AT_OFFSET, savedAtEpochSecond, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(CAPACITY_OFFSET, baseline.capacity(), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(SAMPLE_COUNT_OFFSET, n, ByteOrder.LITTLE_ENDIAN);
        int offset = SAMPLES_OFFSET;
        for (int i = 0; i < n; i++)
        {
            buffer.putLong(offset, baseline.samplePps(i), ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(offset + 8, baseline.sampleBps(i), ByteOrder.LITTLE_ENDIAN);
            offset += SAMPLE_LENGTH;
        }

        crc.reset();
        crc.update(bytes, 0, offset);
        buffer.putInt(offset, (int)crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        return length;
    }

    /**
     * Writes {@code length} bytes to {@code file} atomically (temporary file, fsync, rename, directory fsync).
     * Creates the parent directory if needed.
     */
    public static void writeAtomically(final Path file, final byte[] bytes, final int length) throws IOException
    {
        AtomicFileWrite.write(file, bytes, length);
    }

    /**
     * Encodes and writes in one call, for shutdown (on the detection thread, after the saver has stopped).
     */
    public static void save(final Path file, final Baseline baseline, final long savedAtEpochSecond)
        throws IOException
    {
        final byte[] bytes = new byte[encodedLength(baseline.sampleCount())];
        final int length = encode(baseline, savedAtEpochSecond, bytes);
        writeAtomically(file, bytes, length);
    }

    /**
     * Loads a saved baseline if the file is valid and recent. On anything but {@link RestoreResult#RESTORED} the
     * baseline is left as it was.
     *
     * @param file            the file to read.
     * @param baseline        receives the samples (cleared first, only when the file is good).
     * @param nowEpochSecond  the detector clock now.
     * @param maxAgeSeconds   files saved longer ago than this are stale (typically the baseline window).
     */
    public static RestoreResult restore(
        final Path file, final Baseline baseline, final long nowEpochSecond, final long maxAgeSeconds)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return RestoreResult.MISSING;
        }
        catch (final IOException | OutOfMemoryError ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "baseline file " + file + " unreadable, ignored: " + ex);
            return RestoreResult.IO_ERROR;
        }

        final String problem = validate(bytes);
        if (problem != null)
        {
            LOGGER.log(System.Logger.Level.WARNING, "baseline file " + file + " is corrupt (" + problem +
                "), ignored; the baseline starts warming up");
            return RestoreResult.CORRUPT;
        }

        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final long savedAt = buffer.getLong(SAVED_AT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final long age = nowEpochSecond - savedAt;
        if (age > maxAgeSeconds || age < -maxAgeSeconds)
        {
            LOGGER.log(System.Logger.Level.INFO, "baseline file " + file + " saved " + age +
                " s ago, older than " + maxAgeSeconds + " s (or in the future), ignored");
            return RestoreResult.STALE;
        }

        final int n = buffer.getInt(SAMPLE_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int keep = Math.min(n, baseline.capacity());
        baseline.clear();
        int offset = SAMPLES_OFFSET + (n - keep) * SAMPLE_LENGTH;
        for (int i = 0; i < keep; i++)
        {
            baseline.learn(
                Math.max(0, buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN)),
                Math.max(0, buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN)));
            offset += SAMPLE_LENGTH;
        }

        return RestoreResult.RESTORED;
    }

    /** Why the bytes are not a valid file, or null if they are. */
    static String validate(final byte[] bytes)
    {
        if (bytes.length < encodedLength(0))
        {
            return "length " + bytes.length + " below the minimum " + encodedLength(0);
        }

        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int magic = buffer.getInt(MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (magic != MAGIC)
        {
            return "magic 0x" + Integer.toHexString(magic);
        }

        final int version = buffer.getInt(VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (version != VERSION)
        {
            return "version " + version + ", expected " + VERSION;
        }

        final int n = buffer.getInt(SAMPLE_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (n < 0 || (long)SAMPLES_OFFSET + (long)n * SAMPLE_LENGTH + CHECKSUM_LENGTH != bytes.length)
        {
            return "sample count " + n + " does not match length " + bytes.length;
        }

        final int checksumOffset = SAMPLES_OFFSET + n * SAMPLE_LENGTH;
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, checksumOffset);
        final int expected = buffer.getInt(checksumOffset, ByteOrder.LITTLE_ENDIAN);
        if ((int)crc.getValue() != expected)
        {
            return "checksum mismatch";
        }

        return null;
    }
}
