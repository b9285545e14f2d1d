package com.flowtriq.ftagent.count;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TrafficCountersPackingTest
{
    private static final int VICTIM = 0xC612_0001; // 198.18.0.1

    /**
     * 1,100,000 maximum-length DNS replies charge 1,100,000 x (65,535 + 256) of the 2^36 packing budget, so the
     * packed slots are unpacked once mid-bank; bytes (about 7.2e10) exceed 2^36 in total, so a lost or doubled
     * unpack would show in the sums.
     */
    @Test
    void shouldCountExactlyWhenPackedSlotsAreUnpackedMidBank()
    {
        final long packets = 1_100_000L;
        final int length = 65_535;
        final RecordStream stream = new RecordStream().udp4(1, 0x0B00_0001L, VICTIM, 53, 33_333, length);
        final TrafficCounters bank = new TrafficCounters();
        for (long i = 0; i < packets; i++)
        {
            bank.count(stream.buffer(), RecordStream.offset(0));
        }

        final long[] window = new long[TrafficCounterSlots.LENGTH];
        bank.addTo(window);
        bank.addTo(window);

        final long bytes = packets * length;
        assertEquals(2 * packets, window[TrafficCounterSlots.TOTAL_PACKETS]);
        assertEquals(2 * bytes, window[TrafficCounterSlots.TOTAL_BYTES]);
        assertEquals(2 * packets, window[TrafficCounterSlots.FAMILY_PACKETS + 1]);
        assertEquals(2 * bytes, window[TrafficCounterSlots.FAMILY_BYTES + 1]);
        assertEquals(2 * packets, window[TrafficCounterSlots.PROTOCOL_PACKETS + Protocol.UDP.ordinal()]);
        assertEquals(2 * bytes, window[TrafficCounterSlots.PROTOCOL_BYTES + Protocol.UDP.ordinal()]);
        final int dns = AmplificationPort.DNS.ordinal();
        assertEquals(2 * packets, window[TrafficCounterSlots.AMPLIFICATION_PACKETS + dns]);
        assertEquals(2 * bytes, window[TrafficCounterSlots.AMPLIFICATION_BYTES + dns]);
        assertEquals(2 * packets, window[TrafficCounterSlots.FRAGMENT_PACKETS]);
        assertEquals(2 * bytes, window[TrafficCounterSlots.FRAGMENT_BYTES]);

        bank.clear();
        final long[] cleared = new long[TrafficCounterSlots.LENGTH];
        bank.addTo(cleared);
        assertArrayEquals(new long[TrafficCounterSlots.LENGTH], cleared);
    }
}
