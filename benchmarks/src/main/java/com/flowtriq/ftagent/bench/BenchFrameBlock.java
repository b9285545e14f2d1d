package com.flowtriq.ftagent.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import com.flowtriq.ftagent.decode.DecodeEvent;
import com.flowtriq.ftagent.decode.FrameDecoder;
import com.flowtriq.ftagent.decode.LinkType;
import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A batch of frames in off-heap memory laid out as a TPACKET_V3 block presents them (packed, each behind its 80
 * bytes of headers, 16-byte aligned, read in place), for the benchmarks that start from frames.
 *
 * <ul>
 *   <li>{@code syn}: 64-byte Ethernet/IPv4/TCP SYN frames (60 captured, 64 on the wire with the FCS), random
 *   spoofed sources and ports, as in a SYN flood.</li>
 *   <li>{@code mix}: a realistic mix, see {@link #writeMixFrame}: mostly IPv4 TCP and UDP of varied sizes, some IPv6
 *   (with and without extension headers), VLAN-tagged frames, ICMP, DNS answers in fragments (first and later,
 *   the later ones looked up in the fragment table), GRE, ARP and a few truncated frames.</li>
 * </ul>
 *
 * Setup only: allocates freely. The construction fails if the frames do not decode as intended, so that a broken
 * generator cannot pass as fast.
 */
final class BenchFrameBlock implements AutoCloseable
{
    /** Frames per batch; a power of two, large enough that branch predictors cannot learn the sequence. */
    static final int FRAMES = 4096;
    /** Largest frame the generators write. */
    static final int SLOT = 2048;
    /**
     * Bytes before each frame: the tpacket3_hdr and the sockaddr_ll that precede {@code tp_mac} in a V3 block. Frames
     * are packed one after the other, each start 16-byte aligned ({@code TPACKET_ALIGNMENT}), as the kernel packs
     * them, so a block of small frames is dense and a block of large ones is not.
     */
    static final int FRAME_OFFSET_IN_SLOT = 80;

    final MemorySegment block;
    final long[] offsets = new long[FRAMES];
    final int[] capturedLengths = new int[FRAMES];
    final int[] wireLengths = new int[FRAMES];
    private final Arena arena;
    private long blockPosition;

    /**
     * Single kinds of the mix, each the first roll of its share in {@link #writeMixFrame}, for finding where the
     * mix's time goes ({@code -p traffic=mix-tcp6}); never part of the {@code syn} and {@code mix} workloads.
     */
    private static final String[] MIX_KINDS =
        { "tcp4", "udp4", "tcp6", "udp6", "vlan4", "icmp4", "frag4", "ext6", "gre4" };
    private static final int[] MIX_KIND_ROLLS = { 0, 48, 70, 78, 83, 88, 91, 94, 96 };

    /** The forced roll of a single-kind workload, or -1 for the full mix. */
    private final int forcedRoll;

    /**
     * @param traffic {@code syn}, {@code mix}, or {@code mix-KIND} with a KIND of {@link #MIX_KINDS} (profiling).
     */
    BenchFrameBlock(final String traffic)
    {
        forcedRoll = forcedRoll(traffic);
        if (!"syn".equals(traffic) && !"mix".equals(traffic) && forcedRoll < 0)
        {
            throw new IllegalArgumentException("traffic=" + traffic + ": expected syn, mix or mix-KIND");
        }
        arena = Arena.ofShared();
        block = arena.allocate((long)FRAMES * (FRAME_OFFSET_IN_SLOT + SLOT), 4096);
        final SplittableRandom random = new SplittableRandom(42);
        final byte[] frame = new byte[SLOT];
        for (int i = 0; i < FRAMES; )
        {
            final int written = "syn".equals(traffic) ?
                writeSynFrame(frame, random) : writeMixFrame(frame, random);
            // A mix entry may be several frames (fragments); writeMixFrame returns the first, the rest follow.
            i = store(frame, i, written);
            if (!"syn".equals(traffic))
            {
                i = storePendingFragments(i);
            }
        }
        check(traffic);
    }

    private static int forcedRoll(final String traffic)
    {
        for (int k = 0; k < MIX_KINDS.length; k++)
        {
            if (("mix-" + MIX_KINDS[k]).equals(traffic))
            {
                return MIX_KIND_ROLLS[k];
            }
        }
        return -1;
    }

    private void check(final String traffic)
    {
        final FrameDecoder check = new FrameDecoder(LinkType.ETHERNET);
        final UnsafeBuffer record = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
        for (int i = 0; i < FRAMES; i++)
        {
            check.decode(block, offsets[i], capturedLengths[i], wireLengths[i], i, record, 0);
        }
        final long ok = check.counters().count(DecodeEvent.OK);
        final long malformed = check.counters().total(DecodeEvent.Kind.MALFORMED);
        final long expectedOk = "syn".equals(traffic) ? FRAMES : FRAMES * 95L / 100;
        if (ok < expectedOk || malformed > FRAMES / 50)
        {
            throw new IllegalStateException(
                traffic + ": " + ok + " of " + FRAMES + " frames decoded, " + malformed + " malformed");
        }
        System.out.println(traffic + ": " + ok + " of " + FRAMES + " frames decode fully, " + malformed +
            " malformed, fragment table hits " + check.fragmentTable().hits());
    }

    @Override
    public void close()
    {
        arena.close();
    }

    // ---------------------------------------------------------------- frame writing (setup only)

    private int pendingCount;
    private final byte[][] pending = new byte[8][];
    private final int[] pendingLengths = new int[8];

    private int store(final byte[] frame, final int index, final int length)
    {
        if (index >= FRAMES)
        {
            return index;
        }
        final long offset = blockPosition + FRAME_OFFSET_IN_SLOT;
        blockPosition = (offset + length + 15) & ~15L;
        MemorySegment.copy(frame, 0, block, ValueLayout.JAVA_BYTE, offset, length);
        offsets[index] = offset;
        capturedLengths[index] = length;
        // 64-byte minimum on the wire includes the 4-byte FCS that capture does not hand over.
        wireLengths[index] = Math.max(length, 60) + 4;
        return index + 1;
    }

    private int storePendingFragments(final int index)
    {
        int i = index;
        for (int p = 0; p < pendingCount; p++)
        {
            i = store(pending[p], i, pendingLengths[p]);
        }
        pendingCount = 0;
        return i;
    }

    /** Ethernet, IPv4, TCP SYN with no options, padded to 60 bytes: the classic SYN-flood frame. */
    static int writeSynFrame(final byte[] f, final SplittableRandom random)
    {
        int p = ethernet(f, 0, 0x0800);
        final int ip = p;
        p = ipv4(f, p, 20, 6, random.nextInt(), 0x0A0A0A0A, 0, 0, 64);
        p = tcp(f, p, 1024 + random.nextInt(60000), 80, 0x02);
        totalLength(f, ip, p - ip);
        return Math.max(p, 60);
    }

    /**
     * One entry of the realistic mix. Shares, in percent: IPv4 TCP 48 (ACK with 0-1400 bytes, SYN, SYN-ACK, RST,
     * PSH-ACK), IPv4 UDP 22 (DNS, NTP, QUIC-like 1200-byte), IPv6 TCP 8, IPv6 UDP 5, VLAN-tagged IPv4 TCP 5,
     * ICMP 3, fragmented DNS answer (first fragment plus one later, counted as 2 frames) 3, IPv6 with hop-by-hop
     * and destination options 2, GRE with inner IPv4 UDP 2, ARP 1, truncated IPv4 1.
     */
    int writeMixFrame(final byte[] f, final SplittableRandom random)
    {
        final int drawn = random.nextInt(100);
        final int roll = forcedRoll < 0 ? drawn : forcedRoll;
        final int src = 0xC6120000 | random.nextInt(0x10000);
        final int dst = 0xC6130000 | random.nextInt(256);
        if (roll < 48)
        {
            final int[] flags = { 0x10, 0x10, 0x10, 0x18, 0x02, 0x12, 0x04, 0x11 };
            return tcpFrame(f, 0, src, dst, flags[random.nextInt(flags.length)], random.nextInt(1400));
        }
        if (roll < 70)
        {
            final int[] ports = { 53, 123, 443, 5353 };
            final int[] sizes = { 80, 48, 1200, 300 };
            final int k = random.nextInt(ports.length);
            return udpFrame(f, src, dst, ports[k], 1024 + random.nextInt(60000), sizes[k]);
        }
        if (roll < 78)
        {
            return ipv6Frame(f, random, 6, false, random.nextInt(1200));
        }
        if (roll < 83)
        {
            return ipv6Frame(f, random, 17, false, 100 + random.nextInt(1000));
        }
        if (roll < 88)
        {
            return tcpFrame(f, 100 + random.nextInt(10), src, dst, 0x10, random.nextInt(1400));
        }
        if (roll < 91)
        {
            int p = ethernet(f, 0, 0x0800);
            final int ip = p;
            p = ipv4(f, p, 20, 1, src, dst, 0, 0, 64);
            f[p] = 8;
            p += 8 + 56;
            totalLength(f, ip, p - ip);
            return p;
        }
        if (roll < 94)
        {
            return fragmentedDns(f, random, src, dst);
        }
        if (roll < 96)
        {
            return ipv6Frame(f, random, 17, true, 200);
        }
        if (roll < 98)
        {
            int p = ethernet(f, 0, 0x0800);
            final int outer = p;
            p = ipv4(f, p, 20, 47, 0xCB007101, 0xCB007102, 0, 0, 250);
            f[p] = 0;
            f[p + 1] = 0;
            f[p + 2] = 0x08;
            f[p + 3] = 0x00;
            p += 4;
            final int inner = p;
            p = ipv4(f, p, 20, 17, src, dst, 0, 0, 64);
            p = udp(f, p, 53, 40000, 100);
            totalLength(f, inner, p - inner);
            totalLength(f, outer, p - outer);
            return p;
        }
        if (roll < 99)
        {
            final int p = ethernet(f, 0, 0x0806);
            return Math.max(p + 28, 60);
        }
        // Truncated: the IPv4 header claims 1500 bytes, the frame has 40.
        int p = ethernet(f, 0, 0x0800);
        final int ip = p;
        p = ipv4(f, p, 20, 17, src, dst, 0, 0, 64);
        totalLength(f, ip, 1500);
        return p + 6;
    }

    private static int tcpFrame(
        final byte[] f, final int vlan, final int src, final int dst, final int flags, final int payload)
    {
        int p = ethernet(f, vlan, 0x0800);
        final int ip = p;
        p = ipv4(f, p, 20, 6, src, dst, 0, 0, 57);
        p = tcp(f, p, 443, 1024 + (src & 0x7FFF), flags);
        p += payload;
        totalLength(f, ip, p - ip);
        return Math.max(p, 60);
    }

    private static int udpFrame(
        final byte[] f, final int src, final int dst, final int srcPort, final int dstPort, final int payload)
    {
        int p = ethernet(f, 0, 0x0800);
        final int ip = p;
        p = ipv4(f, p, 20, 17, src, dst, 0, 0, 120);
        p = udp(f, p, srcPort, dstPort, payload);
        totalLength(f, ip, p - ip);
        return Math.max(p, 60);
    }

    /** First fragment now, one later fragment queued to follow it. */
    private int fragmentedDns(final byte[] f, final SplittableRandom random, final int src, final int dst)
    {
        final int id = random.nextInt(0x10000);
        int p = ethernet(f, 0, 0x0800);
        final int ip = p;
        p = ipv4(f, p, 20, 17, src, dst, id, 0x2000, 55);
        p = udp(f, p, 53, 1024 + random.nextInt(60000), 3000);
        p = ip + 20 + 1480;
        totalLength(f, ip, p - ip);

        final byte[] later = new byte[SLOT];
        int q = ethernet(later, 0, 0x0800);
        final int ip2 = q;
        q = ipv4(later, q, 20, 17, src, dst, id, 1480 >>> 3, 55);
        q += 1500 - 20 - 1480 + 28;
        totalLength(later, ip2, q - ip2);
        pending[pendingCount] = later;
        pendingLengths[pendingCount] = q;
        pendingCount++;
        return p;
    }

    private static int ipv6Frame(
        final byte[] f, final SplittableRandom random, final int protocol, final boolean extensions, final int payload)
    {
        int p = ethernet(f, 0, 0x86DD);
        final int ip = p;
        f[p] = 0x60;
        f[p + 6] = (byte)(extensions ? 0 : protocol);
        f[p + 7] = 64;
        put64(f, p + 8, 0x20010DB800000000L | random.nextInt(64));
        put64(f, p + 16, random.nextLong());
        put64(f, p + 24, 0x20010DB8FFFF0000L);
        put64(f, p + 32, 1 + random.nextInt(16));
        p += 40;
        if (extensions)
        {
            f[p] = 60;
            f[p + 1] = 0;
            p += 8;
            f[p] = (byte)protocol;
            f[p + 1] = 1;
            p += 16;
        }
        p = protocol == 6 ? tcp(f, p, 443, 50000, 0x10) : udp(f, p, 443, 50000, payload);
        if (protocol == 6)
        {
            p += payload;
        }
        put16(f, ip + 4, p - ip - 40);
        return Math.max(p, 60);
    }

    private static int ethernet(final byte[] f, final int vlan, final int etherType)
    {
        for (int i = 0; i < 12; i++)
        {
            f[i] = (byte)(0x02 + i);
        }
        if (vlan != 0)
        {
            put16(f, 12, 0x8100);
            put16(f, 14, vlan);
            put16(f, 16, etherType);
            return 18;
        }
        put16(f, 12, etherType);
        return 14;
    }

    private static int ipv4(
        final byte[] f,
        final int p,
        final int headerLength,
        final int protocol,
        final int src,
        final int dst,
        final int id,
        final int flagsAndOffset,
        final int ttl)
    {
        f[p] = (byte)(0x40 | (headerLength >>> 2));
        f[p + 1] = 0;
        put16(f, p + 4, id);
        put16(f, p + 6, flagsAndOffset);
        f[p + 8] = (byte)ttl;
        f[p + 9] = (byte)protocol;
        put32(f, p + 12, src);
        put32(f, p + 16, dst);
        return p + headerLength;
    }

    private static int tcp(final byte[] f, final int p, final int srcPort, final int dstPort, final int flags)
    {
        put16(f, p, srcPort);
        put16(f, p + 2, dstPort);
        f[p + 12] = 0x50;
        f[p + 13] = (byte)flags;
        put16(f, p + 14, 65535);
        return p + 20;
    }

    private static int udp(final byte[] f, final int p, final int srcPort, final int dstPort, final int payload)
    {
        put16(f, p, srcPort);
        put16(f, p + 2, dstPort);
        put16(f, p + 4, 8 + payload);
        return Math.min(p + 8 + payload, f.length);
    }

    private static void totalLength(final byte[] f, final int ip, final int length)
    {
        put16(f, ip + 2, length);
    }

    private static void put16(final byte[] f, final int p, final int v)
    {
        f[p] = (byte)(v >>> 8);
        f[p + 1] = (byte)v;
    }

    private static void put32(final byte[] f, final int p, final int v)
    {
        put16(f, p, v >>> 16);
        put16(f, p + 2, v);
    }

    private static void put64(final byte[] f, final int p, final long v)
    {
        put32(f, p, (int)(v >>> 32));
        put32(f, p + 4, (int)v);
    }
}
