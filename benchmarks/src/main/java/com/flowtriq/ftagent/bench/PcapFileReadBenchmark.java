package com.flowtriq.ftagent.bench;

import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.capture.PcapFileSource;
import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFileWriter;
import com.flowtriq.ftagent.pcap.PcapTimestampResolution;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Records per second that {@link PcapFileSource} hands to a {@link FrameHandler} reading a generated classic
 * pcap file of {@link #RECORDS} frames end to end (open, map, walk, close per invocation). The handler reads the
 * EtherType and IPv4 protocol bytes of each frame, as a decoder would, so that the frame bytes are touched.
 *
 * <p>{@code frameLength} = 64 is a SYN-flood-like file; "mixed" draws lengths 60..1514 from a fixed seed. The
 * file is written once per trial into a temp directory and stays in the page cache: this measures the parse, not
 * the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PcapFileReadBenchmark
{
    static final int RECORDS = 1_000_000;
    private static final int MIXED = -1;

    @Param({"64", "mixed"})
    public String frameLength;

    @Param({"NANOSECONDS"})
    public PcapTimestampResolution resolution;

    private Path directory;
    private Path file;
    private final HeaderReadingHandler handler = new HeaderReadingHandler();

    @Setup(Level.Trial)
    public void writeFile() throws IOException
    {
        directory = Files.createTempDirectory("pcap-bench");
        file = directory.resolve("bench.pcap");
        final int fixedLength = "mixed".equals(frameLength) ? MIXED : Integer.parseInt(frameLength);
        final byte[] frame = new byte[1514];
        // Ethernet II, IPv4, protocol UDP: the bytes the handler reads.
        frame[12] = 0x08;
        frame[14] = 0x45;
        frame[23] = 17;
        final SplittableRandom random = new SplittableRandom(1);
        try (PcapFileWriter writer = PcapFileWriter.create(
            file, PcapFileDescriptor.LINKTYPE_ETHERNET, 65535, resolution, PcapFileWriter.DEFAULT_BUFFER_CAPACITY))
        {
            long timestamp = 1_700_000_000_000_000_000L;
            for (int i = 0; i < RECORDS; i++)
            {
                final int length = fixedLength == MIXED ? random.nextInt(60, 1515) : fixedLength;
                timestamp += random.nextInt(1, 20_000);
                writer.write(frame, length, length, timestamp);
            }
        }
    }

    @TearDown(Level.Trial)
    public void deleteFile() throws IOException
    {
        Files.deleteIfExists(file);
        Files.deleteIfExists(directory);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long readWholeFile() throws IOException
    {
        long records = 0;
        try (PcapFileSource source = PcapFileSource.open(file))
        {
            int polled;
            while ((polled = source.poll(handler)) != PacketSource.END_OF_INPUT)
            {
                records += polled;
            }
        }
        if (records != RECORDS)
        {
            throw new IllegalStateException("read " + records + " records, wrote " + RECORDS);
        }
        return records + handler.udpFrames + handler.lastTimestampNanos;
    }

    /** Reads two header bytes and the timestamp of every frame; one instance, no capture, no allocation. */
    static final class HeaderReadingHandler implements FrameHandler
    {
        long udpFrames;
        long lastTimestampNanos;

        @Override
        public void onFrame(
            final MemorySegment frame,
            final long offset,
            final int capturedLength,
            final int wireLength,
            final long timestampNanos)
        {
            if (frame.get(ValueLayout.JAVA_BYTE, offset + 12) == 0x08 &&
                frame.get(ValueLayout.JAVA_BYTE, offset + 23) == 17)
            {
                udpFrames++;
            }
            lastTimestampNanos = timestampNanos;
        }
    }
}
