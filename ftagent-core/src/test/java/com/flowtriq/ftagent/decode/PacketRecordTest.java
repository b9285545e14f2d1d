package com.flowtriq.ftagent.decode;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

class PacketRecordTest
{
    @Test
    void shouldWriteTheSameBytesWithFieldsAsWithTheSetters()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final UnsafeBuffer bySetters = new UnsafeBuffer(new byte[3 * LENGTH]);
        final UnsafeBuffer byFields = new UnsafeBuffer(new byte[3 * LENGTH]);
        final PacketRecord record = new PacketRecord();
        for (int i = 0; i < 10_000; i++)
        {
            final long timestamp = random.nextLong();
            final long src = random.nextLong();
            final int dst = random.nextInt();
            final int srcPort = random.nextInt();
            final int dstPort = random.nextInt();
            // Negative, in range and saturating lengths.
            final int wireLength = random.nextInt(-70_000, 140_000);
            final int protocol = random.nextInt();
            final int tcpFlags = random.nextInt();
            final int word = random.nextInt();

            record.wrap(bySetters, LENGTH).timestampNanos(timestamp).srcAddress(src).dstAddress(dst).srcPort(srcPort)
                .dstPort(dstPort).wireLength(wireLength).protocol(protocol).tcpFlags(tcpFlags).packedWord(word);
            record.wrap(byFields, LENGTH).fields(
                timestamp, src, dst, srcPort, dstPort, wireLength, protocol, tcpFlags, word);

            for (int b = 0; b < 3 * LENGTH; b++)
            {
                assertEquals(bySetters.getByte(b), byFields.getByte(b), "byte " + b + " of case " + i);
            }
            record.wrapForRead(byFields, LENGTH);
            assertEquals(Math.min(wireLength, 0xFFFF) & 0xFFFF, record.wireLength());
            assertEquals(srcPort & 0xFFFF, record.srcPort());
            assertEquals(word, record.packedWord());
        }
    }

    @Test
    void shouldWriteTheSameBytesIntoOffHeapAndExpandableBuffersAsIntoAnArray()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final UnsafeBuffer array = new UnsafeBuffer(new byte[3 * LENGTH]);
        final UnsafeBuffer offHeap = new UnsafeBuffer(ByteBuffer.allocateDirect(3 * LENGTH));
        final ExpandableArrayBuffer expandable = new ExpandableArrayBuffer(LENGTH);
        for (int i = 0; i < 1_000; i++)
        {
            final long timestamp = random.nextLong();
            final long src = random.nextLong();
            final int dst = random.nextInt();
            final int word = random.nextInt();
            for (final MutableDirectBuffer buffer : new MutableDirectBuffer[]{ array, offHeap, expandable })
            {
                PacketRecord.write(buffer, LENGTH, timestamp, src, dst, 53, 40000, 1514, 17, 0, word);
            }
            for (int b = LENGTH; b < 2 * LENGTH; b++)
            {
                assertEquals(array.getByte(b), offHeap.getByte(b), "off-heap byte " + b + " of case " + i);
                assertEquals(array.getByte(b), expandable.getByte(b), "expandable byte " + b + " of case " + i);
            }
            final PacketRecord record = new PacketRecord().wrapForRead(offHeap, LENGTH);
            assertEquals(timestamp, record.timestampNanos());
            assertEquals(src, record.srcAddress());
            assertEquals(dst & 0xFFFF_FFFFL, record.dstAddress());
            assertEquals(40000, record.dstPort());
            assertEquals(word, record.packedWord());
        }
    }

    @Test
    void shouldRefuseToWriteARecordThatDoesNotFitAndLeaveTheBufferAlone()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2 * LENGTH]);
        buffer.setMemory(0, 2 * LENGTH, (byte)0x5A);

        assertThrows(IndexOutOfBoundsException.class,
            () -> PacketRecord.write(buffer, LENGTH + 1, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThrows(IndexOutOfBoundsException.class,
            () -> PacketRecord.write(buffer, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        for (int b = 0; b < 2 * LENGTH; b++)
        {
            assertEquals((byte)0x5A, buffer.getByte(b), "byte " + b);
        }

        PacketRecord.write(buffer, LENGTH, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertEquals(9, new PacketRecord().wrapForRead(buffer, LENGTH).packedWord());
    }
}
