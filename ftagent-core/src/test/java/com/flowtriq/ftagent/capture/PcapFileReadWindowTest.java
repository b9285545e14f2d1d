package com.flowtriq.ftagent.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFileTestFrames;
import com.flowtriq.ftagent.pcap.PcapFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classic pcap file several times larger than the read buffer of {@link PcapFileClassicCursor}: records cut by
 * the end of the buffer (in their header or in their data, up to the largest captured length) are handed over
 * whole and unchanged, and a file cut past the first buffer still stops at the right record with the right defect.
 */
class PcapFileReadWindowTest
{
    private static final long BASE_NANOS = 1_700_000_000_000_000_000L;
    private static final int FRAMES = 2_000;

    @TempDir
    Path temp;

    /** Frame {@code i}'s length: mostly small and odd-sized, with a maximum-length frame every 97 frames. */
    private static int frameLength(final int i)
    {
        return i % 97 == 50 ? PcapFileDescriptor.MAX_CAPTURED_LENGTH : (i * 131) % 1_515;
    }

    /** Writes the file; {@code recordEnds} receives each record's end offset. */
    private Path largeFile(final List<Long> recordEnds) throws IOException
    {
        final Path file = temp.resolve("large.pcap");
        try (PcapFileWriter writer = PcapFileWriter.create(
            file, PcapFileDescriptor.LINKTYPE_ETHERNET, PcapFileDescriptor.MAX_CAPTURED_LENGTH))
        {
            long end = PcapFileDescriptor.FILE_HEADER_LENGTH;
            for (int i = 0; i < FRAMES; i++)
            {
                final int length = frameLength(i);
                writer.write(PcapFileTestFrames.frame(length, i), length, length + 4, BASE_NANOS + i * 1_000L);
                end += PcapFileDescriptor.RECORD_HEADER_LENGTH + length;
                recordEnds.add(end);
            }
        }
        return file;
    }

    @Test
    void shouldHandEveryFrameUnchangedWhenRecordsStraddleTheReadBuffer() throws IOException
    {
        final List<Long> recordEnds = new ArrayList<>();
        final Path file = largeFile(recordEnds);
        assertTrue(Files.size(file) > 8L * PcapFileClassicCursor.READ_BUFFER_BYTES, "file too small to straddle");

        final List<PcapFileReadBack.Frame> frames = PcapFileReadBack.readAll(file);

        assertEquals(FRAMES, frames.size());
        for (int i = 0; i < FRAMES; i++)
        {
            final int length = frameLength(i);
            final PcapFileReadBack.Frame frame = frames.get(i);
            assertEquals(length, frame.capturedLength(), "captured length of frame " + i);
            assertEquals(length + 4, frame.wireLength(), "wire length of frame " + i);
            assertEquals(BASE_NANOS + i * 1_000L, frame.timestampNanos(), "timestamp of frame " + i);
            assertArrayEquals(PcapFileTestFrames.frame(length, i), frame.bytes(), "bytes of frame " + i);
        }
    }

    @Test
    void shouldStopAtTheCutRecordWhenAFileIsCutPastTheFirstReadBuffer() throws IOException
    {
        final List<Long> recordEnds = new ArrayList<>();
        final byte[] intact = Files.readAllBytes(largeFile(recordEnds));
        final int buffer = PcapFileClassicCursor.READ_BUFFER_BYTES;
        // Cuts inside a record header and inside record data, near and far from the buffer's boundaries.
        final long[] cuts = {
            buffer + 3, buffer + 700, 2L * buffer - 5, recordEnds.get(FRAMES / 2) + 7,
            recordEnds.get(FRAMES / 2) + PcapFileDescriptor.RECORD_HEADER_LENGTH + 1, intact.length - 1};

        for (final long cut : cuts)
        {
            int whole = 0;
            long lastEnd = PcapFileDescriptor.FILE_HEADER_LENGTH;
            for (final long end : recordEnds)
            {
                if (end <= cut)
                {
                    whole++;
                    lastEnd = end;
                }
            }
            final Path file = temp.resolve("cut.pcap");
            Files.write(file, Arrays.copyOf(intact, (int)cut));

            try (PcapFileSource source = PcapFileSource.open(file))
            {
                assertEquals(whole, PcapFileReadBack.readAll(source).size(), "frames before cut at " + cut);
                assertEquals(lastEnd, source.defectOffset(), "defect offset for cut at " + cut);
                assertEquals(
                    cut - lastEnd < PcapFileDescriptor.RECORD_HEADER_LENGTH ?
                        PcapFileDefect.TRUNCATED_HEADER : PcapFileDefect.TRUNCATED_RECORD,
                    source.defect(), "defect for cut at " + cut);
                assertEquals(1, source.truncatedRecords());
            }
        }
    }
}
