package com.flowtriq.ftagent.capture;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingGeometryTest
{
    private static final int PAGE_SIZE = 4096;

    @Test
    void shouldAcceptDefaultGeometry()
    {
        assertEquals(List.of(), RingGeometry.DEFAULT.violations(PAGE_SIZE));
        assertSame(RingGeometry.DEFAULT, RingGeometry.DEFAULT.validate(PAGE_SIZE));
        assertEquals(512L * 64, RingGeometry.DEFAULT.frameCount());
        assertEquals(64L << 20, RingGeometry.DEFAULT.ringBytes());
    }

    @Test
    void shouldComputeTpacket3HdrlenFromHeaderAndSockaddrLl()
    {
        // TPACKET_ALIGN(sizeof(struct tpacket3_hdr) = 48) + sizeof(struct sockaddr_ll) = 20.
        assertEquals(68, RingGeometry.TPACKET3_HDRLEN);
    }

    @Test
    void shouldRejectBlockSizeThatIsNotPageMultiple()
    {
        final List<String> violations = RingGeometry.of(PAGE_SIZE + 2048, 4, 2048, 10).violations(PAGE_SIZE);

        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("tp_block_size=6144"), violations.get(0));
        assertTrue(violations.get(0).contains("multiple of the page size 4096"), violations.get(0));
    }

    @Test
    void shouldRejectFrameSizeBelowTpacket3Hdrlen()
    {
        final List<String> violations = RingGeometry.of(PAGE_SIZE, 4, 64, 10).violations(PAGE_SIZE);

        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("tp_frame_size=64 must be at least TPACKET3_HDRLEN=68"), violations.get(0));
    }

    @Test
    void shouldRejectFrameSizeNotAlignedToTpacketAlignment()
    {
        final List<String> violations = RingGeometry.of(PAGE_SIZE * 3, 4, 1000, 10).violations(PAGE_SIZE);

        assertTrue(violations.contains("tp_frame_size=1000 must be a multiple of TPACKET_ALIGNMENT=16"),
            violations.toString());
    }

    @Test
    void shouldRejectFrameLargerThanBlock()
    {
        final List<String> violations = RingGeometry.of(PAGE_SIZE, 4, 8192, 10).violations(PAGE_SIZE);

        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("must not exceed tp_block_size=4096"), violations.get(0));
    }

    @Test
    void shouldRejectBlockSizeNotMultipleOfFrameSize()
    {
        final List<String> violations = RingGeometry.of(PAGE_SIZE, 4, 1536, 10).violations(PAGE_SIZE);

        assertEquals(List.of("tp_block_size=4096 must be a multiple of tp_frame_size=1536"), violations);
    }

    @Test
    void shouldRejectZeroBlocksAndNegativeTimeout()
    {
        final List<String> violations = RingGeometry.of(PAGE_SIZE, 0, 2048, -1).violations(PAGE_SIZE);

        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("tp_block_nr=0 must be at least 1"), violations.get(0));
        assertTrue(violations.get(1).contains("tp_retire_blk_tov=-1 must not be negative"), violations.get(1));
    }

    @Test
    void shouldRejectFrameCountBeyondThirtyTwoBits()
    {
        final List<String> violations = RingGeometry.of(1 << 30, 1 << 20, 2048, 10).violations(PAGE_SIZE);

        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("must fit in 32 bits"), violations.get(0));
    }

    @Test
    void shouldNameEveryBrokenRuleWhenValidating()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> RingGeometry.of(5000, 0, 40, 10).validate(PAGE_SIZE));

        assertTrue(ex.getMessage().contains("tp_block_size=5000"), ex.getMessage());
        assertTrue(ex.getMessage().contains("tp_frame_size=40 must be at least"), ex.getMessage());
        assertTrue(ex.getMessage().contains("tp_frame_size=40 must be a multiple of TPACKET_ALIGNMENT"), ex.getMessage());
        assertTrue(ex.getMessage().contains("tp_block_nr=0"), ex.getMessage());
    }

    @Test
    void shouldDescribeGeometryInOperatorUnits()
    {
        assertEquals("64x1MiB frame=2048 timeout=10ms", RingGeometry.DEFAULT.toString());
        assertEquals("2x8KiB frame=2048 timeout=0ms", RingGeometry.of(8192, 2, 2048, 0).toString());
    }
}
