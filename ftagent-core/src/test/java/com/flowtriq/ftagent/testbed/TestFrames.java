package com.flowtriq.ftagent.testbed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds numbered Ethernet/IPv4/UDP frames for capture tests, and reads the number back from a captured frame.
 *
 * <pre>
 *  0               14                    34          42                46                   50
 *  +---------------+---------------------+-----------+-----------------+--------------------+---------+
 *  | dst, src MAC, | IPv4 header         | UDP       | MAGIC           | sequence number    | zero    |
 *  | type 0x0800   | (20 bytes, csum ok) | (csum 0)  | 0x46544147 FTAG | (big-endian int)   | padding |
 *  +---------------+---------------------+-----------+-----------------+--------------------+---------+
 * </pre>
 *
 * <p>The destination address is {@link #UNROUTED_DESTINATION}: inside the 198.18.0.0/15 test range but on no
 * test link, so the receiving namespace, which does not forward, drops the packet quietly: no ICMP reply appears
 * on the capture. The source port varies with the sequence number, so a flow-hash fanout spreads the frames.
 */
public final class TestFrames
{
    /** Marks a frame built here. */
    public static final int MAGIC = 0x4654_4147;
    /** Offset of {@link #MAGIC} in a frame. */
    public static final int MAGIC_OFFSET = 42;
    /** Offset of the sequence number in a frame. */
    public static final int SEQUENCE_OFFSET = 46;
    /** Shortest frame built here: headers, magic and sequence number. */
    public static final int MIN_LENGTH = 50;
    /** Longest frame built here: a full 1500-byte IPv4 packet. */
    public static final int MAX_LENGTH = 1514;
    /** 198.19.255.254: in the benchmarking range, routed nowhere in a test namespace. */
    public static final byte[] UNROUTED_DESTINATION = { (byte)198, (byte)19, (byte)255, (byte)254 };

    private static final ValueLayout.OfInt INT_BIG_ENDIAN =
        ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private TestFrames()
    {
    }

    /**
     * One numbered UDP frame.
     *
     * @param bed      gives the MAC and source addresses (tx to rx).
     * @param sequence the number carried in the payload.
     * @param length   the frame length, {@link #MIN_LENGTH}..{@link #MAX_LENGTH}.
     * @return the frame bytes.
     */
    public static byte[] udp(final NetnsTestBed bed, final int sequence, final int length)
    {
        if (length < MIN_LENGTH || length > MAX_LENGTH)
        {
            throw new IllegalArgumentException("length=" + length + " must be " + MIN_LENGTH + ".." + MAX_LENGTH);
        }
        final ByteBuffer frame = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
        frame.put(bed.rxMac()).put(bed.txMac()).putShort((short)0x0800);

        final int ipLength = length - 14;
        frame.put((byte)0x45).put((byte)0).putShort((short)ipLength)
            .putShort((short)sequence).putShort((short)0x4000) // id, DF
            .put((byte)64).put((byte)17).putShort((short)0)    // ttl, UDP, checksum filled below
            .put(bed.txAddressBytes()).put(UNROUTED_DESTINATION);
        frame.putShort(24, ipv4Checksum(frame.array(), 14, 20));

        frame.putShort((short)(10_000 + (sequence & 0x7FFF))).putShort((short)9)
            .putShort((short)(ipLength - 20)).putShort((short)0);
        frame.putInt(MAGIC).putInt(sequence);
        return frame.array();
    }

    /**
     * {@code count} numbered frames, numbers 0..count-1, with lengths cycling through
     * {@link #MIN_LENGTH}..{@link #MAX_LENGTH} in uneven steps so the byte total checks every length.
     */
    public static List<byte[]> udpSequence(final NetnsTestBed bed, final int count)
    {
        final List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            frames.add(udp(bed, i, lengthOf(i)));
        }
        return frames;
    }

    /**
     * The length {@link #udpSequence} gives frame {@code sequence}.
     */
    public static int lengthOf(final int sequence)
    {
        return MIN_LENGTH + (int)((sequence * 97L) % (MAX_LENGTH - MIN_LENGTH + 1));
    }

    /**
     * @return the sum of the frame lengths of {@link #udpSequence(NetnsTestBed, int)}.
     */
    public static long totalLength(final List<byte[]> frames)
    {
        long total = 0;
        for (final byte[] frame : frames)
        {
            total += frame.length;
        }
        return total;
    }

    /**
     * Reads the sequence number of a captured frame built here. Allocation free, for use in a frame handler.
     *
     * @return the number, or -1 if the frame is too short or not built here.
     */
    public static int sequenceOf(final MemorySegment frame, final long offset, final int capturedLength)
    {
        if (capturedLength < MIN_LENGTH || MAGIC != frame.get(INT_BIG_ENDIAN, offset + MAGIC_OFFSET))
        {
            return -1;
        }
        return frame.get(INT_BIG_ENDIAN, offset + SEQUENCE_OFFSET);
    }

    private static short ipv4Checksum(final byte[] bytes, final int offset, final int length)
    {
        long sum = 0;
        for (int i = 0; i < length; i += 2)
        {
            sum += ((bytes[offset + i] & 0xFF) << 8) | (bytes[offset + i + 1] & 0xFF);
        }
        while (0 != (sum >>> 16))
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (short)~sum;
    }
}
