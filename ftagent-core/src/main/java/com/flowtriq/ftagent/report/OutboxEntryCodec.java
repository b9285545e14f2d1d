package com.flowtriq.ftagent.report;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The on-disk form of one {@link OutboxEntry}, one entry per file. Big-endian:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        MAGIC 'FTOB'                           |  0
 *  +---------------+---------------+-------------------------------+
 *  |    VERSION    |     KIND      |       CHANNEL LENGTH          |  4
 *  +---------------+---------------+-------------------------------+
 *  |                CHANNEL (UTF-8) ...                          ...
 *  +-------------------------------+-------------------------------+
 *  |      INCIDENT ID LENGTH       |  INCIDENT ID (UTF-8) ...    ...
 *  +-------------------------------+-------------------------------+
 *  |                       SEQUENCE (64 bits)                      |
 *  |                   CREATED AT MILLIS (64 bits)                 |
 *  +---------------------------------------------------------------+
 *  |                         BODY LENGTH                           |
 *  |                         BODY ...                            ...
 *  +---------------------------------------------------------------+
 *  |               CRC32 of every preceding byte                   |
 *  +---------------------------------------------------------------+
 * </pre>
 * The CRC makes a torn write (power loss between write and fsync) detectable: such a file decodes to null and is
 * set aside, never delivered half.
 */
public final class OutboxEntryCodec
{
    public static final int MAGIC = 0x46544F42;
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int KIND_OFFSET = 5;
    public static final int CHANNEL_LENGTH_OFFSET = 6;
    public static final int CHANNEL_OFFSET = 8;
    /** Bytes of the fixed fields: header, two lengths, sequence, created-at, body length and CRC. */
    public static final int FIXED_LENGTH = 8 + 2 + 8 + 8 + 4 + 4;
    public static final int MAX_STRING_LENGTH = 0xFFFF;

    private OutboxEntryCodec()
    {
    }

    /**
     * @param entry to encode.
     * @return the file content.
     */
    public static byte[] encode(final OutboxEntry entry)
    {
        final byte[] channel = entry.channel().getBytes(StandardCharsets.UTF_8);
        final byte[] incident = entry.incidentId().getBytes(StandardCharsets.UTF_8);
        if (channel.length > MAX_STRING_LENGTH || incident.length > MAX_STRING_LENGTH)
        {
            throw new IllegalArgumentException("channel or incident id longer than " + MAX_STRING_LENGTH + " bytes");
        }
        final byte[] body = entry.body();
        final ByteBuffer buffer = ByteBuffer.allocate(FIXED_LENGTH + channel.length + incident.length + body.length)
            .order(ByteOrder.BIG_ENDIAN);
        buffer.putInt(MAGIC);
        buffer.put((byte)VERSION);
        buffer.put((byte)entry.kind().ordinal());
        buffer.putShort((short)channel.length);
        buffer.put(channel);
        buffer.putShort((short)incident.length);
        buffer.put(incident);
        buffer.putLong(entry.sequence());
        buffer.putLong(entry.createdAtMillis());
        buffer.putInt(body.length);
        buffer.put(body);
        final CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int)crc.getValue());
        return buffer.array();
    }

    /**
     * @param bytes file content.
     * @return the entry, or null if the content is truncated, corrupt or of an unknown version or kind.
     */
    public static OutboxEntry decode(final byte[] bytes)
    {
        if (bytes.length < FIXED_LENGTH)
        {
            return null;
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        try
        {
            if (buffer.getInt(MAGIC_OFFSET) != MAGIC || (buffer.get(VERSION_OFFSET) & 0xFF) != VERSION)
            {
                return null;
            }
            final OutboxEntryKind kind = OutboxEntryKind.fromOrdinal(buffer.get(KIND_OFFSET) & 0xFF);
            if (kind == null)
            {
                return null;
            }
            buffer.position(CHANNEL_LENGTH_OFFSET);
            final String channel = readString(buffer);
            final String incident = readString(buffer);
            final long sequence = buffer.getLong();
            final long createdAt = buffer.getLong();
            final long bodyLength = Integer.toUnsignedLong(buffer.getInt());
            if (bodyLength != buffer.remaining() - 4L)
            {
                return null;
            }
            final byte[] body = new byte[(int)bodyLength];
            buffer.get(body);
            final int crcPosition = buffer.position();
            final CRC32 crc = new CRC32();
            crc.update(bytes, 0, crcPosition);
            if ((int)crc.getValue() != buffer.getInt())
            {
                return null;
            }
            return new OutboxEntry(sequence, kind, channel, incident, createdAt, body);
        }
        catch (final BufferUnderflowException | IndexOutOfBoundsException ex)
        {
            return null;
        }
    }

    private static String readString(final ByteBuffer buffer)
    {
        final int length = buffer.getShort() & 0xFFFF;
        final byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
