package com.flowtriq.ftagent.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.capture.PcapFileSource;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SYN flood capture replayed through a {@link PcapFileSource} into a tap, with an incident opened at frame
 * 5000 on the replay clock: the incident file holds the 1000 frames before the incident and then live frames up to
 * {@code pcap_max_packets}, byte for byte as in the source.
 */
class PcapIncidentReplayTest
{
    private static final String CAPTURE = "stopddos_pkt.TCP.synflood.spoofed.pcap";
    private static final int OPEN_AT_FRAME = 5000;

    @TempDir
    Path temp;

    private record Frame(byte[] bytes, int wireLength, long timestampNanos)
    {
    }

    private static Path capture()
    {
        final String root = System.getProperty("ftagent.repo.root");
        final Path file = root == null ? null : Path.of(root).resolve("../shared/realdata/pcaps").resolve(CAPTURE);
        Assumptions.assumeTrue(file != null && Files.isRegularFile(file),
            "realdata absent: needs -Dftagent.repo.root with <root>/../shared/realdata/pcaps/" + CAPTURE);
        return file.normalize();
    }

    private static List<Frame> readAll(final Path file, final FrameHandler alsoTo) throws IOException
    {
        final List<Frame> frames = new ArrayList<>();
        final FrameHandler handler = (frame, offset, capturedLength, wireLength, timestampNanos) ->
        {
            final byte[] bytes = new byte[capturedLength];
            MemorySegment.copy(frame, ValueLayout.JAVA_BYTE, offset, bytes, 0, capturedLength);
            frames.add(new Frame(bytes, wireLength, timestampNanos));
            alsoTo.onFrame(frame, offset, capturedLength, wireLength, timestampNanos);
        };
        try (PcapFileSource source = PcapFileSource.open(file))
        {
            while (source.poll(handler) != PacketSource.END_OF_INPUT)
            {
                // Read to the end.
            }
            assertEquals(0, source.truncatedRecords(), source.describe());
        }
        return frames;
    }

    @Test
    void shouldWriteTheFramesBeforeAndAfterAnIncidentOpenedDuringReplay() throws IOException, InterruptedException
    {
        final Path capture = capture();
        final long[] replayClock = {0};
        final List<PcapCaptureResult> results = new ArrayList<>();
        final PcapCaptureConfiguration configuration =
            PcapCaptureConfiguration.defaults(temp.resolve("pcaps"), PcapFileDescriptor.LINKTYPE_ETHERNET);
        final PcapIncidentRecorder recorder =
            new PcapIncidentRecorder(configuration, () -> replayClock[0], results::add);
        final long[] openedAt = {0};

        final List<Frame> source;
        try (PcapFrameTap tap = recorder.newTap())
        {
            final int[] index = {0};
            source = readAll(capture, (frame, offset, capturedLength, wireLength, timestampNanos) ->
            {
                replayClock[0] = timestampNanos;
                tap.onFrame(frame, offset, capturedLength, wireLength, timestampNanos);
                if (index[0]++ == OPEN_AT_FRAME)
                {
                    openedAt[0] = timestampNanos;
                    recorder.requestStart("synflood-1", timestampNanos);
                }
                // The writer runs between frames here; in the agent it runs on its own thread.
                recorder.doWork();
            });
            recorder.requestStop("synflood-1");
            while (recorder.doWork() > 0)
            {
                // Drain.
            }
        }

        assertEquals(1, results.size());
        final PcapCaptureResult result = results.getFirst();
        assertEquals(PcapCaptureOutcome.MAX_PACKETS, result.outcome());
        assertEquals(PcapCaptureConfiguration.MAX_PACKETS_DEFAULT, result.packets());
        assertEquals(PcapCaptureConfiguration.PREATTACK_PACKETS_DEFAULT, result.preAttackPackets());
        assertEquals(0, result.droppedPackets());

        final List<Frame> written = readAll(result.file(), (frame, offset, captured, wire, timestamp) -> { });
        // The frame at which the incident opened is the newest pre-attack frame.
        final int first = OPEN_AT_FRAME + 1 - PcapCaptureConfiguration.PREATTACK_PACKETS_DEFAULT;
        assertEquals(PcapCaptureConfiguration.MAX_PACKETS_DEFAULT, written.size());
        for (int i = 0; i < written.size(); i++)
        {
            final Frame expected = source.get(first + i);
            final Frame actual = written.get(i);
            assertEquals(expected.timestampNanos(), actual.timestampNanos(), "timestamp of frame " + i);
            assertEquals(expected.wireLength(), actual.wireLength(), "wire length of frame " + i);
            assertArrayEquals(expected.bytes(), actual.bytes(), "bytes of frame " + i);
        }
        assertTrue(written.getFirst().timestampNanos() < openedAt[0], "pre-attack frames predate the incident");
        assertEquals(openedAt[0], written.get(PcapCaptureConfiguration.PREATTACK_PACKETS_DEFAULT - 1).timestampNanos());
        assertTrue(written.getLast().timestampNanos() - openedAt[0] < TimeUnit.SECONDS.toNanos(60));

        if (PcapFileTcpdump.available())
        {
            final PcapFileTcpdump.Result tcpdump = PcapFileTcpdump.read(result.file(), "--time-stamp-precision=nano");
            assertEquals(0, tcpdump.exitCode(), tcpdump.stderr());
            assertEquals(written.stream().map(Frame::timestampNanos).toList(), tcpdump.timestampsNanos());
        }
    }
}
