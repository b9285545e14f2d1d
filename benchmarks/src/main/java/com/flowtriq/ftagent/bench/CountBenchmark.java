package com.flowtriq.ftagent.bench;

import com.flowtriq.ftagent.count.HyperLogLog;
import com.flowtriq.ftagent.count.RecordPublisher;
import com.flowtriq.ftagent.count.SpaceSavingSketch;
import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.count.TrafficCounters;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.decode.PacketRecord;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.*;

/**
 * Counting only, on one core: 32-byte packet records, already decoded into an off-heap buffer, counted into one
 * {@link TrafficCounters} bank (every counter, the four heavy-hitter sketches and the HyperLogLog). One operation is
 * one record, so ns/op is ns per packet and 1000 / (ns/op) is Mpps.
 *
 * <p>{@code traffic}: {@code syn64} is a spoofed SYN flood (64-byte TCP SYN records from random source addresses
 * and ports, one victim): the worst case for the heavy-hitter sketches, since nearly every source is new and
 * evicts the minimum. {@code mixed} is a realistic mix (see {@link #records(String, int, long)}).
 *
 * <p>{@link #countIntoBank()} calls the bank directly; {@link #countThroughSingleThreadedStage()} goes through
 * the {@link RecordPublisher} of the single-threaded stage, as a replay or 1-core capture loop would, and closes a
 * tick (swap + merge into a reused window) every {@link #RECORDS} records.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class CountBenchmark
{
    /** Records per invocation (512 KiB of records: cache-warm, as records fresh from the decoder would be). */
    static final int RECORDS = 16_384;

    @Param({ "syn64", "mixed" })
    public String traffic;

    /** Admission policy of the heavy-hitter sketches: RAP (production) or exact Space-Saving (for comparison). */
    @Param({ "RANDOMIZED", "ALWAYS" })
    public String admission;

    private UnsafeBuffer records;
    private TrafficCounters counters;
    private SingleThreadedCountingStage stage;
    private RecordPublisher publisher;
    private TrafficWindow window;
    private long tick;

    @Setup(Level.Trial)
    public void setUp()
    {
        records = records(traffic, RECORDS, 1);
        final SpaceSavingSketch.Admission policy = SpaceSavingSketch.Admission.valueOf(admission);
        counters = new TrafficCounters(SpaceSavingSketch.DEFAULT_CAPACITY, HyperLogLog.DEFAULT_PRECISION, policy);
        stage = new SingleThreadedCountingStage(
            SpaceSavingSketch.DEFAULT_CAPACITY, HyperLogLog.DEFAULT_PRECISION, policy);
        publisher = stage.newPublisher();
        window = stage.newWindow();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long countIntoBank()
    {
        final UnsafeBuffer records = this.records;
        final TrafficCounters counters = this.counters;
        for (int offset = 0, end = RECORDS * LENGTH; offset < end; offset += LENGTH)
        {
            counters.count(records, offset);
        }

        return counters.packets();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long countThroughSingleThreadedStage()
    {
        final UnsafeBuffer records = this.records;
        final RecordPublisher publisher = this.publisher;
        for (int offset = 0, end = RECORDS * LENGTH; offset < end; offset += LENGTH)
        {
            publisher.publish(records, offset);
        }
        stage.tick(++tick, window);

        return window.packets();
    }

    /**
     * Thread <em>CPU</em> time per record of {@link #countIntoBank()}, for shared machines where wall-clock JMH scores
     * mostly measure the other tenants: {@code java -cp benchmarks.jar com.flowtriq.ftagent.bench.CountBenchmark
     * [rounds]}. Warms up for half the rounds, then prints the median of the others. Not a substitute for JMH: CPU
     * time still includes cache misses caused by the other tenants.
     */
    public static void main(final String[] args)
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        for (final String traffic : new String[]{ "syn64", "mixed" })
        {
            for (final String admission : new String[]{ "RANDOMIZED", "ALWAYS" })
            {
                final CountBenchmark benchmark = new CountBenchmark();
                benchmark.traffic = traffic;
                benchmark.admission = admission;
                benchmark.setUp();
                final ThreadCpuRounds cpu = ThreadCpuRounds.measure(benchmark::countIntoBank, 0, rounds, 100, RECORDS);
                System.out.printf(
                    "countIntoBank %s %s: %.1f CPU ns/record (median of %d rounds of %d records; sink %d)%n",
                    traffic, admission, cpu.medianOfLastHalf(), rounds - rounds / 2, 100 * RECORDS, cpu.check() & 1);
            }
        }
    }

    /**
     * {@code count} records of a traffic kind in a new off-heap buffer; a fixed seed, so every run counts the same.
     *
     * <ul>
     *     <li>{@code syn64}: IPv4 TCP SYN, wire length 64, random 32-bit sources and source ports, TTL 32..255,
     *     to one destination port 80.</li>
     *     <li>{@code mixed}: 55 % TCP (SYN, SYN-ACK, ACK, PSH-ACK, FIN, RST and a few odd flags), 30 % UDP (half of it
     *     from amplification ports, some fragments), 6 % ICMP, 3 % TCP inside GRE, 3 % malformed, 3 % non-IP;
     *     10 % IPv6; half the packets from 100 heavy sources, half from 100 000 others; 64 destinations; lengths
     *     from 60 to 1514 and a few jumbo frames.</li>
     * </ul>
     */
    static UnsafeBuffer records(final String traffic, final int count, final long seed)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(count * LENGTH, 64));
        final PacketRecord record = new PacketRecord();
        final SplittableRandom random = new SplittableRandom(seed);
        final boolean syn = "syn64".equals(traffic);
        if (!syn && !"mixed".equals(traffic))
        {
            throw new IllegalArgumentException("traffic=" + traffic + " is neither syn64 nor mixed");
        }
        final int[] tcpFlags = { 0x02, 0x02, 0x12, 0x10, 0x10, 0x10, 0x18, 0x18, 0x18, 0x11, 0x14, 0x29, 0x00 };
        final int[] udpSrcPorts = { 53, 123, 1900, 11211, 389, 19, 161, 3702, 5353, 1194, 3283, 443 };
        final int[] lengths = { 60, 64, 66, 74, 90, 128, 200, 300, 576, 1000, 1400, 1500, 1514, 1514, 1514, 9000 };
        long timestamp = 1_700_000_000_000_000_000L;
        for (int i = 0; i < count; i++)
        {
            timestamp += random.nextInt(1, 2_000);
            record.wrap(buffer, i * LENGTH).timestampNanos(timestamp);
            if (syn)
            {
                record.srcAddress(random.nextInt() & 0xFFFF_FFFFL)
                    .dstAddress(0xC612_0001)
                    .srcPort(random.nextInt(1024, 65536))
                    .dstPort(80)
                    .wireLength(64)
                    .protocol(6)
                    .tcpFlags(0x02)
                    .packedWord(PacketRecord.packWord(random.nextInt(32, 256), FAMILY_IPV4, FRAG_NONE, false, false,
                        REASON_OK, 0));
                continue;
            }

            final boolean ipv6 = random.nextInt(10) == 0;
            final int family = ipv6 ? FAMILY_IPV6 : FAMILY_IPV4;
            final int sourceIndex = random.nextBoolean() ? random.nextInt(100) : 100 + random.nextInt(100_000);
            final long src = ipv6 ? 0x8000_0000_0000_0000L | (sourceIndex * 0x9E37_79B9_7F4AL) : 0x0A00_0000L + sourceIndex;
            final int dst = 0xC612_0000 | random.nextInt(64);
            final int length = lengths[random.nextInt(lengths.length)];
            final int ttl = ipv6 ? 64 : random.nextInt(32, 256);
            final int kind = random.nextInt(100);
            int protocol = 6;
            int flags = 0;
            int srcPort = 0;
            int dstPort = 0;
            int fragmentState = FRAG_NONE;
            boolean gre = false;
            int reason = REASON_OK;
            int recordFamily = family;
            if (kind < 55)
            {
                flags = tcpFlags[random.nextInt(tcpFlags.length)];
                srcPort = random.nextInt(1024, 65536);
                dstPort = random.nextInt(4) == 0 ? 443 : 80;
            }
            else if (kind < 85)
            {
                protocol = 17;
                fragmentState = kind < 58 ? FRAG_FIRST : kind < 61 ? FRAG_LATER : FRAG_NONE;
                if (fragmentState != FRAG_LATER)
                {
                    srcPort = random.nextBoolean() ? udpSrcPorts[random.nextInt(udpSrcPorts.length)] :
                        random.nextInt(1024, 65536);
                    dstPort = random.nextInt(3) == 0 ? 53 : random.nextInt(1024, 65536);
                }
            }
            else if (kind < 91)
            {
                protocol = ipv6 ? 58 : 1;
                srcPort = 8;
            }
            else if (kind < 94)
            {
                gre = true;
                flags = 0x02;
                srcPort = random.nextInt(1024, 65536);
                dstPort = 80;
            }
            else if (kind < 97)
            {
                protocol = 0;
                reason = 1 + random.nextInt(20);
            }
            else
            {
                protocol = 0;
                recordFamily = FAMILY_NONE;
            }
            record.srcAddress(recordFamily == FAMILY_NONE ? 0 : src)
                .dstAddress(recordFamily == FAMILY_NONE ? 0 : dst)
                .srcPort(srcPort)
                .dstPort(dstPort)
                .wireLength(length)
                .protocol(protocol)
                .tcpFlags(flags)
                .packedWord(PacketRecord.packWord(recordFamily == FAMILY_NONE ? 0 : ttl, recordFamily, fragmentState,
                    gre, false, reason, 0));
        }

        return buffer;
    }
}
