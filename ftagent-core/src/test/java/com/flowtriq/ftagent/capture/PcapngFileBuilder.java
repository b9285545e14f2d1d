package com.flowtriq.ftagent.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes pcapng test files block by block, written from the pcapng specification independently of the reader's
 * descriptor (its output is also checked with tcpdump). Each section is in the byte order given to
 * {@link #section(ByteOrder)}; every block body and option is padded to 32 bits; packet blocks carry a comment
 * option after the data so that readers must use the lengths, not the block end, to find the frame.
 */
final class PcapngFileBuilder
{
    static final int NO_TSRESOL = -1;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    /** Starts a section: Section Header Block with a shb_userappl option. */
    PcapngFileBuilder section(final ByteOrder order)
    {
        this.order = order;
        final byte[] application = "ftagent-test".getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer body = body(16 + option(application.length) + 4);
        body.putInt(0x1A2B3C4D).putShort((short)1).putShort((short)0).putLong(-1L);
        putOption(body, 4, application);
        body.putInt(0);
        return block(0x0A0D0D0A, body);
    }

    /** Interface Description Block with if_name, and if_tsresol / if_tsoffset when given. */
    PcapngFileBuilder interfaceDescription(
        final int linkType, final int snapLength, final int tsresol, final long tsoffsetSeconds)
    {
        final byte[] name = "veth0".getBytes(StandardCharsets.US_ASCII);
        final int options = option(name.length) + (tsresol >= 0 ? option(1) : 0) +
            (tsoffsetSeconds != 0 ? option(8) : 0) + 4;
        final ByteBuffer body = body(8 + options);
        body.putShort((short)linkType).putShort((short)0).putInt(snapLength);
        putOption(body, 2, name);
        if (tsresol >= 0)
        {
            putOption(body, 9, new byte[]{(byte)tsresol});
        }
        if (tsoffsetSeconds != 0)
        {
            putOption(body, 14, ByteBuffer.allocate(8).order(order).putLong(tsoffsetSeconds).array());
        }
        body.putInt(0);
        return block(1, body);
    }

    /** Enhanced Packet Block; the first {@code capturedLength} bytes of {@code frame} are stored. */
    PcapngFileBuilder enhancedPacket(
        final int interfaceId, final long units, final byte[] frame, final int capturedLength, final int originalLength)
    {
        final byte[] comment = "epb".getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer body = body(20 + padded(capturedLength) + option(comment.length) + 4);
        body.putInt(interfaceId).putInt((int)(units >>> 32)).putInt((int)units)
            .putInt(capturedLength).putInt(originalLength);
        putPadded(body, frame, capturedLength);
        putOption(body, 1, comment);
        body.putInt(0);
        return block(6, body);
    }

    /** Obsolete Packet Block (16-bit interface id and drops count). */
    PcapngFileBuilder obsoletePacket(
        final int interfaceId, final long units, final byte[] frame, final int capturedLength, final int originalLength)
    {
        final ByteBuffer body = body(20 + padded(capturedLength));
        body.putShort((short)interfaceId).putShort((short)0).putInt((int)(units >>> 32)).putInt((int)units)
            .putInt(capturedLength).putInt(originalLength);
        putPadded(body, frame, capturedLength);
        return block(2, body);
    }

    /** Simple Packet Block holding {@code storedLength} bytes of {@code frame}. */
    PcapngFileBuilder simplePacket(final byte[] frame, final int storedLength, final int originalLength)
    {
        final ByteBuffer body = body(4 + padded(storedLength));
        body.putInt(originalLength);
        putPadded(body, frame, storedLength);
        return block(3, body);
    }

    /** A block of a type the reader does not know, with a body of {@code bodyLength} bytes (a multiple of 4). */
    PcapngFileBuilder otherBlock(final int type, final int bodyLength)
    {
        final ByteBuffer body = body(bodyLength);
        for (int i = 0; i < bodyLength; i++)
        {
            body.put((byte)0xEE);
        }
        return block(type, body);
    }

    byte[] toByteArray()
    {
        return out.toByteArray();
    }

    private ByteBuffer body(final int length)
    {
        return ByteBuffer.allocate(length).order(order);
    }

    private PcapngFileBuilder block(final int type, final ByteBuffer body)
    {
        if (body.hasRemaining())
        {
            throw new IllegalStateException("block body not filled: " + body.remaining() + " bytes left");
        }
        final int total = 12 + body.capacity();
        final ByteBuffer block = ByteBuffer.allocate(total).order(order);
        block.putInt(type).putInt(total).put(body.array()).putInt(total);
        out.writeBytes(block.array());
        return this;
    }

    private static int padded(final int length)
    {
        return (length + 3) & ~3;
    }

    private static int option(final int valueLength)
    {
        return 4 + padded(valueLength);
    }

    private static void putOption(final ByteBuffer body, final int code, final byte[] value)
    {
        body.putShort((short)code).putShort((short)value.length);
        putPadded(body, value, value.length);
    }

    private static void putPadded(final ByteBuffer body, final byte[] bytes, final int length)
    {
        body.put(bytes, 0, length);
        for (int i = length; i < padded(length); i++)
        {
            body.put((byte)0);
        }
    }
}
