package com.flowtriq.ftagent.decode;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.*;

/**
 * Flyweight over one {@link PacketRecordDescriptor 32-byte packet record} in a buffer (a ring-buffer slot
 * or a scratch buffer). Wrap, then read or write; no allocation. Not thread-safe: one per thread.
 */
public final class PacketRecord
{
    private DirectBuffer readBuffer;
    private MutableDirectBuffer writeBuffer;
    private int offset;

    /** Points this flyweight at a record for reading and writing. */
    public PacketRecord wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.readBuffer = buffer;
        this.writeBuffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Points this flyweight at a record for reading only. */
    public PacketRecord wrapForRead(final DirectBuffer buffer, final int offset)
    {
        this.readBuffer = buffer;
        this.writeBuffer = null;
        this.offset = offset;
        return this;
    }

    public int offset()
    {
        return offset;
    }

    public long timestampNanos()
    {
        return readBuffer.getLong(offset + TIMESTAMP_OFFSET);
    }

    public long srcAddress()
    {
        return readBuffer.getLong(offset + SRC_ADDRESS_OFFSET);
    }

    /** IPv4 destination as an unsigned 32-bit value in a long, or the 32-bit IPv6 digest. */
    public long dstAddress()
    {
        return readBuffer.getInt(offset + DST_ADDRESS_OFFSET) & 0xFFFF_FFFFL;
    }

    public int srcPort()
    {
        return readBuffer.getShort(offset + SRC_PORT_OFFSET) & 0xFFFF;
    }

    public int dstPort()
    {
        return readBuffer.getShort(offset + DST_PORT_OFFSET) & 0xFFFF;
    }

    public int wireLength()
    {
        return readBuffer.getShort(offset + WIRE_LENGTH_OFFSET) & 0xFFFF;
    }

    public int protocol()
    {
        return readBuffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
    }

    public int tcpFlags()
    {
        return readBuffer.getByte(offset + TCP_FLAGS_OFFSET) & 0xFF;
    }

    public int packedWord()
    {
        return readBuffer.getInt(offset + PACKED_WORD_OFFSET);
    }

    public int ttl()
    {
        return (packedWord() >>> TTL_SHIFT) & TTL_MASK;
    }

    public int family()
    {
        return (packedWord() >>> FAMILY_SHIFT) & FAMILY_MASK;
    }

    public int fragmentState()
    {
        return (packedWord() >>> FRAG_SHIFT) & FRAG_MASK;
    }

    public boolean greEncapsulated()
    {
        return (packedWord() & GRE_BIT) != 0;
    }

    public boolean portsFromFragmentTable()
    {
        return (packedWord() & FRAG_PORTS_BIT) != 0;
    }

    public int reason()
    {
        return (packedWord() >>> REASON_SHIFT) & REASON_MASK;
    }

    public int vlan()
    {
        return (packedWord() >>> VLAN_SHIFT) & VLAN_MASK;
    }

    public PacketRecord timestampNanos(final long value)
    {
        writeBuffer.putLong(offset + TIMESTAMP_OFFSET, value);
        return this;
    }

    public PacketRecord srcAddress(final long value)
    {
        writeBuffer.putLong(offset + SRC_ADDRESS_OFFSET, value);
        return this;
    }

    public PacketRecord dstAddress(final int value)
    {
        writeBuffer.putInt(offset + DST_ADDRESS_OFFSET, value);
        return this;
    }

    public PacketRecord srcPort(final int value)
    {
        writeBuffer.putShort(offset + SRC_PORT_OFFSET, (short)value);
        return this;
    }

    public PacketRecord dstPort(final int value)
    {
        writeBuffer.putShort(offset + DST_PORT_OFFSET, (short)value);
        return this;
    }

    /** Stores the wire length, saturating at 65535 (larger frames only come from offloads). */
    public PacketRecord wireLength(final int value)
    {
        writeBuffer.putShort(offset + WIRE_LENGTH_OFFSET, (short)Math.min(value, 0xFFFF));
        return this;
    }

    public PacketRecord protocol(final int value)
    {
        writeBuffer.putByte(offset + PROTOCOL_OFFSET, (byte)value);
        return this;
    }

    public PacketRecord tcpFlags(final int value)
    {
        writeBuffer.putByte(offset + TCP_FLAGS_OFFSET, (byte)value);
        return this;
    }

    public PacketRecord packedWord(final int value)
    {
        writeBuffer.putInt(offset + PACKED_WORD_OFFSET, value);
        return this;
    }

    /**
     * Writes every field of the record at the wrapped offset; see {@link #write}.
     *
     * @return this flyweight.
     */
    public PacketRecord fields(
        final long timestampNanos,
        final long srcAddress,
        final int dstAddress,
        final int srcPort,
        final int dstPort,
        final int wireLength,
        final int protocol,
        final int tcpFlags,
        final int packedWord)
    {
        write(writeBuffer, offset, timestampNanos, srcAddress, dstAddress, srcPort, dstPort, wireLength, protocol,
            tcpFlags, packedWord);
        return this;
    }

    /**
     * Writes every field of a record at {@code offset} in {@code buffer} as three little-endian longs after the
     * timestamp, behind one bounds check for the whole record, for the decoder's hot path, which calls it without
     * wrapping a flyweight (no reference stores per packet); the same bytes as the field setters. The fields are
     * truncated to their widths as the setters do, and the wire length saturates at 65535.
     *
     * @throws IndexOutOfBoundsException if the 32 bytes at {@code offset} are not all inside a non-expandable
     * buffer (caller misuse; nothing is written).
     */
    public static void write(
        final MutableDirectBuffer buffer,
        final int offset,
        final long timestampNanos,
        final long srcAddress,
        final int dstAddress,
        final int srcPort,
        final int dstPort,
        final int wireLength,
        final int protocol,
        final int tcpFlags,
        final int packedWord)
    {
        final long dstAndPorts = (dstAddress & 0xFFFF_FFFFL) |
            ((long)(srcPort & 0xFFFF) << ((SRC_PORT_OFFSET - DST_ADDRESS_OFFSET) * Byte.SIZE)) |
            ((long)(dstPort & 0xFFFF) << ((DST_PORT_OFFSET - DST_ADDRESS_OFFSET) * Byte.SIZE));
        final long tail = (Math.min(wireLength, 0xFFFF) & 0xFFFFL) |
            ((long)(protocol & 0xFF) << ((PROTOCOL_OFFSET - WIRE_LENGTH_OFFSET) * Byte.SIZE)) |
            ((long)(tcpFlags & 0xFF) << ((TCP_FLAGS_OFFSET - WIRE_LENGTH_OFFSET) * Byte.SIZE)) |
            ((packedWord & 0xFFFF_FFFFL) << ((PACKED_WORD_OFFSET - WIRE_LENGTH_OFFSET) * Byte.SIZE));
        if (buffer.isExpandable())
        {
            // An expandable buffer grows on a put past its end, so it keeps the per-put path.
            buffer.putLong(offset + TIMESTAMP_OFFSET, timestampNanos);
            buffer.putLong(offset + SRC_ADDRESS_OFFSET, srcAddress);
            buffer.putLong(offset + DST_ADDRESS_OFFSET, dstAndPorts, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(offset + WIRE_LENGTH_OFFSET, tail, ByteOrder.LITTLE_ENDIAN);
            return;
        }

        // One bounds check for the whole record, always on, instead of one per long (about 4 ns per record on the
        // decoder's hot path); then the four stores as the buffer's own puts make them, at its array or address.
        if (offset < 0 || offset > buffer.capacity() - LENGTH)
        {
            throw new IndexOutOfBoundsException("offset=" + offset + " capacity=" + buffer.capacity());
        }
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset() + offset;
        UnsafeApi.putLong(array, address + TIMESTAMP_OFFSET, timestampNanos);
        UnsafeApi.putLong(array, address + SRC_ADDRESS_OFFSET, srcAddress);
        UnsafeApi.putLong(array, address + DST_ADDRESS_OFFSET, littleEndian(dstAndPorts));
        UnsafeApi.putLong(array, address + WIRE_LENGTH_OFFSET, littleEndian(tail));
    }

    private static long littleEndian(final long value)
    {
        return BufferUtil.NATIVE_BYTE_ORDER == ByteOrder.LITTLE_ENDIAN ? value : Long.reverseBytes(value);
    }

    /** Builds the packed word at offset 28; see {@link PacketRecordDescriptor}. */
    public static int packWord(
        final int ttl,
        final int family,
        final int fragmentState,
        final boolean gre,
        final boolean portsFromFragmentTable,
        final int reason,
        final int vlan)
    {
        return ((ttl & TTL_MASK) << TTL_SHIFT) |
            ((family & FAMILY_MASK) << FAMILY_SHIFT) |
            ((fragmentState & FRAG_MASK) << FRAG_SHIFT) |
            (gre ? GRE_BIT : 0) |
            (portsFromFragmentTable ? FRAG_PORTS_BIT : 0) |
            ((reason & REASON_MASK) << REASON_SHIFT) |
            ((vlan & VLAN_MASK) << VLAN_SHIFT);
    }
}
