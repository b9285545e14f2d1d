package com.flowtriq.ftagent.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.flowtriq.ftagent.capture.FrameHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PcapPreAttackRingTest
{
    private final Arena arena = Arena.ofConfined();
    private final List<PcapPreAttackRing> rings = new ArrayList<>();

    private record Kept(byte[] bytes, int wireLength, long timestampNanos)
    {
    }

    @AfterEach
    void close()
    {
        rings.forEach(PcapPreAttackRing::close);
        arena.close();
    }

    private PcapPreAttackRing ring(final int packets, final long bytes, final int kept, final long window)
    {
        final PcapPreAttackRing ring = new PcapPreAttackRing(packets, bytes, kept, window);
        rings.add(ring);
        return ring;
    }

    /** Records {@code frame} from an odd offset inside a larger segment, as a capture ring block would hold it. */
    private void record(final PcapPreAttackRing ring, final byte[] frame, final int wireLength, final long timestamp)
    {
        final MemorySegment block = arena.allocate(frame.length + 7L);
        MemorySegment.copy(frame, 0, block, ValueLayout.JAVA_BYTE, 7, frame.length);
        ring.record(block, 7, frame.length, wireLength, timestamp);
    }

    private static List<Kept> drain(final PcapPreAttackRing ring, final long now)
    {
        final List<Kept> kept = new ArrayList<>();
        final FrameHandler collector = (frame, offset, capturedLength, wireLength, timestampNanos) ->
        {
            final byte[] bytes = new byte[capturedLength];
            MemorySegment.copy(frame, ValueLayout.JAVA_BYTE, offset, bytes, 0, capturedLength);
            kept.add(new Kept(bytes, wireLength, timestampNanos));
        };
        final long agedBefore = ring.agedOutFrames();
        final int size = ring.size();
        assertEquals(size, ring.drain(collector, now) + (int)(ring.agedOutFrames() - agedBefore));
        return kept;
    }

    @Test
    void shouldKeepTheLastFramesOldestFirstAndCountOverwrittenOnesWhenPacketCapacityIsExceeded()
    {
        final PcapPreAttackRing ring = ring(4, 4096, 256, 0);
        for (int i = 0; i < 10; i++)
        {
            record(ring, PcapFileTestFrames.frame(60 + i, i), 60 + i, 1_000L + i);
        }

        assertEquals(4, ring.size());
        final List<Kept> kept = drain(ring, 2_000);
        assertEquals(List.of(1_006L, 1_007L, 1_008L, 1_009L), kept.stream().map(Kept::timestampNanos).toList());
        for (int i = 0; i < 4; i++)
        {
            assertArrayEquals(PcapFileTestFrames.frame(66 + i, 6 + i), kept.get(i).bytes());
        }
        assertEquals(6, ring.overwrittenFrames());
        assertEquals(10, ring.recordedFrames());
        assertEquals(0, ring.size());
        assertTrue(drain(ring, 2_000).isEmpty());
    }

    @Test
    void shouldDropOldestFramesWhenTheirBytesAreNeededAndNeverCorruptKeptOnes()
    {
        final PcapPreAttackRing ring = ring(1000, 1000, 300, 0);
        // 5 frames of 300 bytes need 1500 bytes: only the last three fit (900 bytes), the 100-byte tail is unused.
        for (int i = 0; i < 5; i++)
        {
            record(ring, PcapFileTestFrames.frame(300, 100 + i), 300, i);
        }

        final List<Kept> kept = drain(ring, 10);
        assertEquals(3, kept.size());
        for (int i = 0; i < 3; i++)
        {
            assertArrayEquals(PcapFileTestFrames.frame(300, 102 + i), kept.get(i).bytes());
        }
        assertEquals(2, ring.overwrittenFrames());
    }

    @Test
    void shouldMatchAReferenceModelOverRandomLengthsAndWraps()
    {
        final int packets = 37;
        final long bytes = 5_000;
        final int keptLimit = 700;
        final PcapPreAttackRing ring = ring(packets, bytes, keptLimit, 0);
        final ArrayDeque<Kept> model = new ArrayDeque<>();
        final SplittableRandom random = new SplittableRandom(3);
        long timestamp = 0;

        for (int round = 0; round < 20; round++)
        {
            final int frames = random.nextInt(1, 400);
            for (int i = 0; i < frames; i++)
            {
                final int length = random.nextInt(0, 1200);
                final byte[] frame = PcapFileTestFrames.frame(length, timestamp);
                record(ring, frame, length + 4, ++timestamp);
                model.addLast(new Kept(Arrays.copyOf(frame, Math.min(length, keptLimit)), length + 4, timestamp));
                // The model keeps what fits in both capacities, ignoring fragmentation: the ring may keep fewer.
                long modelBytes = model.stream().mapToLong(k -> k.bytes().length).sum();
                while (model.size() > packets || modelBytes > bytes)
                {
                    modelBytes -= model.removeFirst().bytes().length;
                }
            }

            final List<Kept> kept = drain(ring, timestamp);
            final List<Kept> expected = new ArrayList<>(model);
            // The ring keeps frames contiguous, so it may lose less than one frame's bytes to an unused tail:
            // it keeps at least the newest frames that fit in (bytes - keptLimit).
            int atLeast = 0;
            long suffixBytes = 0;
            for (int i = expected.size() - 1; i >= 0; i--)
            {
                suffixBytes += expected.get(i).bytes().length;
                if (suffixBytes > bytes - keptLimit)
                {
                    break;
                }
                atLeast++;
            }
            assertTrue(kept.size() <= expected.size(), kept.size() + " > " + expected.size());
            assertTrue(kept.size() >= atLeast, kept.size() + " < " + atLeast);
            // What the ring kept is the newest part of what the model kept, byte for byte.
            final List<Kept> newest = expected.subList(expected.size() - kept.size(), expected.size());
            for (int i = 0; i < kept.size(); i++)
            {
                assertEquals(newest.get(i).timestampNanos(), kept.get(i).timestampNanos());
                assertEquals(newest.get(i).wireLength(), kept.get(i).wireLength());
                assertArrayEquals(newest.get(i).bytes(), kept.get(i).bytes(), "frame at " + kept.get(i));
            }
            model.clear();
        }
    }

    @Test
    void shouldCutFramesToTheKeptLengthAndKeepTheirWireLength()
    {
        final PcapPreAttackRing ring = ring(8, 1024, 96, 0);
        final byte[] frame = PcapFileTestFrames.frame(1500, 9);
        record(ring, frame, 1500, 1);

        final Kept kept = drain(ring, 1).getFirst();
        assertArrayEquals(Arrays.copyOf(frame, 96), kept.bytes());
        assertEquals(1500, kept.wireLength());
    }

    @Test
    void shouldSkipAndCountFramesOlderThanTheWindowAtDrain()
    {
        final long second = 1_000_000_000L;
        final PcapPreAttackRing ring = ring(100, 100 * 64, 64, 5 * second);
        for (int i = 0; i < 10; i++)
        {
            record(ring, PcapFileTestFrames.frame(64, i), 64, i * second);
        }

        final List<Kept> kept = drain(ring, 12 * second);
        // Frames at 7, 8 and 9 s are within 5 s of 12 s.
        assertEquals(List.of(7 * second, 8 * second, 9 * second), kept.stream().map(Kept::timestampNanos).toList());
        assertEquals(7, ring.agedOutFrames());
        assertEquals(0, ring.size());
    }

    @Test
    void shouldRejectCapacitiesThatCannotHoldOneFrame()
    {
        assertThrows(IllegalArgumentException.class, () -> new PcapPreAttackRing(0, 1024, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> new PcapPreAttackRing(10, 63, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> new PcapPreAttackRing(10, 1024, 0, 0));
    }

    @Test
    void shouldNotAllocatePerRecordedFrame()
    {
        final PcapPreAttackRing ring = ring(1000, 256_000, 256, 0);
        final MemorySegment frame = arena.allocate(1514);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100_000; i++)
        {
            ring.record(frame, 0, 60 + i % 1400, 1514, i);
        }

        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++)
        {
            ring.record(frame, 0, 60 + i % 1400, 1514, i);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < 4096, "allocated " + allocated + " bytes recording 1M frames");
        assertEquals(1_100_000, ring.recordedFrames());
    }
}
