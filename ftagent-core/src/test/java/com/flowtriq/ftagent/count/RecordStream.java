package com.flowtriq.ftagent.count;

import com.flowtriq.ftagent.decode.PacketRecord;
import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Random;

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

    /**
     * A mixed stream: mostly TCP (several flag classes), UDP with amplification ports, ICMP, IPv6, fragments, GRE,
     * malformed and non-IP records, from {@code sources} sources (IPv4 and IPv6 digests) to 8 destinations.
     */
    static RecordStream mixed(final int records, final int sources, final long seed)
    {
        return mixed(records, sources, seed, false);
    }

    /**
     * As {@link #mixed(int, int, long)}; with {@code fewPorts} the stream uses fewer than 32 distinct port keys, so
     * that with at most 32 sources every heavy-hitter sketch of the default K is exact.
     */
    static RecordStream mixed(final int records, final int sources, final long seed, final boolean fewPorts)
    {
        final Random random = new Random(seed);
        final RecordStream stream = new RecordStream();
        final int[] tcpFlags = { 0x02, 0x02, 0x12, 0x10, 0x10, 0x18, 0x18, 0x11, 0x14, 0x29, 0x00, 0x20 };
        final int[] udpSrcPorts = { 53, 123, 1900, 11211, 389, 19, 161, 3702, 5353, 1194, 3283, 443, 40_000, 51_000 };
        final int[] lengths = { 60, 64, 66, 90, 128, 200, 300, 576, 1000, 1400, 1500, 1514, 9000 };
        for (int i = 0; i < records; i++)
        {
            final int sourceIndex = random.nextInt(sources);
            final boolean ipv6 = sourceIndex % 10 == 9;
            final int family = ipv6 ? FAMILY_IPV6 : FAMILY_IPV4;
            final long src = ipv6 ? (0x8000_0000_0000_0000L | (sourceIndex * 0x9E37_79B9L)) : 0x0A00_0000L + sourceIndex;
            final int dst = 0xC612_0000 | random.nextInt(8);
            final int length = lengths[random.nextInt(lengths.length)];
            final int ttl = ipv6 ? 64 : 32 + random.nextInt(200);
            final int kind = random.nextInt(100);
            if (kind < 55)
            {
                stream.add(1, family, src, dst, TCP, fewPorts ? 40_000 + random.nextInt(4) : 1024 + random.nextInt(60_000),
                    random.nextInt(4) == 0 ? 443 : 80,
                    tcpFlags[random.nextInt(tcpFlags.length)], length, ttl);
            }
            else if (kind < 85)
            {
                final int fragmentState = kind < 60 ? FRAG_FIRST : kind < 62 ? FRAG_LATER : FRAG_NONE;
                final boolean later = fragmentState == FRAG_LATER;
                stream.add(1, family, src, dst, UDP, later ? 0 : udpSrcPorts[random.nextInt(udpSrcPorts.length)],
                    later ? 0 : random.nextInt(3) == 0 ? 53 : 30_000 + random.nextInt(fewPorts ? 4 : 1000), 0, length, ttl,
                    fragmentState, false, REASON_OK);
            }
            else if (kind < 91)
            {
                stream.add(1, family, src, dst, ipv6 ? ICMPV6 : ICMP, 8, 0, 0, length, ttl);
            }
            else if (kind < 94)
            {
                stream.add(1, family, src, dst, TCP, 2000, 80, 0x02, length, ttl,
                    FRAG_NONE, true, REASON_OK);
            }
            else if (kind < 97)
            {
                stream.add(1, family, src, dst, 0, 0, 0, 0, 34, 0, FRAG_NONE, false,
                    1 + random.nextInt(20));
            }
            else
            {
                stream.add(1, FAMILY_NONE, 0, 0, 0, 0, 0, 0, 60, 0);
            }
        }

        return stream;
    }

    void countInto(final TrafficCounters counters)
    {
        for (int i = 0; i < count; i++)
        {
            counters.count(buffer, offset(i));
        }
    }

    /** Publishes every record, then flushes as a capture thread does after a poll; returns how many were taken. */
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
        publisher.flush();

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
