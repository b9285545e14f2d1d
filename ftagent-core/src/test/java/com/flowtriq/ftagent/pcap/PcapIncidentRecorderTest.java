package com.flowtriq.ftagent.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.capture.PcapFileSource;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapIncidentRecorderTest
{
    private static final long OPENED_AT = 1_700_000_000_000_000_000L;
    private static final long MILLISECOND = TimeUnit.MILLISECONDS.toNanos(1);

    @TempDir
    Path temp;

    private final Arena arena = Arena.ofConfined();
    private final List<PcapCaptureResult> results = new ArrayList<>();
    private final List<PcapFrameTap> taps = new ArrayList<>();
    private final long[] clock = {OPENED_AT};
    private final List<Sent> sent = new ArrayList<>();

    private record Sent(byte[] bytes, int wireLength, long timestampNanos)
    {
    }

    private record Read(byte[] bytes, int wireLength, long timestampNanos)
    {
    }

    @AfterEach
    void close()
    {
        taps.forEach(PcapFrameTap::close);
        arena.close();
    }

    private PcapCaptureConfiguration configuration(
        final Path directory,
        final int snapLength,
        final int preAttackPackets,
        final int maxPackets,
        final long maxDurationNanos,
        final long minFreeBytes,
        final int handoffCapacity)
    {
        final PcapCaptureConfiguration defaults =
            PcapCaptureConfiguration.defaults(directory, PcapFileDescriptor.LINKTYPE_ETHERNET);
        final int kept = snapLength == 0 ? PcapFileDescriptor.MAX_CAPTURED_LENGTH : snapLength;
        return new PcapCaptureConfiguration(
            directory,
            PcapFileDescriptor.LINKTYPE_ETHERNET,
            snapLength,
            preAttackPackets,
            (long)(Math.max(1, preAttackPackets) + 1) * kept,
            0,
            maxPackets,
            maxDurationNanos,
            defaults.retentionAgeNanos(),
            defaults.maxDiskBytes(),
            0,
            minFreeBytes,
            handoffCapacity,
            defaults.retentionIntervalNanos());
    }

    private PcapCaptureConfiguration configuration(final int preAttackPackets, final int maxPackets)
    {
        return configuration(
            temp.resolve("pcaps"), 256, preAttackPackets, maxPackets, TimeUnit.SECONDS.toNanos(60), 0, 1 << 20);
    }

    private PcapIncidentRecorder recorder(final PcapCaptureConfiguration configuration)
    {
        return new PcapIncidentRecorder(configuration, () -> clock[0], results::add);
    }

    private PcapFrameTap tap(final PcapIncidentRecorder recorder)
    {
        final PcapFrameTap tap = recorder.newTap();
        taps.add(tap);
        return tap;
    }

    /** Hands {@code count} frames of varied lengths, 1 ms apart from {@code firstTimestamp}, to the tap. */
    private void send(final FrameHandler tap, final int count, final long firstTimestamp, final int maxLength)
    {
        for (int i = 0; i < count; i++)
        {
            final int length = PcapFileTestFrames.ETHERNET_IPV4_UDP_HEADERS + (sent.size() * 53) % (maxLength - 42);
            final byte[] frame = PcapFileTestFrames.frame(length, sent.size());
            final MemorySegment block = arena.allocate(length + 3L);
            MemorySegment.copy(frame, 0, block, ValueLayout.JAVA_BYTE, 3, length);
            final long timestamp = firstTimestamp + i * MILLISECOND;
            tap.onFrame(block, 3, length, length + 10, timestamp);
            sent.add(new Sent(frame, length + 10, timestamp));
        }
    }

    private static void work(final PcapIncidentRecorder recorder)
    {
        while (recorder.doWork() > 0)
        {
            // Until commands and the ring are drained.
        }
    }

    private static List<Read> readBack(final Path file) throws IOException
    {
        final List<Read> frames = new ArrayList<>();
        final FrameHandler collector = (frame, offset, capturedLength, wireLength, timestampNanos) ->
        {
            final byte[] bytes = new byte[capturedLength];
            MemorySegment.copy(frame, ValueLayout.JAVA_BYTE, offset, bytes, 0, capturedLength);
            frames.add(new Read(bytes, wireLength, timestampNanos));
        };
        try (PcapFileSource source = PcapFileSource.open(file))
        {
            while (source.poll(collector) != PacketSource.END_OF_INPUT)
            {
                // Read to the end.
            }
            assertEquals(0, source.truncatedRecords(), source.describe());
            assertEquals(PcapFileDescriptor.LINKTYPE_ETHERNET, source.linkType());
        }
        return frames;
    }

    private static void assertSame(final List<Sent> sent, final List<Read> read, final int keptLength)
    {
        assertEquals(sent.size(), read.size());
        for (int i = 0; i < sent.size(); i++)
        {
            final byte[] bytes = sent.get(i).bytes();
            assertArrayEquals(Arrays.copyOf(bytes, Math.min(bytes.length, keptLength)), read.get(i).bytes(), "" + i);
            assertEquals(sent.get(i).wireLength(), read.get(i).wireLength(), "wire length of frame " + i);
            assertEquals(sent.get(i).timestampNanos(), read.get(i).timestampNanos(), "timestamp of frame " + i);
        }
    }

    @Test
    void shouldWritePreAttackFramesThenLiveFramesToAPrivateIncidentFile() throws IOException, InterruptedException
    {
        final PcapIncidentRecorder recorder = recorder(configuration(20, 10_000));
        final PcapFrameTap tap = tap(recorder);
        send(tap, 50, OPENED_AT - 50 * MILLISECOND, 1500);

        recorder.requestStart("inc-1", OPENED_AT);
        work(recorder);
        assertTrue(recorder.capturing());
        send(tap, 30, OPENED_AT, 1500);
        work(recorder);
        recorder.requestStop("inc-1");
        work(recorder);

        assertFalse(recorder.capturing());
        final PcapCaptureResult result = results.getFirst();
        assertEquals(PcapCaptureOutcome.STOPPED, result.outcome());
        assertEquals(50, result.packets());
        assertEquals(20, result.preAttackPackets());
        assertEquals(0, result.droppedPackets());
        assertEquals(Files.size(result.file()), result.fileBytes());
        assertEquals("inc-1_20231114T221320Z.pcap", result.file().getFileName().toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(result.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("pcaps"))));

        final List<Read> read = readBack(result.file());
        // The last 20 frames from before the incident, then the 30 live ones.
        assertSame(sent.subList(30, 80), read, 256);
        assertTrue(read.getFirst().timestampNanos() < OPENED_AT);
        assertEquals(OPENED_AT, read.get(20).timestampNanos());

        if (PcapFileTcpdump.available())
        {
            final PcapFileTcpdump.Result tcpdump = PcapFileTcpdump.read(result.file(), "--time-stamp-precision=nano");
            assertEquals(0, tcpdump.exitCode(), tcpdump.stderr());
            assertEquals(read.stream().map(Read::timestampNanos).toList(), tcpdump.timestampsNanos());
        }
    }

    @Test
    void shouldEndTheFileAtMaxPacketsAndNotWriteTheFramesAfter() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder(configuration(0, 25));
        final PcapFrameTap tap = tap(recorder);
        recorder.requestStart("inc-2", OPENED_AT);
        work(recorder);

        send(tap, 100, OPENED_AT, 1500);
        work(recorder);
        send(tap, 10, OPENED_AT + 100 * MILLISECOND, 1500);
        work(recorder);

        final PcapCaptureResult result = results.getFirst();
        assertEquals(PcapCaptureOutcome.MAX_PACKETS, result.outcome());
        assertEquals(25, result.packets());
        assertSame(sent.subList(0, 25), readBack(result.file()), 256);
        // Forwarded before the writer saw the limit, then found stale; the last 10 were never forwarded.
        assertEquals(75, recorder.staleFrames());
        assertEquals(100, tap.forwardedFrames());
        assertEquals(1, results.size());
    }

    @Test
    void shouldEndTheFileAtMaxDurationByFrameTimestamps() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder(configuration(
            temp.resolve("pcaps"), 0, 0, 10_000, 40 * MILLISECOND, 0, 4 << 20));
        final PcapFrameTap tap = tap(recorder);
        recorder.requestStart("inc-3", OPENED_AT);
        work(recorder);

        send(tap, 100, OPENED_AT, 9000);
        work(recorder);

        final PcapCaptureResult result = results.getFirst();
        assertEquals(PcapCaptureOutcome.MAX_DURATION, result.outcome());
        assertEquals(40, result.packets());
        // Snap length 0 keeps whole frames, jumbo ones included.
        assertSame(sent.subList(0, 40), readBack(result.file()), Integer.MAX_VALUE);
    }

    @Test
    void shouldEndTheFileAtMaxDurationOnTheClockWhenNoFramesCome() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder(configuration(
            temp.resolve("pcaps"), 256, 0, 10_000, TimeUnit.SECONDS.toNanos(60), 0, 1 << 20));
        final PcapFrameTap tap = tap(recorder);
        recorder.requestStart("inc-4", OPENED_AT);
        work(recorder);
        send(tap, 3, OPENED_AT, 200);
        clock[0] = OPENED_AT + TimeUnit.SECONDS.toNanos(59);
        work(recorder);
        assertTrue(recorder.capturing());

        clock[0] = OPENED_AT + TimeUnit.SECONDS.toNanos(60);
        work(recorder);

        assertFalse(recorder.capturing());
        assertEquals(PcapCaptureOutcome.MAX_DURATION, results.getFirst().outcome());
        assertEquals(3, readBack(results.getFirst().file()).size());
    }

    @Test
    void shouldRefuseASecondIncidentWhileOneIsCapturedAndIgnoreARepeatedStart() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder(configuration(0, 10_000));
        final PcapFrameTap tap = tap(recorder);
        recorder.requestStart("inc-5", OPENED_AT);
        recorder.requestStart("inc-5", OPENED_AT);
        recorder.requestStart("inc-6", OPENED_AT + 1);
        work(recorder);
        send(tap, 5, OPENED_AT, 200);
        recorder.requestStop("inc-6");
        work(recorder);
        assertTrue(recorder.capturing());
        recorder.requestStop("inc-5");
        work(recorder);

        assertEquals(2, results.size());
        assertEquals("inc-6", results.get(0).incidentId());
        assertEquals(PcapCaptureOutcome.REFUSED_BUSY, results.get(0).outcome());
        assertNull(results.get(0).file());
        assertTrue(results.get(0).detail().contains("inc-5"), results.get(0).detail());
        assertEquals(PcapCaptureOutcome.STOPPED, results.get(1).outcome());
        assertEquals(5, results.get(1).packets());
        assertEquals(1, recorder.capturesRefused());
    }

    @Test
    void shouldRefuseToStartWhenFreeDiskIsBelowTheMinimumAndCreateNoFile() throws IOException
    {
        final Path directory = temp.resolve("pcaps");
        final PcapIncidentRecorder recorder = recorder(configuration(
            directory, 256, 0, 10_000, TimeUnit.SECONDS.toNanos(60), Long.MAX_VALUE, 1 << 20));
        final PcapFrameTap tap = tap(recorder);
        recorder.requestStart("inc-7", OPENED_AT);
        work(recorder);
        send(tap, 5, OPENED_AT, 200);
        work(recorder);

        assertFalse(recorder.capturing());
        assertEquals(PcapCaptureOutcome.REFUSED_LOW_DISK, results.getFirst().outcome());
        assertTrue(results.getFirst().detail().contains("pcap_min_free_mb"), results.getFirst().detail());
        assertEquals(0, tap.forwardedFrames());
        try (Stream<Path> files = Files.list(directory))
        {
            assertEquals(0, files.count());
        }
    }

    @Test
    void shouldLogLowDiskOnceWhileEveryStartIsRefused() throws IOException
    {
        final List<String> warnings = new ArrayList<>();
        final Handler handler = new Handler()
        {
            @Override
            public void publish(final LogRecord record)
            {
                if (record.getLevel() == Level.WARNING)
                {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        final Logger logger = Logger.getLogger(PcapIncidentRecorder.class.getName());
        logger.addHandler(handler);
        try
        {
            final Path directory = temp.resolve("pcaps");
            final PcapIncidentRecorder lowDisk = recorder(configuration(
                directory, 256, 0, 10_000, TimeUnit.SECONDS.toNanos(60), Long.MAX_VALUE, 1 << 20));
            lowDisk.requestStart("inc-1", OPENED_AT);
            lowDisk.requestStart("inc-2", OPENED_AT + 1);
            lowDisk.requestStart("inc-3", OPENED_AT + 2);
            work(lowDisk);

            assertEquals(3, lowDisk.capturesRefused());
            assertEquals(3, results.stream().filter(r -> r.outcome() == PcapCaptureOutcome.REFUSED_LOW_DISK).count());
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.getFirst().contains("pcap_min_free_mb"), warnings.getFirst());
        }
        finally
        {
            logger.removeHandler(handler);
        }
    }

    @Test
    void shouldCountFramesDroppedWhenTheRingToTheWriterIsFullAndKeepCapturing() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder(configuration(
            temp.resolve("pcaps"), 256, 0, 100_000, TimeUnit.SECONDS.toNanos(60), 0, 64 * 1024));
        final PcapFrameTap tap = tap(recorder);
        recorder.requestStart("inc-8", OPENED_AT);
        work(recorder);

        // No writer work while 2000 frames arrive: the 64 KiB ring fills.
        send(tap, 2000, OPENED_AT, 1500);
        work(recorder);
        send(tap, 10, OPENED_AT + 2000 * MILLISECOND, 1500);
        work(recorder);
        recorder.requestStop("inc-8");
        work(recorder);

        final PcapCaptureResult result = results.getFirst();
        assertTrue(tap.droppedFrames() > 0);
        assertEquals(tap.droppedFrames(), result.droppedPackets());
        assertEquals(2010, result.packets() + result.droppedPackets());
        final List<Read> read = readBack(result.file());
        assertEquals(result.packets(), read.size());
        // The frames after the writer caught up are all there.
        assertSame(sent.subList(2000, 2010), read.subList(read.size() - 10, read.size()), 256);
    }

    @Test
    void shouldWriteFramesQueuedBeforeTheStopIntoTheEndingCapture() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder(configuration(0, 10_000));
        final PcapFrameTap tap = tap(recorder);
        recorder.requestStart("inc-9", OPENED_AT);
        work(recorder);
        send(tap, 10, OPENED_AT, 300);
        recorder.requestStop("inc-9");
        recorder.requestStart("inc-10", OPENED_AT + 1);
        work(recorder);
        send(tap, 5, OPENED_AT + 10 * MILLISECOND, 300);
        recorder.requestStop("inc-10");
        work(recorder);

        assertEquals(List.of(PcapCaptureOutcome.STOPPED, PcapCaptureOutcome.STOPPED),
            results.stream().map(PcapCaptureResult::outcome).toList());
        assertSame(sent.subList(0, 10), readBack(results.get(0).file()), 256);
        assertSame(sent.subList(10, 15), readBack(results.get(1).file()), 256);
        assertEquals(0, recorder.staleFrames());
    }

    @Test
    void shouldNotWriteFramesOfAnEndedCaptureIntoTheNextOne() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder(configuration(0, 5));
        final PcapFrameTap tap = tap(recorder);
        recorder.requestStart("inc-13", OPENED_AT);
        work(recorder);
        // 20 frames queued for inc-13, which ends after 5; inc-14 is asked for before the writer runs.
        send(tap, 20, OPENED_AT, 300);
        recorder.requestStart("inc-14", OPENED_AT + 1);
        work(recorder);
        send(tap, 3, OPENED_AT + 20 * MILLISECOND, 300);
        recorder.requestStop("inc-14");
        work(recorder);

        assertEquals(PcapCaptureOutcome.MAX_PACKETS, results.get(0).outcome());
        assertSame(sent.subList(0, 5), readBack(results.get(0).file()), 256);
        assertEquals(PcapCaptureOutcome.STOPPED, results.get(1).outcome());
        assertSame(sent.subList(20, 23), readBack(results.get(1).file()), 256);
        assertEquals(15, recorder.staleFrames());
    }

    @Test
    void shouldEndTheCaptureAsFailedNamingTheErrorWhenTheDiskIsFull() throws IOException, InterruptedException
    {
        Assumptions.assumeTrue(isRoot(), "needs root: mounts a 256 KiB tmpfs to fill");
        final Path mount = Files.createDirectory(temp.resolve("full"));
        final Process mounting = new ProcessBuilder(
            "mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", mount.toString())
            .redirectErrorStream(true).start();
        final String output = new String(mounting.getInputStream().readAllBytes());
        Assumptions.assumeTrue(mounting.waitFor() == 0, "cannot mount a tmpfs here: " + output);
        try
        {
            final PcapIncidentRecorder recorder = recorder(configuration(
                mount.resolve("pcaps"), 0, 0, 100_000, TimeUnit.SECONDS.toNanos(60), 0, 4 << 20));
            final PcapFrameTap tap = tap(recorder);
            recorder.requestStart("inc-11", OPENED_AT);
            work(recorder);
            // About 3 MB of frames: the 1 MiB staging buffer cannot be written to 256 KiB.
            for (int i = 0; i < 20; i++)
            {
                send(tap, 100, OPENED_AT + i * 100 * MILLISECOND, 1500);
                work(recorder);
            }

            final PcapCaptureResult result = results.getFirst();
            assertEquals(PcapCaptureOutcome.FAILED, result.outcome());
            assertTrue(result.detail().contains("No space left on device"), result.detail());
            assertTrue(result.detail().contains(result.file().toString()), result.detail());
            assertFalse(recorder.capturing());
            assertEquals(1, recorder.capturesFailed());
            // Whatever reached the file reads without an exception.
            try (PcapFileSource source = PcapFileSource.open(result.file()))
            {
                while (source.poll((frame, offset, captured, wire, timestamp) -> { }) != PacketSource.END_OF_INPUT)
                {
                    // Read to the end or to the first truncated record.
                }
                assertTrue(source.packets() < result.packets(), source.describe());
            }
        }
        finally
        {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void shouldKeepOnlyTheVictimsPreAttackAndLiveFramesWhenTheIncidentHasAFilter() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder(configuration(100, 10_000));
        final PcapFrameTap tap = tap(recorder);
        // Frames alternate between destination 198.18.0.2 and 198.18.0.3 (byte 33 is the last destination byte).
        final List<Sent> victimFrames = new ArrayList<>();
        for (int i = 0; i < 40; i++)
        {
            final byte[] frame = PcapFileTestFrames.frame(120, i);
            frame[33] = (byte)(i % 2 == 0 ? 3 : 2);
            final long timestamp = OPENED_AT + (i - 20) * MILLISECOND;
            tap.onFrame(MemorySegment.ofArray(frame), 0, 120, 120, timestamp);
            if (i % 2 == 0)
            {
                victimFrames.add(new Sent(frame, 120, timestamp));
            }
            if (i == 19)
            {
                final PcapIncidentFilter udpToVictim = new PcapIncidentFilter(new int[]{0xC6120003}, new long[0], 17);
                recorder.requestStart("inc-15", OPENED_AT, udpToVictim);
                work(recorder);
            }
        }
        recorder.requestStop("inc-15");
        work(recorder);

        final PcapCaptureResult result = results.getFirst();
        assertEquals(20, result.packets());
        assertEquals(20, result.filteredPackets());
        assertEquals(20, tap.filteredFrames());
        assertSame(victimFrames, readBack(result.file()), 256);
    }

    @Test
    void shouldNotAllocatePerFrameInTheTapWhetherCapturingOrNot()
    {
        final PcapIncidentRecorder recorder = recorder(configuration(1000, Integer.MAX_VALUE));
        final PcapFrameTap tap = tap(recorder);
        final MemorySegment frame = arena.allocate(1514);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

        long allocated = 0;
        for (int phase = 0; phase < 4; phase++)
        {
            if (phase == 2)
            {
                recorder.requestStart("inc-12", OPENED_AT);
                work(recorder);
            }
            for (int batch = 0; batch < 100; batch++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 1000; i++)
                {
                    tap.onFrame(frame, 0, 60 + i % 200, 1514, OPENED_AT + i);
                }
                if (phase % 2 == 1)
                {
                    allocated += threads.getCurrentThreadAllocatedBytes() - before;
                }
                work(recorder);
            }
        }

        assertTrue(recorder.capturing());
        assertEquals(0, tap.droppedFrames());
        assertTrue(allocated < 4096, "tap allocated " + allocated + " bytes for 200k frames");
    }

    private static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }
}
