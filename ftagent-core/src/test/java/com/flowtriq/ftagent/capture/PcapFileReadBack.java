package com.flowtriq.ftagent.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole capture through {@link PcapFileSource}, copying each frame out, for assertions.
 */
final class PcapFileReadBack
{
    /** Polls that may return 0 in a row before the file is judged stuck (a poll walks a bounded number of blocks). */
    private static final int MAX_EMPTY_POLLS = 1_000;

    private PcapFileReadBack()
    {
    }

    record Frame(byte[] bytes, int capturedLength, int wireLength, long timestampNanos, long offset)
    {
    }

    static List<Frame> readAll(final Path path) throws IOException
    {
        try (PcapFileSource source = PcapFileSource.open(path))
        {
            return readAll(source);
        }
    }

    /** Polls until END_OF_INPUT, checking that no poll hands more frames than asked. */
    static List<Frame> readAll(final PcapFileSource source)
    {
        final List<Frame> frames = new ArrayList<>();
        final FrameHandler handler = (frame, offset, capturedLength, wireLength, timestampNanos) ->
        {
            final byte[] bytes = new byte[capturedLength];
            MemorySegment.copy(frame, ValueLayout.JAVA_BYTE, offset, bytes, 0, capturedLength);
            frames.add(new Frame(bytes, capturedLength, wireLength, timestampNanos, offset));
        };
        int emptyPolls = 0;
        int polled;
        while ((polled = source.poll(handler)) != PacketSource.END_OF_INPUT)
        {
            assertTrue(polled >= 0 && polled <= PcapFileSource.DEFAULT_BATCH_LIMIT, "poll returned " + polled);
            emptyPolls = polled == 0 ? emptyPolls + 1 : 0;
            assertTrue(emptyPolls < MAX_EMPTY_POLLS, "source keeps returning 0 without reaching END_OF_INPUT");
        }
        return frames;
    }
}
