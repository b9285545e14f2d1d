package com.flowtriq.ftagent.pcap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PcapIncidentFilterTest
{
    private static final int VICTIM = 0xC6120002;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int LINKTYPE_RAW = 101;
    private static final int LINKTYPE_LINUX_SLL = 113;

    private static final PcapIncidentFilter VICTIM_ANY = new PcapIncidentFilter(new int[]{VICTIM}, new long[0], -1);

    private static boolean matches(final PcapIncidentFilter filter, final int linkType, final byte[] frame)
    {
        // At an offset inside a larger segment, as in a capture ring block.
        final byte[] block = new byte[frame.length + 5];
        System.arraycopy(frame, 0, block, 5, frame.length);
        return filter.matches(linkType, MemorySegment.ofArray(block), 5, frame.length);
    }

    @Test
    void shouldKeepIpv4FramesToOrFromAVictimAndOfTheProtocol()
    {
        // PcapFileTestFrames: UDP 198.18.0.1 -> 198.18.0.2.
        final byte[] toVictim = PcapFileTestFrames.frame(100, 1);

        assertTrue(matches(VICTIM_ANY, PcapFileDescriptor.LINKTYPE_ETHERNET, toVictim));
        assertTrue(matches(new PcapIncidentFilter(new int[]{0xC6120001}, new long[0], UDP),
            PcapFileDescriptor.LINKTYPE_ETHERNET, toVictim));
        assertFalse(matches(new PcapIncidentFilter(new int[]{VICTIM}, new long[0], TCP),
            PcapFileDescriptor.LINKTYPE_ETHERNET, toVictim));
        assertFalse(matches(new PcapIncidentFilter(new int[]{0xC6120003}, new long[0], -1),
            PcapFileDescriptor.LINKTYPE_ETHERNET, toVictim));
    }

    @Test
    void shouldKeepEveryAddressOfTheProtocolWhenNoVictimIsGiven()
    {
        // PcapFileTestFrames: UDP 198.18.0.1 -> 198.18.0.2; neither address is named by the filter.
        final byte[] udp = PcapFileTestFrames.frame(100, 5);
        final byte[] arp = PcapFileTestFrames.frame(60, 6);
        arp[12] = 0x08;
        arp[13] = 0x06;

        assertTrue(matches(new PcapIncidentFilter(new int[0], new long[0], UDP),
            PcapFileDescriptor.LINKTYPE_ETHERNET, udp));
        assertTrue(matches(new PcapIncidentFilter(new int[0], new long[0], -1),
            PcapFileDescriptor.LINKTYPE_ETHERNET, udp));
        assertFalse(matches(new PcapIncidentFilter(new int[0], new long[0], TCP),
            PcapFileDescriptor.LINKTYPE_ETHERNET, udp), "another protocol");
        assertFalse(matches(new PcapIncidentFilter(new int[0], new long[0], -1),
            PcapFileDescriptor.LINKTYPE_ETHERNET, arp), "not IP");
    }

    @Test
    void shouldLookBehindUpToTwoVlanTags()
    {
        final byte[] plain = PcapFileTestFrames.frame(100, 2);
        final byte[] tagged = new byte[plain.length + 8];
        System.arraycopy(plain, 0, tagged, 0, 12);
        System.arraycopy(HexFormat.of().parseHex("88a8006481000065"), 0, tagged, 12, 8);
        System.arraycopy(plain, 12, tagged, 20, plain.length - 12);

        assertTrue(matches(VICTIM_ANY, PcapFileDescriptor.LINKTYPE_ETHERNET, tagged));
    }

    @Test
    void shouldKeepIpv6FramesOfAVictimOnEthernetAndRawIp()
    {
        final byte[] ipv6 = HexFormat.of().parseHex(
            "60000000000811ff" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002" +
            "1234003500080000");
        final byte[] ethernet = new byte[14 + ipv6.length];
        ethernet[12] = (byte)0x86;
        ethernet[13] = (byte)0xDD;
        System.arraycopy(ipv6, 0, ethernet, 14, ipv6.length);
        final PcapIncidentFilter victim =
            new PcapIncidentFilter(new int[0], new long[]{0x20010db800000000L, 2L}, UDP);
        final PcapIncidentFilter other =
            new PcapIncidentFilter(new int[0], new long[]{0x20010db800000000L, 3L}, -1);

        assertTrue(matches(victim, PcapFileDescriptor.LINKTYPE_ETHERNET, ethernet));
        assertTrue(matches(victim, LINKTYPE_RAW, ipv6));
        assertFalse(matches(other, PcapFileDescriptor.LINKTYPE_ETHERNET, ethernet));
    }

    @Test
    void shouldTakeVictimsAsNetworkOrderBytesOfEitherFamily()
    {
        // PcapFileTestFrames: UDP 198.18.0.1 -> 198.18.0.2.
        final byte[] toVictim = PcapFileTestFrames.frame(100, 7);
        final byte[] ipv6 = HexFormat.of().parseHex(
            "60000000000811ff" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002" +
            "1234003500080000");
        final PcapIncidentFilter both = new PcapIncidentFilter.Victims(2)
            .address(HexFormat.of().parseHex("c6120002"))
            .address(HexFormat.of().parseHex("20010db8000000000000000000000002"))
            .build(UDP);
        final PcapIncidentFilter neither = new PcapIncidentFilter.Victims(2)
            .ipv4(0xC6120003)
            .address(HexFormat.of().parseHex("20010db8000000000000000000000003"))
            .build(-1);

        assertTrue(matches(both, PcapFileDescriptor.LINKTYPE_ETHERNET, toVictim));
        assertTrue(matches(both, LINKTYPE_RAW, ipv6));
        assertFalse(matches(neither, PcapFileDescriptor.LINKTYPE_ETHERNET, toVictim));
        assertFalse(matches(neither, LINKTYPE_RAW, ipv6));
        assertThrows(IllegalArgumentException.class, () -> new PcapIncidentFilter.Victims(1).address(new byte[6]));
    }

    @Test
    void shouldLeaveOutNonIpAndTruncatedFramesWithoutReadingPastThem()
    {
        final byte[] arp = PcapFileTestFrames.frame(60, 3);
        arp[12] = 0x08;
        arp[13] = 0x06;
        final byte[] whole = PcapFileTestFrames.frame(100, 4);

        assertFalse(matches(VICTIM_ANY, PcapFileDescriptor.LINKTYPE_ETHERNET, arp));
        for (int length = 0; length < 14 + 20; length++)
        {
            assertFalse(matches(VICTIM_ANY, PcapFileDescriptor.LINKTYPE_ETHERNET, Arrays.copyOf(whole, length)),
                "length " + length);
        }
        assertTrue(matches(VICTIM_ANY, PcapFileDescriptor.LINKTYPE_ETHERNET, Arrays.copyOf(whole, 14 + 20)));
    }

    @Test
    void shouldKeepEveryFrameOfALinkTypeItCannotParse()
    {
        assertTrue(matches(VICTIM_ANY, LINKTYPE_LINUX_SLL, new byte[3]));
    }

    @Test
    void shouldRejectAnOddIpv6ArrayAndAnOutOfRangeProtocol()
    {
        assertThrows(IllegalArgumentException.class, () -> new PcapIncidentFilter(new int[0], new long[1], -1));
        assertThrows(IllegalArgumentException.class, () -> new PcapIncidentFilter(new int[0], new long[0], 256));
    }
}
