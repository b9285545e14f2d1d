package com.flowtriq.ftagent.decode;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

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
}
