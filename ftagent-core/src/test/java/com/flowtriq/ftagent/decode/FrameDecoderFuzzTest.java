package com.flowtriq.ftagent.decode;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import com.flowtriq.ftagent.count.RecordPublisher;
import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.frames.FrameBuilder;
import com.flowtriq.ftagent.frames.TcpFlags;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Ten million random and mutated frames through the decoder and on into the counting stage, from a fixed seed so
 * that a failure reproduces: the decoder must never throw, must give every frame exactly one counted reason, and
 * must never read outside the frame; the counters must take every record, whatever it holds, and count it once
 * under the same reason. Reads outside the frame are caught by the memory itself: each frame is handed over in a
 * segment that ends where the captured bytes end, so a read beyond them throws {@link IndexOutOfBoundsException}.
 *
 * <p>Mutations, one to three per frame, applied to valid frames of every shape the decoder knows: truncation at a
 * random length, random bytes, a random 16-bit value (often a boundary value) written over a header field, bytes
 * appended, and a wire length above the captured length. One frame in sixteen is random bytes throughout.
 */
class FrameDecoderFuzzTest
{
    private static final long SEED = 0x5EED_F00D_2026L;
    private static final int FRAMES = 10_000_000;
    private static final int MAX_FRAME = 4096;
    /** Frames between two ticks of the counting stage. */
    private static final int FRAMES_PER_TICK = 1 << 20;

    private record Corpus(int linkType, List<byte[]> frames)
    {
    }

    @Test
    void shouldCountEveryRandomOrMutatedFrameOnceWithoutThrowingOrReadingOutsideIt()
    {
        final List<Corpus> corpora = List.of(
            new Corpus(LinkType.ETHERNET, ethernetFrames()),
            new Corpus(LinkType.LINUX_SLL, linkFrames(FrameBuilder::linuxSll)),
            new Corpus(LinkType.LINUX_SLL2, linkFrames(FrameBuilder::linuxSll2)),
            new Corpus(LinkType.RAW, linkFrames(FrameBuilder::rawIp)));
        final FrameDecoder[] decoders = new FrameDecoder[corpora.size()];
        final FrameDecoder[] layersOnly = new FrameDecoder[corpora.size()];
        for (int i = 0; i < decoders.length; i++)
        {
            // A small fragment table so that eviction and expiry are exercised too.
            decoders[i] = new FrameDecoder(
                corpora.get(i).linkType(),
                new DecodeCounters(),
                new FragmentTable(64, 1_000_000L),
                new Ipv6AddressBook(64));
            // The same decoder without its Ethernet/IPv4/TCP-or-UDP shortcut: both must write identical records.
            layersOnly[i] = new FrameDecoder(
                corpora.get(i).linkType(),
                new DecodeCounters(),
                new FragmentTable(64, 1_000_000L),
                new Ipv6AddressBook(64),
                false);
        }

        final SplittableRandom random = new SplittableRandom(SEED);
        final long[] seen = new long[DecodeEvent.count()];
        final byte[] work = new byte[MAX_FRAME];
        final UnsafeBuffer recordBuffer = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
        final UnsafeBuffer layersOnlyBuffer = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
        final PacketRecord record = new PacketRecord().wrapForRead(recordBuffer, 0);
        final SingleThreadedCountingStage countingStage = new SingleThreadedCountingStage();
        final RecordPublisher publisher = countingStage.newPublisher();
        final TrafficWindow window = countingStage.newWindow();
        final long[] countedByStage = new long[DecodeEvent.count()];
        long countedPackets = 0;

        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment memory = arena.allocate(MAX_FRAME);
            for (int n = 0; n < FRAMES; n++)
            {
                final int corpusIndex = random.nextInt(corpora.size());
                final List<byte[]> frames = corpora.get(corpusIndex).frames();
                final int length = FrameMutator.mutate(frames.get(random.nextInt(frames.size())), work, random);
                final int wireLength = random.nextInt(4) == 0 ? length + random.nextInt(2000) : length;

                MemorySegment.copy(work, 0, memory, ValueLayout.JAVA_BYTE, 0, length);
                final MemorySegment frame = memory.asSlice(0, length);
                final int reason;
                try
                {
                    reason = decoders[corpusIndex].decode(frame, 0, length, wireLength, n * 1000L, recordBuffer, 0);
                    layersOnly[corpusIndex].decode(frame, 0, length, wireLength, n * 1000L, layersOnlyBuffer, 0);
                }
                catch (final Throwable ex)
                {
                    throw new AssertionError(describe(n, corpusIndex, work, length, wireLength), ex);
                }
                if (reason < 0 || reason >= seen.length || record.reason() != reason ||
                    record.wireLength() != Math.min(wireLength, 0xFFFF))
                {
                    fail("bad reason " + reason + " or record; " + describe(n, corpusIndex, work, length, wireLength));
                }
                if (recordBuffer.compareTo(layersOnlyBuffer) != 0)
                {
                    fail("shortcut and layers disagree; " + describe(n, corpusIndex, work, length, wireLength));
                }
                seen[reason]++;
                if (!publisher.publish(recordBuffer, 0))
                {
                    fail("counting stage refused a record; " + describe(n, corpusIndex, work, length, wireLength));
                }
                if ((n + 1) % FRAMES_PER_TICK == 0 || n + 1 == FRAMES)
                {
                    countingStage.tick(n / FRAMES_PER_TICK, window);
                    countedPackets += window.packets();
                    for (int r = 1; r < countedByStage.length; r++)
                    {
                        countedByStage[r] += window.malformedPackets(r);
                    }
                }
            }
        }

        assertEquals(FRAMES, countedPackets, "records counted by the counting stage");
        for (int r = 1; r < countedByStage.length; r++)
        {
            assertEquals(
                seen[r], countedByStage[r], "counting stage, reason " + DecodeEvent.fromReason(r).dottedName());
        }

        long total = 0;
        final StringBuilder histogram = new StringBuilder("fuzz reasons (seed " + Long.toHexString(SEED) + "):");
        for (final DecodeEvent event : DecodeEvent.values())
        {
            long counted = 0;
            for (final FrameDecoder decoder : decoders)
            {
                counted += decoder.counters().count(event);
            }
            assertEquals(seen[event.ordinal()], counted, event.dottedName());
            total += counted;
            histogram.append(' ').append(event.dottedName()).append('=').append(counted);
        }
        System.out.println(histogram);
        assertEquals(FRAMES, total);

        // With this seed every malformed reason is reached, so the run exercises every rejecting branch.
        final Set<DecodeEvent> unreached = EnumSet.noneOf(DecodeEvent.class);
        for (final DecodeEvent event : DecodeEvent.values())
        {
            if (event.kind() == DecodeEvent.Kind.MALFORMED && seen[event.ordinal()] == 0)
            {
                unreached.add(event);
            }
        }
        assertEquals(Set.of(), unreached);
    }

    private static String describe(
        final int n, final int corpus, final byte[] work, final int length, final int wireLength)
    {
        return "frame " + n + " (seed " + Long.toHexString(SEED) + ", corpus " + corpus + ", captured " + length +
            ", wire " + wireLength + "): " + HexFormat.of().formatHex(work, 0, length);
    }

    private static List<byte[]> ethernetFrames()
    {
        final List<byte[]> frames = new ArrayList<>(linkFrames(FrameBuilder::ethernet));
        frames.add(FrameBuilder.ethernet().vlan(10).ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).build());
        frames.add(FrameBuilder.ethernet().qinq(100, 200).ipv6("2001:db8::1", "2001:db8::2").udp(3, 4).build());
        frames.add(FrameBuilder.ethernet().vlan(7).ipv6("2001:db8::1", "2001:db8::2")
            .hopByHop().routingHeader(4, 24).destinationOptions(16).tcp(5, 6).build());
        frames.add(FrameBuilder.ethernet().etherType(FrameBuilder.ETHERTYPE_ARP).payload(46).build());
        return frames;
    }

    private static FrameBuilder extensionChain(final FrameBuilder builder, final int headers)
    {
        for (int i = 0; i < headers; i++)
        {
            builder.destinationOptions(8);
        }
        return builder;
    }

    private static List<byte[]> linkFrames(final java.util.function.Supplier<FrameBuilder> link)
    {
        final String a = "198.18.0.1";
        final String b = "198.18.0.2";
        final String a6 = "2001:db8::a";
        final String b6 = "2001:db8::b";
        final List<byte[]> frames = new ArrayList<>();
        frames.add(link.get().ipv4(a, b).tcp(40000, 80).tcpFlags(TcpFlags.SYN).build());
        frames.add(link.get().ipv4(a, b).ipv4Options(new byte[]{ 1, 1, 1, 1 }).tcp(1, 2).mss(1460).payload(20)
            .build());
        frames.add(link.get().ipv4(a, b).udp(53, 1234).payload(64).build());
        frames.add(link.get().ipv4(a, b).icmp(8, 0).payload(16).build());
        frames.add(link.get().ipv4(a, b).ipProtocol(132).payload(16).build());
        frames.add(link.get().ipv4(a, b).gre().ipv4("10.1.1.1", "10.1.1.2").udp(1, 2).build());
        frames.add(link.get().ipv4(a, b).gre().greKey(5).greSequence(6).ipv6(a6, b6).tcp(7, 8).build());
        frames.add(link.get().ipv4(a, b).gre().ipv4("10.1.1.1", "10.1.1.2").gre().ipv4(a, b).udp(1, 2).build());
        frames.add(link.get().ipv6(a6, b6).tcp(1, 443).tcpFlags(TcpFlags.SYN | TcpFlags.ACK).build());
        frames.add(link.get().ipv6(a6, b6).icmpv6(135, 0).payload(16).build());
        frames.add(link.get().ipv6(a6, b6).hopByHop().destinationOptions(8).authenticationHeader(1).udp(1, 2).build());
        frames.add(link.get().ipv6(a6, b6).extensionHeader(IpProtocol.IPV6_MOBILITY, 8).udp(1, 2).build());
        frames.add(link.get().ipv6(a6, b6).ipv6Fragment(1, 0, false).udp(1, 2).build());
        frames.add(extensionChain(link.get().ipv6(a6, b6), Ipv6ExtensionDecoder.MAX_EXTENSION_HEADERS).udp(1, 2)
            .build());
        frames.add(extensionChain(link.get().ipv6(a6, b6), Ipv6ExtensionDecoder.MAX_EXTENSION_HEADERS + 1)
            .udp(1, 2).build());
        frames.addAll(link.get().ipv4(a, b).ipId(9).udp(53, 99).payload(300).buildIpv4Fragments(128));
        frames.addAll(link.get().ipv6(a6, b6).hopByHop().udp(53, 99).payload(300).buildIpv6Fragments(128, 77));
        frames.addAll(link.get().ipv4(a, b).ipId(10).tcp(80, 99).payload(100).buildIpv4Fragments(64));
        return frames;
    }
}
