package com.flowtriq.ftagent.decode;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Runs test frames through a {@link FrameDecoder} the way capture presents them: the frame is copied into
 * off-heap memory behind a few bytes of unrelated data, and the decoder gets a segment that ends exactly at the
 * captured length, so any read past the frame throws {@link IndexOutOfBoundsException} and fails the test.
 */
final class DecodeHarness implements AutoCloseable
{
    static final long TIMESTAMP_NANOS = 1_700_000_000_123_456_789L;

    /** Bytes before the frame, filled with a pattern, so that the frame does not start at offset 0. */
    private static final int HEADROOM = 24;
    private static final int MAX_FRAME = 70_000;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment memory = arena.allocate(HEADROOM + MAX_FRAME, 64);
    private final UnsafeBuffer recordBuffer = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
    private final PacketRecord record = new PacketRecord();
    private final FrameDecoder decoder;

    DecodeHarness(final int linkType)
    {
        this(new FrameDecoder(linkType));
    }

    DecodeHarness(final FrameDecoder decoder)
    {
        this.decoder = decoder;
        for (int i = 0; i < HEADROOM; i++)
        {
            memory.set(ValueLayout.JAVA_BYTE, i, (byte)0xA5);
        }
    }

    FrameDecoder decoder()
    {
        return decoder;
    }

    DecodeCounters counters()
    {
        return decoder.counters();
    }

    /** Decodes a complete frame (wire length = captured length) at the default timestamp. */
    PacketRecord decode(final byte[] frame)
    {
        return decode(frame, frame.length, frame.length, TIMESTAMP_NANOS);
    }

    /** Decodes the first {@code capturedLength} bytes of a frame that was {@code wireLength} bytes on the wire. */
    PacketRecord decode(final byte[] frame, final int capturedLength, final int wireLength, final long timestampNanos)
    {
        MemorySegment.copy(frame, 0, memory, ValueLayout.JAVA_BYTE, HEADROOM, capturedLength);
        final MemorySegment exact = memory.asSlice(0, HEADROOM + capturedLength);
        // Poison the record so that a field the decoder forgets to write shows up.
        recordBuffer.setMemory(0, PacketRecordDescriptor.LENGTH, (byte)0x5A);
        final int reason = decoder.decode(
            exact, HEADROOM, capturedLength, wireLength, timestampNanos, recordBuffer, 0);
        record.wrapForRead(recordBuffer, 0);
        if (reason != record.reason())
        {
            throw new AssertionError("returned reason " + reason + " but record holds " + record.reason());
        }
        return record;
    }

    static DecodeEvent event(final PacketRecord record)
    {
        return DecodeEvent.fromReason(record.reason());
    }

    /** An IPv4 literal as the record stores it: the address as an unsigned 32-bit value. */
    static long ipv4(final String literal)
    {
        final String[] parts = literal.split("\\.");
        long value = 0;
        for (final String part : parts)
        {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    /** The two big-endian halves of an IPv6 literal. */
    static long[] ipv6Halves(final String literal)
    {
        final byte[] bytes = java.net.InetAddress.ofLiteral(literal).getAddress();
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++)
        {
            high = (high << 8) | (bytes[i] & 0xFF);
            low = (low << 8) | (bytes[8 + i] & 0xFF);
        }
        return new long[]{ high, low };
    }

    static long ipv6SourceDigest(final String literal)
    {
        final long[] halves = ipv6Halves(literal);
        return Ipv6Digest.source(halves[0], halves[1]);
    }

    static long ipv6DestinationDigest(final String literal)
    {
        final long[] halves = ipv6Halves(literal);
        return Integer.toUnsignedLong(Ipv6Digest.destination(halves[0], halves[1]));
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
