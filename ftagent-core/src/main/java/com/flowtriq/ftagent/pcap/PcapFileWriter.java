package com.flowtriq.ftagent.pcap;

import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.CAPTURED_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.FILE_HEADER_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.LINK_TYPE_MASK;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.LINK_TYPE_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.MAGIC_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.MAX_CAPTURED_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.ORIGINAL_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.RECORD_HEADER_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.SIGFIGS_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.SNAP_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.THISZONE_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.TIMESTAMP_FRACTION_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.TIMESTAMP_SECONDS_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.VERSION_MAJOR;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.VERSION_MAJOR_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.VERSION_MINOR;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.VERSION_MINOR_OFFSET;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes frames to a new classic pcap file (see {@link PcapFileDescriptor}), little-endian, with nanosecond
 * timestamps unless microseconds are asked for. Each frame keeps its original wire length; its captured bytes are
 * cut to the snapshot length.
 *
 * <p>Records are staged in one direct buffer, allocated when the writer is made, and reach the file through its
 * {@link FileChannel} when the buffer is full, on {@link #flush()} and on {@link #close()}: no allocation per frame
 * and one system call per buffer. {@link #flush()} hands the bytes to the kernel; it does not force them to disk.
 *
 * <p>The file is created new (an existing file is never overwritten) with mode 0600 given at creation, so that
 * no other user can open it at any moment: captures hold other people's traffic. The directory is the caller's
 * concern; {@link #createPrivateDirectory(Path)} makes one with mode 0700.
 *
 * <p>A failed write to the file (a full disk) is sticky: later writes, flushes and the close throw an
 * {@link IOException} naming the file and the first failure; the file keeps what reached it, possibly ending in a
 * partial record, which {@code PcapFileSource} counts as truncated.
 *
 * <p>Threading: single threaded; one thread writes, flushes and closes.
 */
public final class PcapFileWriter implements AutoCloseable
{
    /** Staging buffer size unless told otherwise: large writes, few system calls. */
    public static final int DEFAULT_BUFFER_CAPACITY = 1 << 20;

    private static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS =
        PosixFilePermissions.fromString("rwx------");
    private static final ValueLayout.OfInt INT_LE =
        ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT_LE =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final MemorySegment staging;
    private final int capacity;
    private final int snapLength;
    private final int nanosPerUnit;
    private int stagedBytes;
    private long packetsWritten;
    private long fileBytes;
    private boolean closed;
    private IOException writeFailure;

    private PcapFileWriter(
        final Path path,
        final FileChannel channel,
        final int linkType,
        final int snapLength,
        final PcapTimestampResolution resolution,
        final int capacity)
    {
        this.path = path;
        this.channel = channel;
        this.capacity = capacity;
        this.snapLength = snapLength;
        this.nanosPerUnit = resolution.nanosPerUnit();
        this.buffer = ByteBuffer.allocateDirect(capacity);
        this.staging = MemorySegment.ofBuffer(buffer);

        staging.set(INT_LE, MAGIC_OFFSET, resolution.magic());
        staging.set(SHORT_LE, VERSION_MAJOR_OFFSET, (short)VERSION_MAJOR);
        staging.set(SHORT_LE, VERSION_MINOR_OFFSET, (short)VERSION_MINOR);
        staging.set(INT_LE, THISZONE_OFFSET, 0);
        staging.set(INT_LE, SIGFIGS_OFFSET, 0);
        staging.set(INT_LE, SNAP_LENGTH_OFFSET, snapLength);
        staging.set(INT_LE, LINK_TYPE_OFFSET, linkType);
        stagedBytes = FILE_HEADER_LENGTH;
    }

    /**
     * Creates a new pcap file with nanosecond timestamps.
     *
     * @param linkType   LINKTYPE of the frames, for example {@link PcapFileDescriptor#LINKTYPE_ETHERNET}.
     * @param snapLength largest number of bytes kept per frame, 1 to 262144.
     * @throws java.nio.file.FileAlreadyExistsException if the file exists.
     */
    public static PcapFileWriter create(final Path path, final int linkType, final int snapLength)
        throws IOException
    {
        return create(path, linkType, snapLength, PcapTimestampResolution.NANOSECONDS, DEFAULT_BUFFER_CAPACITY);
    }

    /**
     * Creates a new pcap file.
     *
     * @param resolution     of the timestamps in the file.
     * @param bufferCapacity bytes staged before a write to the file; raised to hold at least one full record.
     * @throws java.nio.file.FileAlreadyExistsException if the file exists.
     */
    public static PcapFileWriter create(
        final Path path,
        final int linkType,
        final int snapLength,
        final PcapTimestampResolution resolution,
        final int bufferCapacity) throws IOException
    {
        if (linkType < 0 || linkType > LINK_TYPE_MASK)
        {
            throw new IllegalArgumentException("linkType=" + linkType + " must be 0.." + LINK_TYPE_MASK);
        }
        if (snapLength < 1 || snapLength > MAX_CAPTURED_LENGTH)
        {
            throw new IllegalArgumentException("snapLength=" + snapLength + " must be 1.." + MAX_CAPTURED_LENGTH);
        }
        final int capacity = Math.max(bufferCapacity, RECORD_HEADER_LENGTH + snapLength);

        final FileChannel channel = FileChannel.open(
            path,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS));
        return new PcapFileWriter(path, channel, linkType, snapLength, resolution, capacity);
    }

    /**
     * Creates {@code directory}, and any missing parent, with mode 0700 if it does not exist. An existing directory
     * is left as it is.
     *
     * @return {@code directory}.
     */
    public static Path createPrivateDirectory(final Path directory) throws IOException
    {
        if (Files.isDirectory(directory))
        {
            return directory;
        }
        return Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
    }

    /**
     * Appends one frame.
     *
     * @param frame          memory holding the frame.
     * @param offset         of the frame's first byte in {@code frame}.
     * @param capturedLength bytes of the frame present in {@code frame}; at most the snapshot length is kept.
     * @param wireLength     length of the frame on the wire, written as it is.
     * @param timestampNanos capture time, nanoseconds since the Unix epoch.
     * @throws IOException if staging the frame needed a write to the file and that failed.
     */
    public void write(
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos) throws IOException
    {
        final int keptLength = beginRecord(capturedLength, wireLength, timestampNanos);
        MemorySegment.copy(frame, offset, staging, stagedBytes + RECORD_HEADER_LENGTH, keptLength);
        endRecord(keptLength);
    }

    /**
     * Appends one frame held in an array (tests and scenario generation); same contract as
     * {@link #write(MemorySegment, long, int, int, long)}, with the frame starting at index 0.
     */
    public void write(
        final byte[] frame, final int capturedLength, final int wireLength, final long timestampNanos)
        throws IOException
    {
        final int keptLength = beginRecord(capturedLength, wireLength, timestampNanos);
        MemorySegment.copy(frame, 0, staging, ValueLayout.JAVA_BYTE, stagedBytes + RECORD_HEADER_LENGTH, keptLength);
        endRecord(keptLength);
    }

    /** Writes the staged records to the file (to the kernel; no fsync). */
    public void flush() throws IOException
    {
        ensureOpen();
        writeStaged();
    }

    /** Flushes and closes the file. Safe to call more than once. */
    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            // After a failed write the staging buffer may be partly in the file: writing it again would duplicate it.
            if (writeFailure == null)
            {
                writeStaged();
            }
        }
        finally
        {
            channel.close();
        }
    }

    /** Frames written (staged or in the file). */
    public long packetsWritten()
    {
        return packetsWritten;
    }

    /** Bytes of the file once staged records are flushed: file header, record headers and kept frame bytes. */
    public long fileBytes()
    {
        return fileBytes + stagedBytes;
    }

    public int snapLength()
    {
        return snapLength;
    }

    public Path path()
    {
        return path;
    }

    /** Writes the record header at the staging position, after making room; returns the bytes of frame kept. */
    private int beginRecord(final int capturedLength, final int wireLength, final long timestampNanos)
        throws IOException
    {
        ensureOpen();
        if (capturedLength < 0 || wireLength < 0)
        {
            throw new IllegalArgumentException(
                "capturedLength=" + capturedLength + " wireLength=" + wireLength + " must not be negative");
        }
        final int keptLength = Math.min(capturedLength, snapLength);
        if (capacity - stagedBytes < RECORD_HEADER_LENGTH + keptLength)
        {
            writeStaged();
        }

        final long record = stagedBytes;
        final long seconds = Math.floorDiv(timestampNanos, NANOS_PER_SECOND);
        final long fraction = Math.floorMod(timestampNanos, NANOS_PER_SECOND) / nanosPerUnit;
        // Seconds are an unsigned 32-bit field: exact until 2106.
        staging.set(INT_LE, record + TIMESTAMP_SECONDS_OFFSET, (int)seconds);
        staging.set(INT_LE, record + TIMESTAMP_FRACTION_OFFSET, (int)fraction);
        staging.set(INT_LE, record + CAPTURED_LENGTH_OFFSET, keptLength);
        staging.set(INT_LE, record + ORIGINAL_LENGTH_OFFSET, wireLength);
        return keptLength;
    }

    private void endRecord(final int keptLength)
    {
        stagedBytes += RECORD_HEADER_LENGTH + keptLength;
        packetsWritten++;
    }

    private void writeStaged() throws IOException
    {
        if (writeFailure != null)
        {
            throw new IOException("an earlier write to " + path + " failed", writeFailure);
        }
        final ByteBuffer buffer = this.buffer;
        buffer.clear().limit(stagedBytes);
        try
        {
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
        }
        catch (final IOException ex)
        {
            writeFailure = ex;
            throw ex;
        }
        fileBytes += stagedBytes;
        stagedBytes = 0;
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("pcap writer for " + path + " is closed");
        }
    }
}
