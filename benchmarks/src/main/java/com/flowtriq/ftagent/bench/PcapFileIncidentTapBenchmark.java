package com.flowtriq.ftagent.bench;

import com.flowtriq.ftagent.pcap.PcapCaptureConfiguration;
import com.flowtriq.ftagent.pcap.PcapCaptureResult;
import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFrameTap;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What incident capture (issue #5) costs per frame, on one thread, with the defaults (snap length 256,
 * 1000 pre-attack frames, 10000 frames per file):
 * <ul>
 *   <li>{@code captureOff}: the tap with no incident, which only copies the frame into its pre-attack ring; this
 *   is the cost paid on every frame while {@code pcap_enabled}.</li>
 *   <li>{@code captureOn}: an incident being captured: the tap forwards every frame through the hand-off ring,
 *   and the same thread then runs the recorder, which writes the file (page cache; each finished 10000-frame
 *   file is deleted and a new capture started, so the disk does not fill). Tap plus writer, per frame.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PcapFileIncidentTapBenchmark
{
    private static final int FRAMES_PER_INVOCATION = 1000;
    private static final long OPENED_AT = 1_700_000_000_000_000_000L;
    private static final String INCIDENT = "bench";

    @Param({"64", "1514"})
    public int frameLength;

    private Arena arena;
    private MemorySegment frame;
    private Path directory;
    private PcapIncidentRecorder idleRecorder;
    private PcapFrameTap idleTap;
    private PcapIncidentRecorder recorder;
    private PcapFrameTap tap;
    private long timestamp = OPENED_AT;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        arena = Arena.ofShared();
        frame = arena.allocate(frameLength);
        frame.set(ValueLayout.JAVA_BYTE, 12, (byte)0x08);
        directory = Files.createTempDirectory("pcap-tap-bench");
        final PcapCaptureConfiguration configuration =
            PcapCaptureConfiguration.defaults(directory, PcapFileDescriptor.LINKTYPE_ETHERNET);

        idleRecorder = new PcapIncidentRecorder(configuration, () -> OPENED_AT, result -> { });
        idleTap = idleRecorder.newTap();

        recorder = new PcapIncidentRecorder(configuration, () -> OPENED_AT, this::onCaptureFinished);
        tap = recorder.newTap();
        recorder.requestStart(INCIDENT, OPENED_AT);
        recorder.doWork();
        if (!recorder.capturing())
        {
            throw new IllegalStateException("capture did not start in " + directory);
        }
    }

    private void onCaptureFinished(final PcapCaptureResult result)
    {
        try
        {
            if (result.file() != null)
            {
                Files.deleteIfExists(result.file());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        recorder.requestStart(INCIDENT, OPENED_AT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        recorder.requestStop(INCIDENT);
        recorder.doWork();
        recorder.onClose();
        idleTap.close();
        tap.close();
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path file : files.toList())
            {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES_PER_INVOCATION)
    public long captureOff()
    {
        final PcapFrameTap tap = idleTap;
        final MemorySegment frame = this.frame;
        final int length = frameLength;
        long timestamp = this.timestamp;
        for (int i = 0; i < FRAMES_PER_INVOCATION; i++)
        {
            tap.onFrame(frame, 0, length, length, ++timestamp);
        }
        this.timestamp = timestamp;
        return tap.forwardedFrames();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES_PER_INVOCATION)
    public long captureOn()
    {
        final PcapFrameTap tap = this.tap;
        final MemorySegment frame = this.frame;
        final int length = frameLength;
        // One timestamp: the capture never reaches its 60 s limit; files end at 10000 frames.
        for (int i = 0; i < FRAMES_PER_INVOCATION; i++)
        {
            tap.onFrame(frame, 0, length, length, OPENED_AT);
        }
        final PcapIncidentRecorder recorder = this.recorder;
        while (recorder.doWork() > 0)
        {
            // Write what was queued.
        }
        return tap.droppedFrames();
    }
}
