package com.flowtriq.ftagent.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.capture.PcapFileSource;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder on its own agent thread with capture threads feeding their taps concurrently, and retention run by
 * the recorder.
 */
class PcapIncidentRecorderThreadsTest
{
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int CAPTURE_THREADS = 2;
    private static final int FRAMES_PER_THREAD = 20_000;
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path temp;

    private static PcapCaptureConfiguration configuration(final Path directory, final int maxFiles)
    {
        final PcapCaptureConfiguration defaults =
            PcapCaptureConfiguration.defaults(directory, PcapFileDescriptor.LINKTYPE_ETHERNET);
        return new PcapCaptureConfiguration(
            directory,
            PcapFileDescriptor.LINKTYPE_ETHERNET,
            128,
            100,
            101 * 128,
            0,
            1_000_000,
            TimeUnit.DAYS.toNanos(1),
            TimeUnit.DAYS.toNanos(7),
            defaults.maxDiskBytes(),
            maxFiles,
            0,
            1 << 20,
            defaults.retentionIntervalNanos());
    }

    @Test
    void shouldKeepEachCaptureThreadsFramesInOrderAndAccountForEveryFrame() throws Exception
    {
        final BlockingQueue<PcapCaptureResult> results = new ArrayBlockingQueue<>(4);
        final PcapIncidentRecorder recorder = new PcapIncidentRecorder(
            configuration(temp.resolve("pcaps"), 0), new SystemEpochNanoClock(), results::add);
        final List<PcapFrameTap> taps = new ArrayList<>();
        for (int i = 0; i < CAPTURE_THREADS; i++)
        {
            taps.add(recorder.newTap());
        }
        final long[] dropped = new long[CAPTURE_THREADS];

        try (AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace,
            null, recorder))
        {
            AgentRunner.startOnThread(runner);
            // Each capture thread records 50 frames before the incident: its pre-attack frames.
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < CAPTURE_THREADS; t++)
            {
                final int thread = t;
                threads.add(Thread.ofPlatform().start(() -> send(taps.get(thread), thread, 0, 50)));
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            recorder.requestStart("inc-threads", System.currentTimeMillis() * 1_000_000L);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!recorder.capturing() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            assertTrue(recorder.capturing(), "capture did not start");

            threads.clear();
            for (int t = 0; t < CAPTURE_THREADS; t++)
            {
                final int thread = t;
                threads.add(Thread.ofPlatform().start(() ->
                {
                    send(taps.get(thread), thread, 50, FRAMES_PER_THREAD);
                    dropped[thread] = taps.get(thread).droppedFrames();
                }));
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            recorder.requestStop("inc-threads");

            final PcapCaptureResult result = results.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(result, "no capture result");
            assertEquals(PcapCaptureOutcome.STOPPED, result.outcome());
            assertEquals(CAPTURE_THREADS * 50L, result.preAttackPackets());
            assertEquals(dropped[0] + dropped[1], result.droppedPackets());
            assertEquals(CAPTURE_THREADS * (long)FRAMES_PER_THREAD, result.packets() + result.droppedPackets());

            final int[] lastSequence = {-1, -1};
            final long[] perThread = new long[CAPTURE_THREADS];
            final FrameHandler checker = (frame, offset, capturedLength, wireLength, timestampNanos) ->
            {
                final int thread = frame.get(INT_BE, offset);
                final int sequence = frame.get(INT_BE, offset + 4);
                assertTrue(sequence > lastSequence[thread], "thread " + thread + " frame " + sequence +
                    " after " + lastSequence[thread]);
                lastSequence[thread] = sequence;
                perThread[thread]++;
            };
            try (PcapFileSource source = PcapFileSource.open(result.file()))
            {
                while (source.poll(checker) != PacketSource.END_OF_INPUT)
                {
                    // Read to the end.
                }
                assertEquals(result.packets(), source.packets());
                assertEquals(0, source.truncatedRecords());
            }
            assertEquals(result.packets(), perThread[0] + perThread[1]);
            // The first frames of each thread in the file are its 50 pre-attack frames (unless dropped).
            if (dropped[0] + dropped[1] == 0)
            {
                assertEquals(FRAMES_PER_THREAD - 1, lastSequence[0]);
                assertEquals(FRAMES_PER_THREAD - 1, lastSequence[1]);
            }
        }
    }

    /** Frames carry the thread number and a sequence number in their first 8 bytes. */
    private static void send(final PcapFrameTap tap, final int thread, final int fromSequence, final int toSequence)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment frame = arena.allocate(200);
            for (int sequence = fromSequence; sequence < toSequence; sequence++)
            {
                frame.set(INT_BE, 0, thread);
                frame.set(INT_BE, 4, sequence);
                final int length = 60 + sequence % 140;
                tap.onFrame(frame, 0, length, length, System.currentTimeMillis() * 1_000_000L);
            }
        }
    }

    @Test
    void shouldEnforceRetentionWithoutTouchingTheFileBeingWritten() throws IOException
    {
        final Path directory = temp.resolve("pcaps");
        PcapFileWriter.createPrivateDirectory(directory);
        final long now = System.currentTimeMillis() * 1_000_000L;
        final List<Path> old = new ArrayList<>();
        for (int days = 1; days <= 3; days++)
        {
            final long modified = now - TimeUnit.DAYS.toNanos(days);
            final Path file = directory.resolve(PcapIncidentFileName.of("old-" + days, modified));
            PcapFileWriter.create(file, PcapFileDescriptor.LINKTYPE_ETHERNET, 128).close();
            Files.setLastModifiedTime(file, FileTime.from(now - TimeUnit.DAYS.toNanos(days), TimeUnit.NANOSECONDS));
            old.add(file);
        }
        final List<PcapCaptureResult> results = new ArrayList<>();
        final PcapIncidentRecorder recorder =
            new PcapIncidentRecorder(configuration(directory, 1), () -> now, results::add);

        recorder.requestStart("current", now);
        recorder.doWork();

        assertTrue(recorder.capturing());
        assertTrue(Files.exists(old.get(0)), "newest old file kept");
        assertFalse(Files.exists(old.get(1)));
        assertFalse(Files.exists(old.get(2)));
        assertEquals(2, recorder.retention().deletedForCount());
        assertTrue(Files.exists(directory.resolve(PcapIncidentFileName.of("current", now))));
        recorder.requestStop("current");
        recorder.doWork();
        assertEquals(PcapCaptureOutcome.STOPPED, results.getFirst().outcome());
    }
}
