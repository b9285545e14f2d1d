package com.flowtriq.ftagent.decode;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import com.flowtriq.ftagent.frames.FrameBuilder;
import com.flowtriq.ftagent.frames.TcpFlags;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.flowtriq.ftagent.decode.DecodeHarness.ipv4;
import static com.flowtriq.ftagent.decode.DecodeHarness.ipv6DestinationDigest;
import static com.flowtriq.ftagent.decode.DecodeHarness.ipv6SourceDigest;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV4;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Ethernet shortcut of {@link FrameDecoder} against its layer decoders: for every frame shape the shortcut
 * takes (untagged or 802.1Q-tagged IPv4 and IPv6, TCP or UDP, and IPv4 ICMP), the shortcut must accept the complete frame and
 * write the record, counter and IPv6 address-book entries the layers write; for every truncation and mutation of
 * those frames, a decoder with the shortcut and one without must agree byte for byte. Frames are handed over in a
 * segment that ends at the captured length, so a read past it throws.
 */
class FrameDecoderShortcutTest
{
    private static final String SRC4 = "198.18.0.1";
    private static final String DST4 = "198.19.255.254";
    private static final String SRC6 = "2001:db8:1::10";
    private static final String DST6 = "2001:db8:ffff::1:2";
    private static final long SEED = 0x5407_C077L;
    private static final int MUTATED_FRAMES = 1_000_000;
    private static final int MAX_FRAME = 4096;
    private static final long TIMESTAMP_NANOS = 1_700_000_000_000_000_000L;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment memory = arena.allocate(MAX_FRAME, 64);
    private final UnsafeBuffer withShortcutRecord = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
    private final UnsafeBuffer layersRecord = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
    private final FrameDecoder withShortcut = newDecoder(true);
    private final FrameDecoder layersOnly = newDecoder(false);
    private final FrameDecoder probe = newDecoder(true);
    private final UnsafeBuffer probeRecord = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
    private final PacketRecord record = new PacketRecord();

    @AfterEach
    void close()
    {
        arena.close();
    }

    @Test
    void shouldTakeShortcutForVlanTaggedIpv4TcpAndWriteTheLayersRecord()
    {
        final byte[] frame = FrameBuilder.ethernet().vlanTag(EtherType.VLAN, 5, 100).ipv4(SRC4, DST4).ttl(57)
            .tcp(40000, 443).tcpFlags(TcpFlags.PSH | TcpFlags.ACK).payload(200).build();

        assertTrue(decodeBothWays(frame, frame.length, frame.length + 4));

        record.wrapForRead(withShortcutRecord, 0);
        assertEquals(DecodeEvent.OK.ordinal(), record.reason());
        assertEquals(100, record.vlan());
        assertEquals(ipv4(SRC4), record.srcAddress());
        assertEquals(ipv4(DST4), record.dstAddress());
        assertEquals(40000, record.srcPort());
        assertEquals(443, record.dstPort());
        assertEquals(TcpFlags.PSH | TcpFlags.ACK, record.tcpFlags());
        assertEquals(57, record.ttl());
        assertEquals(FAMILY_IPV4, record.family());
        assertEquals(1, withShortcut.counters().count(DecodeEvent.OK));
    }

    @Test
    void shouldTakeShortcutForVlanTaggedIpv4UdpAndWriteTheLayersRecord()
    {
        final byte[] frame = FrameBuilder.ethernet().vlan(4095).ipv4(SRC4, DST4).udp(53, 33000).payload(80).build();

        assertTrue(decodeBothWays(frame, frame.length, frame.length));

        record.wrapForRead(withShortcutRecord, 0);
        assertEquals(4095, record.vlan());
        assertEquals(IpProtocol.UDP, record.protocol());
        assertEquals(53, record.srcPort());
        assertEquals(0, record.tcpFlags());
    }

    @Test
    void shouldTakeShortcutForIpv6TcpAndRecordTheAddressesAsTheLayersDo()
    {
        final byte[] frame = FrameBuilder.ethernet().ipv6(SRC6, DST6).ttl(61).tcp(50000, 443)
            .tcpFlags(TcpFlags.SYN).mss(1440).build();

        assertTrue(decodeBothWays(frame, frame.length, frame.length));

        record.wrapForRead(withShortcutRecord, 0);
        assertEquals(ipv6SourceDigest(SRC6), record.srcAddress());
        assertEquals(ipv6DestinationDigest(DST6), record.dstAddress());
        assertEquals(FAMILY_IPV6, record.family());
        assertEquals(61, record.ttl());
        assertEquals(TcpFlags.SYN, record.tcpFlags());
        assertEquals(0, record.vlan());
        assertEquals("2001:db8:1::10", withShortcut.addressBook().sourceText(record.srcAddress()));
        assertEquals("2001:db8:ffff::1:2", withShortcut.addressBook().destinationText((int)record.dstAddress()));
    }

    @Test
    void shouldTakeShortcutForIpv6UdpAndVlanTaggedIpv6()
    {
        final byte[] udp = FrameBuilder.ethernet().ipv6(SRC6, DST6).udp(443, 50000).payload(1200).build();
        final byte[] taggedTcp = FrameBuilder.ethernet().vlan(7).ipv6(SRC6, DST6).tcp(22, 60000).payload(10).build();
        final byte[] taggedUdp = FrameBuilder.ethernet().vlan(8).ipv6(SRC6, DST6).udp(5353, 5353).payload(30).build();

        assertTrue(decodeBothWays(udp, udp.length, udp.length));
        assertTrue(decodeBothWays(taggedTcp, taggedTcp.length, taggedTcp.length));
        record.wrapForRead(withShortcutRecord, 0);
        assertEquals(7, record.vlan());
        assertEquals(IpProtocol.TCP, record.protocol());
        assertTrue(decodeBothWays(taggedUdp, taggedUdp.length, taggedUdp.length));
        record.wrapForRead(withShortcutRecord, 0);
        assertEquals(8, record.vlan());
        assertEquals(5353, record.dstPort());
        assertEquals(3, withShortcut.counters().count(DecodeEvent.OK));
    }

    @Test
    void shouldTakeShortcutForIpv4IcmpAndWriteTypeAndCodeAsPortsAsTheLayersDo()
    {
        final byte[] echo = FrameBuilder.ethernet().ipv4(SRC4, DST4).ttl(63).icmp(8, 0).payload(56).build();
        final byte[] unreachable = FrameBuilder.ethernet().vlan(2).ipv4(SRC4, DST4).icmp(3, 13).payload(28).build();

        assertTrue(decodeBothWays(echo, echo.length, echo.length));
        record.wrapForRead(withShortcutRecord, 0);
        assertEquals(IpProtocol.ICMP, record.protocol());
        assertEquals(8, record.srcPort());
        assertEquals(0, record.dstPort());
        assertEquals(63, record.ttl());
        assertEquals(ipv4(DST4), record.dstAddress());

        assertTrue(decodeBothWays(unreachable, unreachable.length, unreachable.length));
        record.wrapForRead(withShortcutRecord, 0);
        assertEquals(2, record.vlan());
        assertEquals(3, record.srcPort());
        assertEquals(13, record.dstPort());
        assertEquals(0, record.tcpFlags());
        assertEquals(2, withShortcut.counters().count(DecodeEvent.OK));
    }

    @Test
    void shouldLeaveIpv4IcmpWithoutItsEightFixedBytesToTheLayers()
    {
        // The whole frame is captured, but the IP total length leaves ICMP fewer than its 8 bytes, or none.
        final byte[] echo = FrameBuilder.ethernet().ipv4(SRC4, DST4).icmp(8, 0).payload(56).build();
        for (final int totalLength : new int[]{ 24, 16, 27 })
        {
            final byte[] frame = echo.clone();
            frame[EthernetDecoder.HEADER_LENGTH + 2] = (byte)(totalLength >>> 8);
            frame[EthernetDecoder.HEADER_LENGTH + 3] = (byte)totalLength;

            assertFalse(decodeBothWays(frame, frame.length, frame.length), "total length " + totalLength);
        }
        assertEquals(3, layersOnly.counters().total(DecodeEvent.Kind.MALFORMED));
    }

    @Test
    void shouldLeaveOptionsExtensionHeadersQinqFragmentsAndOtherProtocolsToTheLayers()
    {
        final List<byte[]> frames = List.of(
            FrameBuilder.ethernet().vlan(1).ipv4(SRC4, DST4).ipv4Options(new byte[]{ 1, 1, 1, 1 }).tcp(1, 2).build(),
            FrameBuilder.ethernet().qinq(1, 2).ipv4(SRC4, DST4).tcp(1, 2).build(),
            FrameBuilder.ethernet().vlanTag(EtherType.QINQ, 0, 3).ipv4(SRC4, DST4).udp(1, 2).build(),
            FrameBuilder.ethernet().ipv6(SRC6, DST6).hopByHop().udp(1, 2).build(),
            FrameBuilder.ethernet().vlan(9).ipv6(SRC6, DST6).destinationOptions(8).tcp(1, 2).build(),
            FrameBuilder.ethernet().ipv6(SRC6, DST6).ipv6Fragment(5, 0, true).udp(1, 2).payload(64).build(),
            FrameBuilder.ethernet().ipv6(SRC6, DST6).icmpv6(128, 0).payload(16).build(),
            FrameBuilder.ethernet().vlan(2).ipv4(SRC4, DST4).moreFragments().udp(53, 1).payload(64).build());

        for (final byte[] frame : frames)
        {
            assertFalse(decodeBothWays(frame, frame.length, frame.length), HexFormat.of().formatHex(frame));
        }
        assertEquals(frames.size(), layersOnly.counters().total());
    }

    @Test
    void shouldDecodeEveryTruncationOfShortcutFramesAsTheLayersDo()
    {
        for (final byte[] frame : shortcutFrames())
        {
            for (int captured = 0; captured <= frame.length; captured++)
            {
                // Cut by the snap length (wire length kept) and cut on the wire (wire length = captured).
                final boolean tookSnapCut = decodeBothWays(frame, captured, frame.length);
                final int snapReason = reasonOf(withShortcutRecord);
                final boolean tookWireCut = decodeBothWays(frame, captured, captured);
                final int wireReason = reasonOf(withShortcutRecord);
                if (tookSnapCut && snapReason != DecodeEvent.OK.ordinal() ||
                    tookWireCut && wireReason != DecodeEvent.OK.ordinal())
                {
                    fail("shortcut took a frame the layers did not decode: captured " + captured + " of " +
                        HexFormat.of().formatHex(frame));
                }
            }
            assertTrue(decodeBothWays(frame, frame.length, frame.length), HexFormat.of().formatHex(frame));
        }
        for (final DecodeEvent event : DecodeEvent.values())
        {
            assertEquals(layersOnly.counters().count(event), withShortcut.counters().count(event), event.dottedName());
        }
        assertTrue(withShortcut.counters().count(DecodeEvent.SNAPLEN_TRUNC) > 0);
        assertTrue(withShortcut.counters().total(DecodeEvent.Kind.MALFORMED) > 0);
    }

    @Test
    void shouldWriteTheLayersRecordForEveryMutatedShortcutFrame()
    {
        final List<byte[]> frames = shortcutFrames();
        final SplittableRandom random = new SplittableRandom(SEED);
        final byte[] work = new byte[MAX_FRAME];
        int taken = 0;
        for (int n = 0; n < MUTATED_FRAMES; n++)
        {
            final byte[] original = frames.get(random.nextInt(frames.size()));
            final int length = FrameMutator.mutate(original, work, random);
            final int wireLength = random.nextInt(4) == 0 ? length + random.nextInt(2000) : length;
            if (decodeBothWays(work, length, wireLength))
            {
                taken++;
            }
        }
        for (final DecodeEvent event : DecodeEvent.values())
        {
            assertEquals(layersOnly.counters().count(event), withShortcut.counters().count(event), event.dottedName());
        }
        // Most mutations leave the headers valid, many do not: both sides of the shortcut are exercised.
        assertTrue(taken > MUTATED_FRAMES / 10 && taken < MUTATED_FRAMES * 9 / 10, "shortcut took " + taken);
    }

    /**
     * Decodes the first {@code captured} bytes of {@code frame} with and without the shortcut, requires the two
     * records to be identical, and tells whether the shortcut took the frame (asked of a third decoder, so that
     * the two compared decoders see each frame exactly once).
     */
    private boolean decodeBothWays(final byte[] frame, final int captured, final int wireLength)
    {
        MemorySegment.copy(frame, 0, memory, ValueLayout.JAVA_BYTE, 0, captured);
        final MemorySegment exact = memory.asSlice(0, captured);
        withShortcutRecord.setMemory(0, PacketRecordDescriptor.LENGTH, (byte)0x5A);
        layersRecord.setMemory(0, PacketRecordDescriptor.LENGTH, (byte)0xA5);
        final int reason;
        final int layersReason;
        try
        {
            reason = withShortcut.decode(exact, 0, captured, wireLength, TIMESTAMP_NANOS, withShortcutRecord, 0);
            layersReason = layersOnly.decode(exact, 0, captured, wireLength, TIMESTAMP_NANOS, layersRecord, 0);
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(describe(frame, captured, wireLength), ex);
        }
        if (reason != layersReason || withShortcutRecord.compareTo(layersRecord) != 0)
        {
            fail("shortcut and layers disagree; " + describe(frame, captured, wireLength));
        }

        return probe.decodeShortcut(exact, 0, captured, wireLength, TIMESTAMP_NANOS, probeRecord, 0);
    }

    private static int reasonOf(final UnsafeBuffer buffer)
    {
        return new PacketRecord().wrapForRead(buffer, 0).reason();
    }

    private static FrameDecoder newDecoder(final boolean shortcut)
    {
        return new FrameDecoder(
            LinkType.ETHERNET, new DecodeCounters(), new FragmentTable(), new Ipv6AddressBook(64), shortcut);
    }

    private static List<byte[]> shortcutFrames()
    {
        return List.of(
            FrameBuilder.ethernet().ipv4(SRC4, DST4).tcp(40000, 80).tcpFlags(TcpFlags.SYN).build(),
            FrameBuilder.ethernet().ipv4(SRC4, DST4).udp(53, 1234).payload(40).build(),
            FrameBuilder.ethernet().vlan(10).ipv4(SRC4, DST4).tcp(1, 2).mss(1460).payload(30).build(),
            FrameBuilder.ethernet().vlan(11).ipv4(SRC4, DST4).udp(123, 123).payload(48).build(),
            FrameBuilder.ethernet().ipv6(SRC6, DST6).tcp(1, 443).tcpFlags(TcpFlags.SYN | TcpFlags.ACK).build(),
            FrameBuilder.ethernet().ipv6(SRC6, DST6).udp(443, 50000).payload(20).build(),
            FrameBuilder.ethernet().vlan(12).ipv6(SRC6, DST6).tcp(5, 6).payload(12).build(),
            FrameBuilder.ethernet().vlan(13).ipv6(SRC6, DST6).udp(7, 8).build(),
            FrameBuilder.ethernet().ipv4(SRC4, DST4).icmp(8, 0).payload(56).build(),
            FrameBuilder.ethernet().vlan(14).ipv4(SRC4, DST4).icmp(3, 3).payload(28).build());
    }

    private static String describe(final byte[] frame, final int captured, final int wireLength)
    {
        return "captured " + captured + ", wire " + wireLength + ": " + HexFormat.of().formatHex(frame, 0, captured);
    }
}
