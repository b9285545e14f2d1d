package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.frames.FrameBuilder;
import com.flowtriq.ftagent.frames.TcpFlags;
import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFileWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Writes scenario captures for {@code ftagent replay}: benign server traffic from a stable set of clients, at a
 * rate that may ramp, plus bursts (attacks, spikes) that start and stop at chosen seconds. Timestamps increase
 * through the file; the generator never waits for real time, so a ten-minute scenario takes a second to write.
 *
 * <p>Every stream picks its frames from a pool built once ({@link FrameBuilder} is slow per frame): benign frames
 * in fixed proportions, attack frames from a few thousand spoofed sources or reflectors. A pool entry is one
 * packet, i.e. one frame, or the fragments of one IPv4 packet written back to back.
 *
 * <p>All addresses are documentation or benchmark ranges; nothing here reaches a network. Not thread-safe.
 */
final class ScenarioPcapGenerator
{
    /** Packet time of the first frame: 2023-11-14T22:13:20Z, on a whole second. */
    static final long T0_SECONDS = 1_700_000_000L;
    static final String SERVER = "198.18.0.10";
    static final String SERVER6 = "2001:db8::10";
    static final int POOL_SIZE = 4096;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Whole frames, as tcpdump -s 0 writes them. */
    static final int FULL_SNAP_LENGTH = 65_535;
    /**
     * Headers only (Ethernet, VLAN, IPv6 and TCP fit), as many capture setups keep: files several times smaller,
     * while the wire lengths in the records keep the byte rates those of the full frames.
     */
    static final int HEADER_SNAP_LENGTH = 128;

    private ScenarioPcapGenerator()
    {
    }

    /**
     * A stream of packets at {@code packetsPerSecond} (packets, not fragments) from {@code startSecond} (inclusive)
     * to {@code endSecond} (exclusive), seconds after {@link #T0_SECONDS}.
     */
    record Burst(String label, byte[][][] pool, double packetsPerSecond, double startSecond, double endSecond)
    {
    }

    /**
     * Benign traffic at {@code benignPps} until {@code rampStartSecond}, rising linearly to {@code rampToPps} at
     * {@code rampEndSecond} and staying there to {@code seconds}; plus the bursts.
     */
    record Traffic(
        int seconds,
        double benignPps,
        double rampToPps,
        double rampStartSecond,
        double rampEndSecond,
        List<Burst> bursts)
    {
        static Traffic steady(final int seconds, final double benignPps, final List<Burst> bursts)
        {
            return new Traffic(seconds, benignPps, benignPps, seconds, seconds, bursts);
        }

        double benignRateAt(final double second)
        {
            if (second <= rampStartSecond)
            {
                return benignPps;
            }
            if (second >= rampEndSecond)
            {
                return rampToPps;
            }
            return benignPps + (rampToPps - benignPps) * (second - rampStartSecond) / (rampEndSecond - rampStartSecond);
        }
    }

    /**
     * Writes the traffic to a new Ethernet pcap file.
     *
     * @param snapLength bytes kept of each frame; the record keeps the full wire length.
     * @return frames written.
     */
    static long write(final Path file, final Traffic traffic, final long seed, final int snapLength)
        throws IOException
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[][][] benign = benignPool(new SplittableRandom(seed ^ 0x5DEECE66DL));
        final long t0 = T0_SECONDS * NANOS_PER_SECOND;
        final long end = t0 + traffic.seconds() * NANOS_PER_SECOND;
        final List<Burst> bursts = traffic.bursts();
        final long[] next = new long[bursts.size()];
        final long[] stop = new long[bursts.size()];
        final long[] sent = new long[bursts.size()];
        for (int b = 0; b < next.length; b++)
        {
            next[b] = t0 + (long)(bursts.get(b).startSecond() * NANOS_PER_SECOND);
            stop[b] = Math.min(end, t0 + (long)(bursts.get(b).endSecond() * NANOS_PER_SECOND));
        }
        long benignNext = t0;
        long lastTimestamp = Long.MIN_VALUE;

        try (PcapFileWriter writer = PcapFileWriter.create(file, PcapFileDescriptor.LINKTYPE_ETHERNET, snapLength))
        {
            while (true)
            {
                int chosen = -1;
                long at = benignNext < end ? benignNext : Long.MAX_VALUE;
                for (int b = 0; b < next.length; b++)
                {
                    if (next[b] < stop[b] && next[b] < at)
                    {
                        at = next[b];
                        chosen = b;
                    }
                }
                if (at == Long.MAX_VALUE)
                {
                    break;
                }

                final byte[][] packet;
                if (chosen < 0)
                {
                    packet = benign[random.nextInt(benign.length)];
                    final double rate = traffic.benignRateAt((double)(benignNext - t0) / NANOS_PER_SECOND);
                    // Jittered gaps around the mean: seconds differ a little, as real traffic does.
                    benignNext += (long)(NANOS_PER_SECOND / rate * (0.5 + random.nextDouble()));
                }
                else
                {
                    final Burst burst = bursts.get(chosen);
                    packet = burst.pool()[(int)(sent[chosen] % burst.pool().length)];
                    sent[chosen]++;
                    // Exact spacing from the start, so the rate per second is the burst's rate without drift.
                    next[chosen] = t0 + (long)(burst.startSecond() * NANOS_PER_SECOND) +
                        (long)(sent[chosen] * (NANOS_PER_SECOND / burst.packetsPerSecond()));
                }

                long timestamp = Math.max(at, lastTimestamp + 1);
                for (final byte[] frame : packet)
                {
                    writer.write(frame, frame.length, frame.length, timestamp);
                    lastTimestamp = timestamp;
                    timestamp++;
                }
            }
            return writer.packetsWritten();
        }
    }

    // ---------------------------------------------------------------- pools

    /** A pool of {@link #POOL_SIZE} single-frame packets made by {@code frame}(index). */
    static byte[][][] pool(final IntFunction<byte[]> frame)
    {
        final byte[][][] pool = new byte[POOL_SIZE][][];
        for (int i = 0; i < POOL_SIZE; i++)
        {
            pool[i] = new byte[][] {frame.apply(i)};
        }
        return pool;
    }

    /** A pool of fragmented packets: each entry holds all the IPv4 fragments of one packet. */
    static byte[][][] fragmentedPool(final IntFunction<List<byte[]>> fragments)
    {
        final byte[][][] pool = new byte[POOL_SIZE][][];
        for (int i = 0; i < POOL_SIZE; i++)
        {
            pool[i] = fragments.apply(i).toArray(new byte[0][]);
        }
        return pool;
    }

    /**
     * Interleaves pools, {@code firstRun} entries of {@code first} then {@code secondRun} of {@code second} and so
     * on: a two-vector attack whose vectors' rates stand in that ratio.
     */
    static byte[][][] interleave(
        final byte[][][] first, final int firstRun, final byte[][][] second, final int secondRun)
    {
        final int period = firstRun + secondRun;
        final byte[][][] pool = new byte[POOL_SIZE * period][][];
        int fromFirst = 0;
        int fromSecond = 0;
        for (int i = 0; i < pool.length; i++)
        {
            pool[i] = i % period < firstRun ?
                first[fromFirst++ % first.length] : second[fromSecond++ % second.length];
        }
        return pool;
    }

    /** A spoofed source for pool entry {@code i}: 4096 addresses spread over 100.64.0.0/10. */
    static String spoofedSource(final int i)
    {
        final int hashed = i * 0x9E3779B1;
        return "100." + (64 + ((hashed >>> 24) & 63)) + "." + ((hashed >>> 16) & 255) + "." + (1 + (i & 127));
    }

    /** A reflector for pool entry {@code i}: 512 open servers in 203.0.113.0/24 and 192.0.2.0/24. */
    static String reflector(final int i)
    {
        final int r = i & 511;
        return (r < 256 ? "203.0.113." : "192.0.2.") + (r & 255);
    }

    /** An ephemeral port of no amplification service, for pool entry {@code i}. */
    static int ephemeralPort(final int i)
    {
        return 20_000 + (i * 7_919) % 40_000;
    }

    static byte[] tcpFlood(final int i, final String destination, final int flags)
    {
        return FrameBuilder.ethernet().ipv4(spoofedSource(i), destination).ipId(i).ttl(50 + (i & 15))
            .tcp(ephemeralPort(i), 80).tcpFlags(flags).tcpSequence(i * 104_729L).padTo(60).build();
    }

    static byte[] amplification(final int i, final int servicePort, final int payloadBytes)
    {
        return FrameBuilder.ethernet().ipv4(reflector(i), SERVER).ipId(i)
            .udp(servicePort, ephemeralPort(i)).payload(payloadBytes).build();
    }

    static List<byte[]> fragmentedAmplification(final int i, final int servicePort, final int payloadBytes)
    {
        return FrameBuilder.ethernet().ipv4(reflector(i), SERVER).ipId(1 + i)
            .udp(servicePort, ephemeralPort(i)).payload(payloadBytes).buildIpv4Fragments(1480);
    }

    /**
     * Benign traffic of a small web and mail server: 40 clients over TCP 443 (data, ACKs, a few handshakes and
     * closes), DNS answers from its resolver, NTP replies, UDP to an application port, pings.
     */
    static byte[][][] benignPool(final SplittableRandom random)
    {
        final List<byte[][]> pool = new ArrayList<>();
        for (int i = 0; i < 2_000; i++)
        {
            final String client = "198.18." + (10 + (i % 4)) + "." + (1 + (i % 40) * 3);
            final int clientPort = 32_768 + random.nextInt(28_000);
            final int kind = random.nextInt(100);
            final FrameBuilder b = FrameBuilder.ethernet();
            if (kind < 35)
            {
                b.ipv4(client, SERVER).tcp(clientPort, 443).tcpFlags(TcpFlags.PSH | TcpFlags.ACK)
                    .payload(100 + random.nextInt(600));
            }
            else if (kind < 62)
            {
                b.ipv4(client, SERVER).tcp(clientPort, 443).tcpFlags(TcpFlags.ACK);
            }
            else if (kind < 65)
            {
                b.ipv4(client, SERVER).tcp(clientPort, 443).tcpFlags(TcpFlags.SYN).mss(1460);
            }
            else if (kind < 67)
            {
                b.ipv4(client, SERVER).tcp(clientPort, 443).tcpFlags(TcpFlags.FIN | TcpFlags.ACK);
            }
            else if (kind < 82)
            {
                b.ipv4("198.18.0.53", SERVER).udp(53, clientPort).payload(60 + random.nextInt(400));
            }
            else if (kind < 85)
            {
                b.ipv4("198.18.0.123", SERVER).udp(123, clientPort).payload(48);
            }
            else if (kind < 95)
            {
                b.ipv4(client, SERVER).udp(clientPort, 5_060).payload(200 + random.nextInt(600));
            }
            else
            {
                b.ipv4(client, SERVER).icmp(8, 0).payload(56);
            }
            pool.add(new byte[][] {b.padTo(60).build()});
        }
        return pool.toArray(new byte[0][][]);
    }

    /**
     * Writes a large file for replay benchmarks: {@code args[0]} the file (must not exist), {@code args[1]} the
     * minimum number of frames (default 1,000,000), {@code args[2]} the attack: {@code syn+dns} (default; 12k pps
     * SYN and 8k pps 1,400-byte DNS answers) or {@code syn} (20k pps of 60-byte SYNs: per-frame cost dominates).
     * Four minutes of benign traffic come first, one minute after.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path file = Path.of(args[0]);
        final long minimumFrames = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
        final String mix = args.length > 2 ? args[2] : "syn+dns";
        final double attackSeconds = Math.max(30, Math.ceil(minimumFrames / 20_000.0));
        final int seconds = (int)(240 + attackSeconds + 60);
        final byte[][][] syn = pool(i -> tcpFlood(i, SERVER, TcpFlags.SYN));
        final List<Burst> bursts = switch (mix)
        {
            case "syn+dns" -> List.of(
                new Burst("syn", syn, 12_000, 240, 240 + attackSeconds),
                new Burst("dns", pool(i -> amplification(i, 53, 1_400)), 8_000, 240, 240 + attackSeconds));
            case "syn" -> List.of(new Burst("syn", syn, 20_000, 240, 240 + attackSeconds));
            default -> throw new IllegalArgumentException("attack mix must be syn+dns or syn, got " + mix);
        };
        final long frames = write(file, Traffic.steady(seconds, 600, bursts), 42, FULL_SNAP_LENGTH);
        System.out.println(file + ": " + frames + " frames, " + seconds + " s of packet time, attack " + mix);
    }
}
