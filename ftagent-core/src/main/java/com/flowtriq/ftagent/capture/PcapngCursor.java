package com.flowtriq.ftagent.capture;

import static com.flowtriq.ftagent.pcap.PcapFileDescriptor.MAX_CAPTURED_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.BLOCK_TOTAL_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.BLOCK_TRAILER_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.BLOCK_TYPE_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.BYTE_ORDER_MAGIC;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.ENHANCED_PACKET_BLOCK_TYPE;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.EPB_CAPTURED_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.EPB_DATA_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.EPB_INTERFACE_ID_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.EPB_MIN_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.EPB_ORIGINAL_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.EPB_TIMESTAMP_HIGH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.EPB_TIMESTAMP_LOW_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.IDB_LINK_TYPE_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.IDB_MIN_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.IDB_OPTIONS_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.IDB_SNAP_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.IF_TSOFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.IF_TSRESOL;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.IF_TSRESOL_BINARY_FLAG;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.IF_TSRESOL_DEFAULT;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.INTERFACE_DESCRIPTION_BLOCK_TYPE;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.MIN_BLOCK_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.OBSOLETE_PACKET_BLOCK_TYPE;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.OPB_INTERFACE_ID_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.OPTION_CODE_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.OPTION_HEADER_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.OPTION_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.OPTION_VALUE_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.OPT_ENDOFOPT;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.SECTION_HEADER_BLOCK_TYPE;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.SHB_BYTE_ORDER_MAGIC_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.SHB_MAJOR_VERSION;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.SHB_MAJOR_VERSION_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.SHB_MIN_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.SIMPLE_PACKET_BLOCK_TYPE;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.SPB_DATA_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.SPB_MIN_LENGTH;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.SPB_ORIGINAL_LENGTH_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapngBlockDescriptor.align32;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Walks a pcapng file (see {@link com.flowtriq.ftagent.pcap.PcapngBlockDescriptor}): any number of sections,
 * each in its own byte order, each with its own interfaces.
 *
 * <ul>
 *   <li>The link type of the source is that of the first interface of the file, learned when the cursor is
 *   made. Packets of an interface with another link type are not handed over: they are counted in
 *   {@link #skippedPackets()} and the first such link type is kept for {@link #foreignLinkType()}.</li>
 *   <li>Timestamps follow each interface's if_tsresol (powers of 10 and of 2) and if_tsoffset.</li>
 *   <li>A Simple Packet Block has no timestamp: its frame gets the timestamp of the frame before it (0 if there
 *   is none), so that a replay clock never goes backwards.</li>
 *   <li>Blocks of other types are skipped by their length. Every block's length is checked against its trailing
 *   copy and the end of the mapping before anything in it is read; the first bad block stops the walk.</li>
 * </ul>
 */
final class PcapngCursor extends PcapFileCursor
{
    /** Interfaces remembered per section; packets of interfaces beyond this are skipped and counted. */
    static final int MAX_INTERFACES = 1024;
    /** Non-packet blocks one read may walk besides its frames, so that a read stays bounded. */
    static final int MAX_OTHER_BLOCKS_PER_READ = 4096;

    private static final int TIMESTAMP_MULTIPLY = 0;
    private static final int TIMESTAMP_DIVIDE = 1;
    private static final int TIMESTAMP_BINARY = 2;

    private final int[] interfaceLinkTypes = new int[MAX_INTERFACES];
    private final int[] interfaceSnapLengths = new int[MAX_INTERFACES];
    private final int[] timestampModes = new int[MAX_INTERFACES];
    private final long[] timestampParameters = new long[MAX_INTERFACES];
    private final long[] timestampOffsetNanos = new long[MAX_INTERFACES];
    private int interfaceCount;
    private boolean swapped;
    private int sections;
    private int linkType = -1;
    private int snapLength;
    private int foreignLinkType = -1;

    /**
     * Reads the blocks up to and including the file's first Interface Description Block, to learn its link type.
     *
     * @throws PcapFileFormatException if the file has no such block, or is corrupt or holds a packet before it.
     */
    PcapngCursor(final Path path, final MemorySegment file) throws PcapFileFormatException
    {
        super(file, 0);
        long position = 0;
        while (linkType < 0)
        {
            final long length = checkBlock(position);
            if (length <= 0)
            {
                throw new PcapFileFormatException(path, defect == PcapFileDefect.NONE ?
                    "pcapng file has no interface description block" :
                    "pcapng file unreadable before its first interface description block: " +
                    defect.description() + " at offset " + defectPosition);
            }
            final int type = swap(file.get(INT_LE, position + BLOCK_TYPE_OFFSET), swapped);
            if (isPacketBlock(type))
            {
                throw new PcapFileFormatException(
                    path, "pcapng packet block at offset " + position + " before any interface description block");
            }
            if (type == INTERFACE_DESCRIPTION_BLOCK_TYPE)
            {
                if (!describeInterface(position, length))
                {
                    throw new PcapFileFormatException(
                        path, "pcapng interface description block at offset " + position + ": " + defect.description());
                }
                linkType = interfaceLinkTypes[0];
                snapLength = interfaceSnapLengths[0];
            }
            position += length;
        }
        this.position = position;
    }

    @Override
    int linkType()
    {
        return linkType;
    }

    @Override
    int snapLength()
    {
        return snapLength;
    }

    /** The first link type met that differs from {@link #linkType()}, or -1 if all interfaces agree. */
    int foreignLinkType()
    {
        return foreignLinkType;
    }

    /** Section Header Blocks read so far. */
    int sections()
    {
        return sections;
    }

    @Override
    int read(final FrameHandler handler, final int frameLimit)
    {
        if (finished)
        {
            return 0;
        }

        final MemorySegment file = this.file;
        final int linkType = this.linkType;
        final int blockLimit = frameLimit + MAX_OTHER_BLOCKS_PER_READ;
        long position = this.position;
        int frames = 0;
        int blocks = 0;
        long wireBytes = 0;
        long firstTimestamp = PcapFileSource.NO_TIMESTAMP;
        long timestamp = lastTimestampNanos == PcapFileSource.NO_TIMESTAMP ? 0 : lastTimestampNanos;

        while (frames < frameLimit && blocks < blockLimit)
        {
            final long length = checkBlock(position);
            if (length <= 0)
            {
                break;
            }
            blocks++;

            final boolean swapped = this.swapped;
            final int type = swap(file.get(INT_LE, position + BLOCK_TYPE_OFFSET), swapped);
            if (type == ENHANCED_PACKET_BLOCK_TYPE || type == OBSOLETE_PACKET_BLOCK_TYPE)
            {
                final long capturedLength = unsignedInt(file, position + EPB_CAPTURED_LENGTH_OFFSET, swapped);
                if (capturedLength > MAX_CAPTURED_LENGTH)
                {
                    stopAt(PcapFileDefect.ABSURD_CAPTURED_LENGTH, position);
                    break;
                }
                if (capturedLength > length - EPB_MIN_LENGTH)
                {
                    stopAt(PcapFileDefect.PACKET_EXCEEDS_BLOCK, position);
                    break;
                }
                final long interfaceId = type == ENHANCED_PACKET_BLOCK_TYPE ?
                    unsignedInt(file, position + EPB_INTERFACE_ID_OFFSET, swapped) :
                    unsignedShort(file, position + OPB_INTERFACE_ID_OFFSET, swapped);
                if (interfaceId >= interfaceCount || interfaceLinkTypes[(int)interfaceId] != linkType)
                {
                    skippedPackets++;
                }
                else
                {
                    final long units = (unsignedInt(file, position + EPB_TIMESTAMP_HIGH_OFFSET, swapped) << 32) |
                        unsignedInt(file, position + EPB_TIMESTAMP_LOW_OFFSET, swapped);
                    timestamp = timestampNanos((int)interfaceId, units);
                    if (frames == 0)
                    {
                        firstTimestamp = timestamp;
                    }
                    final long originalLength = unsignedInt(file, position + EPB_ORIGINAL_LENGTH_OFFSET, swapped);
                    final int wireLength = wireLength(originalLength, capturedLength);
                    handler.onFrame(file, position + EPB_DATA_OFFSET, (int)capturedLength, wireLength, timestamp);
                    wireBytes += wireLength;
                    frames++;
                }
            }
            else if (type == SIMPLE_PACKET_BLOCK_TYPE)
            {
                if (interfaceCount == 0 || interfaceLinkTypes[0] != linkType)
                {
                    skippedPackets++;
                }
                else
                {
                    final long originalLength = unsignedInt(file, position + SPB_ORIGINAL_LENGTH_OFFSET, swapped);
                    long capturedLength = Math.min(originalLength, length - SPB_MIN_LENGTH);
                    final int interfaceSnapLength = interfaceSnapLengths[0];
                    if (interfaceSnapLength > 0)
                    {
                        capturedLength = Math.min(capturedLength, interfaceSnapLength);
                    }
                    if (capturedLength > MAX_CAPTURED_LENGTH)
                    {
                        stopAt(PcapFileDefect.ABSURD_CAPTURED_LENGTH, position);
                        break;
                    }
                    if (frames == 0)
                    {
                        firstTimestamp = timestamp;
                    }
                    final int wireLength = wireLength(originalLength, capturedLength);
                    handler.onFrame(file, position + SPB_DATA_OFFSET, (int)capturedLength, wireLength, timestamp);
                    wireBytes += wireLength;
                    frames++;
                }
            }
            else if (type == INTERFACE_DESCRIPTION_BLOCK_TYPE)
            {
                if (!describeInterface(position, length))
                {
                    break;
                }
            }
            position += length;
        }

        this.position = position;
        account(frames, wireBytes, firstTimestamp, timestamp);
        return frames;
    }

    /**
     * Checks the frame of the block at {@code position}: its header and trailer lie inside the mapping and agree,
     * and its length suits its type. A Section Header Block also sets the byte order and starts a new section.
     *
     * @return the block total length; 0 at the end of the file; -1 after recording a defect.
     */
    private long checkBlock(final long position)
    {
        final MemorySegment file = this.file;
        final long remaining = fileLength - position;
        if (remaining < MIN_BLOCK_LENGTH)
        {
            if (remaining == 0)
            {
                finished = true;
                return 0;
            }
            stopAt(PcapFileDefect.TRUNCATED_HEADER, position);
            return -1;
        }

        // The section header type is a palindrome: it is recognised before the byte order is known.
        final int rawType = file.get(INT_LE, position + BLOCK_TYPE_OFFSET);
        if (rawType == SECTION_HEADER_BLOCK_TYPE)
        {
            final int magic = file.get(INT_LE, position + SHB_BYTE_ORDER_MAGIC_OFFSET);
            if (magic == BYTE_ORDER_MAGIC)
            {
                swapped = false;
            }
            else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC))
            {
                swapped = true;
            }
            else
            {
                stopAt(PcapFileDefect.BAD_SECTION_HEADER, position);
                return -1;
            }
        }

        final boolean swapped = this.swapped;
        final int type = swap(rawType, swapped);
        final long length = unsignedInt(file, position + BLOCK_TOTAL_LENGTH_OFFSET, swapped);
        if (length < minimumLength(type) || (length & 3) != 0)
        {
            stopAt(PcapFileDefect.BAD_BLOCK_LENGTH, position);
            return -1;
        }
        if (length > remaining)
        {
            stopAt(PcapFileDefect.TRUNCATED_RECORD, position);
            return -1;
        }
        if (unsignedInt(file, position + length - BLOCK_TRAILER_LENGTH, swapped) != length)
        {
            stopAt(PcapFileDefect.BAD_BLOCK_TRAILER, position);
            return -1;
        }

        if (type == SECTION_HEADER_BLOCK_TYPE)
        {
            if (unsignedShort(file, position + SHB_MAJOR_VERSION_OFFSET, swapped) != SHB_MAJOR_VERSION)
            {
                stopAt(PcapFileDefect.BAD_SECTION_HEADER, position);
                return -1;
            }
            interfaceCount = 0;
            sections++;
        }
        return length;
    }

    /**
     * Records the interface described by the block at {@code position}, after checking its options.
     *
     * @return false after recording a defect.
     */
    private boolean describeInterface(final long position, final long length)
    {
        final MemorySegment file = this.file;
        final boolean swapped = this.swapped;
        final long optionsEnd = position + length - BLOCK_TRAILER_LENGTH;
        int resolution = IF_TSRESOL_DEFAULT;
        long offsetSeconds = 0;

        long option = position + IDB_OPTIONS_OFFSET;
        while (optionsEnd - option >= OPTION_HEADER_LENGTH)
        {
            final int code = unsignedShort(file, option + OPTION_CODE_OFFSET, swapped);
            final int valueLength = unsignedShort(file, option + OPTION_LENGTH_OFFSET, swapped);
            if (code == OPT_ENDOFOPT)
            {
                break;
            }
            final long next = option + OPTION_HEADER_LENGTH + align32(valueLength);
            if (next > optionsEnd)
            {
                stopAt(PcapFileDefect.BAD_OPTION, option);
                return false;
            }
            if (code == IF_TSRESOL && valueLength >= 1)
            {
                resolution = file.get(ValueLayout.JAVA_BYTE, option + OPTION_VALUE_OFFSET) & 0xFF;
            }
            else if (code == IF_TSOFFSET && valueLength >= 8)
            {
                offsetSeconds = signedLong(file, option + OPTION_VALUE_OFFSET, swapped);
            }
            option = next;
        }

        final int mode;
        final long parameter;
        if ((resolution & IF_TSRESOL_BINARY_FLAG) != 0)
        {
            final int shift = resolution & ~IF_TSRESOL_BINARY_FLAG;
            if (shift > 63)
            {
                stopAt(PcapFileDefect.BAD_OPTION, position);
                return false;
            }
            mode = shift == 0 ? TIMESTAMP_MULTIPLY : TIMESTAMP_BINARY;
            parameter = shift == 0 ? NANOS_PER_SECOND : shift;
        }
        else if (resolution <= 9)
        {
            mode = TIMESTAMP_MULTIPLY;
            parameter = powerOfTen(9 - resolution);
        }
        else if (resolution <= 19)
        {
            // 10^19 units per second still fits an unsigned 64-bit counter; finer units cannot be represented.
            mode = TIMESTAMP_DIVIDE;
            parameter = powerOfTen(resolution - 9);
        }
        else
        {
            stopAt(PcapFileDefect.BAD_OPTION, position);
            return false;
        }

        final int interfaceLinkType = unsignedShort(file, position + IDB_LINK_TYPE_OFFSET, swapped);
        if (linkType >= 0 && interfaceLinkType != linkType && foreignLinkType < 0)
        {
            foreignLinkType = interfaceLinkType;
        }
        final int index = interfaceCount;
        if (index < MAX_INTERFACES)
        {
            interfaceLinkTypes[index] = interfaceLinkType;
            interfaceSnapLengths[index] = (int)Math.min(
                unsignedInt(file, position + IDB_SNAP_LENGTH_OFFSET, swapped), Integer.MAX_VALUE);
            timestampModes[index] = mode;
            timestampParameters[index] = parameter;
            timestampOffsetNanos[index] = offsetSeconds * NANOS_PER_SECOND;
            interfaceCount = index + 1;
        }
        return true;
    }

    private long timestampNanos(final int interfaceId, final long units)
    {
        final long parameter = timestampParameters[interfaceId];
        final long nanos = switch (timestampModes[interfaceId])
        {
            case TIMESTAMP_MULTIPLY -> units * parameter;
            case TIMESTAMP_DIVIDE -> Long.divideUnsigned(units, parameter);
            default -> binaryUnitsToNanos(units, (int)parameter);
        };
        return nanos + timestampOffsetNanos[interfaceId];
    }

    /**
     * Converts a count of 2^-shift second units to nanoseconds, truncating. The fraction times 10^9 can need up
     * to 94 bits, so it is formed as a 128-bit product and shifted.
     */
    static long binaryUnitsToNanos(final long units, final int shift)
    {
        final long seconds = units >>> shift;
        final long fraction = units & ((1L << shift) - 1);
        final long low = fraction * NANOS_PER_SECOND;
        final long high = Math.unsignedMultiplyHigh(fraction, NANOS_PER_SECOND);
        final long fractionNanos = (low >>> shift) | (high << (64 - shift));
        return seconds * NANOS_PER_SECOND + fractionNanos;
    }

    private static boolean isPacketBlock(final int type)
    {
        return type == ENHANCED_PACKET_BLOCK_TYPE || type == SIMPLE_PACKET_BLOCK_TYPE ||
            type == OBSOLETE_PACKET_BLOCK_TYPE;
    }

    private static long minimumLength(final int type)
    {
        return switch (type)
        {
            case SECTION_HEADER_BLOCK_TYPE -> SHB_MIN_LENGTH;
            case INTERFACE_DESCRIPTION_BLOCK_TYPE -> IDB_MIN_LENGTH;
            case ENHANCED_PACKET_BLOCK_TYPE, OBSOLETE_PACKET_BLOCK_TYPE -> EPB_MIN_LENGTH;
            case SIMPLE_PACKET_BLOCK_TYPE -> SPB_MIN_LENGTH;
            default -> MIN_BLOCK_LENGTH;
        };
    }

    private static long powerOfTen(final int exponent)
    {
        long value = 1;
        for (int i = 0; i < exponent; i++)
        {
            value *= 10;
        }
        return value;
    }
}
