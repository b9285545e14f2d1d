package com.flowtriq.ftagent.capture;

import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.FILE_HEADER_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.MAGIC_MICROSECONDS;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.MAGIC_MODIFIED;
import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.MAGIC_NANOSECONDS;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.SECTION_HEADER_BLOCK_TYPE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link PacketSource} over a capture file: classic pcap (either byte order, microsecond or nanosecond
 * timestamps) or pcapng. Every frame is handed to the {@link FrameHandler} where it lies in memory, with no
 * allocation per frame: a classic pcap file is read with positional reads into one reused 512 KiB native buffer
 * (the kernel's copy is the only one; see {@link PcapFileClassicCursor} for why this beats a mapping), a pcapng
 * file is mapped read-only into one {@link MemorySegment} (files above 2 GiB included).
 *
 * <p>Corruption never throws from {@link #poll(FrameHandler)}. The first truncated or malformed record stops the
 * source: it is counted in {@link #truncatedRecords()}, its kind and offset are kept ({@link #defect()},
 * {@link #defectOffset()}, also shown by {@link #describe()}), and the next poll returns {@link #END_OF_INPUT}.
 * Only {@link #open(Path)} throws, when the file cannot be read as a capture at all.
 *
 * <p>Threading: one thread polls and closes. The mapping or buffer lives in a shared arena, so the source may be opened
 * on another thread than the one that polls it. {@link #statistics(CaptureStatistics)}, {@link #describe()} and
 * the counter accessors may be called from any thread: the polling thread publishes the counters through
 * volatile fields once per poll. {@link #firstTimestampNanos()} and {@link #lastTimestampNanos()} are for the
 * polling thread, or for any thread after polling has ended.
 */
public final class PcapFileSource implements PacketSource
{
    /** Largest number of frames one {@link #poll(FrameHandler)} hands over unless told otherwise. */
    public static final int DEFAULT_BATCH_LIMIT = 4096;
    /** Returned by the timestamp accessors before any frame has been handed over. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final Path path;
    private final Arena arena;
    /** Open while a classic pcap file is read through it; null for pcapng, which is mapped. */
    private final FileChannel channel;
    private final long fileSize;
    private final PcapFileFormat format;
    private final PcapFileCursor cursor;
    private final int batchLimit;
    private boolean closed;

    private volatile long publishedPackets;
    private volatile long publishedBytes;
    private volatile long publishedSkippedPackets;
    private volatile long publishedTruncatedRecords;

    private PcapFileSource(
        final Path path,
        final Arena arena,
        final FileChannel channel,
        final long fileSize,
        final PcapFileFormat format,
        final PcapFileCursor cursor,
        final int batchLimit)
    {
        this.path = path;
        this.arena = arena;
        this.channel = channel;
        this.fileSize = fileSize;
        this.format = format;
        this.cursor = cursor;
        this.batchLimit = batchLimit;
    }

    /**
     * Opens and maps a capture file, with batches of {@link #DEFAULT_BATCH_LIMIT} frames.
     *
     * @throws PcapFileFormatException if the file is not a pcap or pcapng file we can read; the message names the
     *                                 path and what was found.
     * @throws IOException             if the file cannot be opened or mapped.
     */
    public static PcapFileSource open(final Path path) throws IOException
    {
        return open(path, DEFAULT_BATCH_LIMIT);
    }

    /**
     * Opens and maps a capture file.
     *
     * @param batchLimit largest number of frames one poll hands over, at least 1.
     */
    public static PcapFileSource open(final Path path, final int batchLimit) throws IOException
    {
        if (batchLimit < 1)
        {
            throw new IllegalArgumentException("batchLimit=" + batchLimit + " must be at least 1");
        }
        if (!Files.exists(path))
        {
            throw new NoSuchFileException(path.toString(), null, "capture file does not exist");
        }
        if (!Files.isRegularFile(path))
        {
            throw new PcapFileFormatException(path, "not a regular file, cannot be mapped as a capture");
        }

        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        boolean keepChannel = false;
        try
        {
            final long size = channel.size();
            if (size < Integer.BYTES)
            {
                throw new PcapFileFormatException(
                    path, "not a pcap or pcapng file: only " + size + " bytes, too short for a magic number");
            }

            final Arena arena = Arena.ofShared();
            try
            {
                final MemorySegment head = readHead(channel, arena, (int)Math.min(size, FILE_HEADER_LENGTH));
                final int magic = head.get(PcapFileCursor.INT_LE, 0);
                final PcapFileFormat format;
                final PcapFileCursor cursor;
                if (magic == MAGIC_MICROSECONDS || magic == Integer.reverseBytes(MAGIC_MICROSECONDS))
                {
                    format = PcapFileFormat.PCAP_MICROSECONDS;
                    cursor = new PcapFileClassicCursor(path, head, channel, size, readBuffer(arena),
                        magic != MAGIC_MICROSECONDS, false);
                    keepChannel = true;
                }
                else if (magic == MAGIC_NANOSECONDS || magic == Integer.reverseBytes(MAGIC_NANOSECONDS))
                {
                    format = PcapFileFormat.PCAP_NANOSECONDS;
                    cursor = new PcapFileClassicCursor(path, head, channel, size, readBuffer(arena),
                        magic != MAGIC_NANOSECONDS, true);
                    keepChannel = true;
                }
                else if (magic == SECTION_HEADER_BLOCK_TYPE)
                {
                    format = PcapFileFormat.PCAPNG;
                    cursor = new PcapngCursor(path, channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena));
                }
                else if (magic == MAGIC_MODIFIED || magic == Integer.reverseBytes(MAGIC_MODIFIED))
                {
                    throw new PcapFileFormatException(
                        path, "modified (Kuznetzov) pcap with 24-byte record headers is not supported");
                }
                else
                {
                    throw new PcapFileFormatException(
                        path, "not a pcap or pcapng file: first 4 bytes are " + firstBytesInHex(head));
                }
                return new PcapFileSource(
                    path, arena, keepChannel ? channel : null, size, format, cursor, batchLimit);
            }
            catch (final IOException | RuntimeException ex)
            {
                keepChannel = false;
                arena.close();
                throw ex;
            }
        }
        finally
        {
            if (!keepChannel)
            {
                channel.close();
            }
        }
    }

    private static MemorySegment readHead(final FileChannel channel, final Arena arena, final int length)
        throws IOException
    {
        final MemorySegment head = arena.allocate(length);
        final ByteBuffer buffer = head.asByteBuffer();
        while (buffer.hasRemaining())
        {
            if (channel.read(buffer, buffer.position()) < 0)
            {
                throw new IOException("file shrank while its header was read");
            }
        }
        return head;
    }

    private static MemorySegment readBuffer(final Arena arena)
    {
        // 4 KiB aligned, so the kernel's copy into it runs on whole pages (the page size is not asked at startup).
        return arena.allocate(PcapFileClassicCursor.READ_BUFFER_BYTES, 4096);
    }

    @Override
    public int linkType()
    {
        return cursor.linkType();
    }

    /**
     * Hands up to the batch limit of frames, in file order, and never waits.
     *
     * @return the number of frames handed over, or {@link #END_OF_INPUT} once the file is exhausted, a defect has
     * stopped it, or the source is closed.
     */
    @Override
    public int poll(final FrameHandler handler)
    {
        final PcapFileCursor cursor = this.cursor;
        if (closed || cursor.finished)
        {
            return END_OF_INPUT;
        }

        final int frames = cursor.read(handler, batchLimit);
        publishedPackets = cursor.packets;
        publishedBytes = cursor.bytes;
        publishedSkippedPackets = cursor.skippedPackets;
        publishedTruncatedRecords = cursor.defect == PcapFileDefect.NONE ? 0 : 1;

        return frames == 0 && cursor.finished ? END_OF_INPUT : frames;
    }

    /** Reading a file never waits, so there is nothing to wake. */
    @Override
    public void wakeup()
    {
    }

    /** Adds the frames and wire bytes handed over so far. */
    @Override
    public void statistics(final CaptureStatistics into)
    {
        into.packets += publishedPackets;
        into.bytes += publishedBytes;
    }

    /**
     * Records at which reading stopped because they were truncated or malformed: 0, or 1 since the first one
     * ends the file.
     */
    public long truncatedRecords()
    {
        return publishedTruncatedRecords;
    }

    /** Frames in the file that were not handed over: pcapng packets of an interface with another link type. */
    public long skippedPackets()
    {
        return publishedSkippedPackets;
    }

    /** Frames handed over so far. */
    public long packets()
    {
        return publishedPackets;
    }

    /** Wire bytes of the frames handed over so far. */
    public long bytes()
    {
        return publishedBytes;
    }

    /** What stopped the source early, {@link PcapFileDefect#NONE} if nothing did (yet). Polling thread. */
    public PcapFileDefect defect()
    {
        return cursor.defect;
    }

    /** File offset of the record or block that stopped the source, -1 if none did. Polling thread. */
    public long defectOffset()
    {
        return cursor.defectPosition;
    }

    /** Timestamp of the first frame handed over, {@link #NO_TIMESTAMP} before any. */
    public long firstTimestampNanos()
    {
        return cursor.firstTimestampNanos;
    }

    /** Timestamp of the last frame handed over so far, {@link #NO_TIMESTAMP} before any. */
    public long lastTimestampNanos()
    {
        return cursor.lastTimestampNanos;
    }

    public PcapFileFormat format()
    {
        return format;
    }

    /** The snapshot length the file declares (of its first interface for pcapng); 0 if it declares none. */
    public int snapLength()
    {
        return cursor.snapLength();
    }

    public long fileSize()
    {
        return fileSize;
    }

    public Path path()
    {
        return path;
    }

    @Override
    public String describe()
    {
        final StringBuilder builder = new StringBuilder(160)
            .append(format.label()).append(' ').append(path)
            .append(" linktype=").append(cursor.linkType())
            .append(" snaplen=").append(cursor.snapLength())
            .append(" size=").append(fileSize)
            .append(" packets=").append(publishedPackets)
            .append(" truncatedRecords=").append(publishedTruncatedRecords);
        // Read after the volatile counters, so the defect the polling thread recorded before publishing is seen.
        final PcapFileDefect defect = cursor.defect;
        if (defect != PcapFileDefect.NONE)
        {
            builder.append(" (stopped at offset ").append(cursor.defectPosition).append(": ")
                .append(defect.description()).append(')');
        }
        if (cursor instanceof final PcapngCursor pcapng)
        {
            builder.append(" sections=").append(pcapng.sections());
            if (pcapng.foreignLinkType() >= 0)
            {
                builder.append(" skippedPackets=").append(publishedSkippedPackets)
                    .append(" (an interface has linktype=").append(pcapng.foreignLinkType())
                    .append(", not the file's linktype=").append(pcapng.linkType())
                    .append("; only one link type per file is read)");
            }
            else if (publishedSkippedPackets > 0)
            {
                builder.append(" skippedPackets=").append(publishedSkippedPackets)
                    .append(" (packets of undescribed interfaces)");
            }
        }
        return builder.toString();
    }

    /** Unmaps or closes the file. Called by the polling thread after its last poll; later polls return END_OF_INPUT. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            arena.close();
            if (channel != null)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException ex)
                {
                    // Read-only: nothing was lost, and close must not throw.
                }
            }
        }
    }

    private static String firstBytesInHex(final MemorySegment file)
    {
        return String.format("%08x", file.get(PcapFileCursor.INT_LE.withOrder(ByteOrder.BIG_ENDIAN), 0));
    }
}
