package com.flowtriq.ftagent.count;

import com.flowtriq.ftagent.decode.PacketRecord;
import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.*;

/**
 * Test input: a growable list of packet records written with the {@link PacketRecord} flyweight, replayed into
 * counters or publishers. Test code only (allocates while building).
 */
final class RecordStream
{
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;
    static final int GRE = 47;

    private final PacketRecord record = new PacketRecord();
    private UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * LENGTH]);
    private int count;

    int count()
    {
        return count;
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    static int offset(final int index)
    {
        return index * LENGTH;
    }

    RecordStream add(
        final int times,
        final int family,
        final long src,
        final int dst,
        final int ipProtocol,
        final int srcPort,
        final int dstPort,
        final int tcpFlags,
        final int wireLength,
        final int ttl)
    {
        return addWord(times, family, src, dst, ipProtocol, srcPort, dstPort, tcpFlags, wireLength,
            PacketRecord.packWord(ttl, family, FRAG_NONE, false, false, REASON_OK, 0));
    }

    RecordStream add(
        final int times,
        final int family,
        final long src,
        final int dst,
        final int ipProtocol,
        final int srcPort,
        final int dstPort,
        final int tcpFlags,
        final int wireLength,
        final int ttl,
        final int fragmentState,
        final boolean gre,
        final int reason)
    {
        return addWord(times, family, src, dst, ipProtocol, srcPort, dstPort, tcpFlags, wireLength,
            PacketRecord.packWord(ttl, family, fragmentState, gre, false, reason, 0));
    }

    RecordStream addWord(
        final int times,
        final int family,
        final long src,
        final int dst,
        final int ipProtocol,
        final int srcPort,
        final int dstPort,
        final int tcpFlags,
        final int wireLength,
        final int word)
    {
        for (int i = 0; i < times; i++)
        {
            ensureRoom();
            record.wrap(buffer, offset(count++))
                .timestampNanos(1_700_000_000_000_000_000L + count)
                .srcAddress(src)
                .dstAddress(dst)
                .srcPort(srcPort)
                .dstPort(dstPort)
                .wireLength(wireLength)
                .protocol(ipProtocol)
                .tcpFlags(tcpFlags)
                .packedWord(word);
        }

        return this;
    }

    /** An IPv4 TCP segment. */
    RecordStream tcp4(final int times, final long src, final int dst, final int dstPort, final int flags, final int length)
    {
        return add(times, FAMILY_IPV4, src, dst, TCP, 40_000, dstPort, flags, length, 64);
    }

    /** An IPv4 UDP datagram. */
    RecordStream udp4(final int times, final long src, final int dst, final int srcPort, final int dstPort, final int length)
    {
        return add(times, FAMILY_IPV4, src, dst, UDP, srcPort, dstPort, 0, length, 57);
    }

    void countInto(final TrafficCounters counters)
    {
        for (int i = 0; i < count; i++)
        {
            counters.count(buffer, offset(i));
        }
    }

    /** Publishes every record; returns how many were taken. */
    int publishTo(final RecordPublisher publisher)
    {
        return publishTo(publisher, 0, count);
    }

    int publishTo(final RecordPublisher publisher, final int from, final int to)
    {
        int taken = 0;
        for (int i = from; i < to; i++)
        {
            taken += publisher.publish(buffer, offset(i)) ? 1 : 0;
        }

        return taken;
    }

    private void ensureRoom()
    {
        if ((count + 1) * PacketRecordDescriptor.LENGTH > buffer.capacity())
        {
            final byte[] bigger = new byte[buffer.capacity() * 2];
            buffer.getBytes(0, bigger, 0, buffer.capacity());
            buffer = new UnsafeBuffer(bigger);
        }
    }
}
