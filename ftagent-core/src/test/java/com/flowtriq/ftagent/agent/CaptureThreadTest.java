package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.capture.CaptureStatistics;
import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.*;

class CaptureThreadTest
{
    @Test
    void shouldEndEveryPollWithABatchEndSoThatNoBatchedRecordOutlivesItsPoll()
    {
        final StringBuilder events = new StringBuilder();
        final FrameHandler handler = new FrameHandler()
        {
            @Override
            public void onFrame(
                final MemorySegment frame,
                final long offset,
                final int capturedLength,
                final int wireLength,
                final long timestampNanos)
            {
                events.append('f');
            }

            @Override
            public void onBatchEnd()
            {
                events.append('|');
            }
        };
        final ScriptedSource source = new ScriptedSource(new int[]{ 3, 0, 1 });

        new CaptureThread(source, handler, null).run();

        assertEquals("fff||f||", events.toString(), "3 frames, an empty poll, 1 frame, then the end of input");
        assertTrue(source.closed);
    }

    /** Hands over the scripted number of frames per poll, then reports the end of input. */
    private static final class ScriptedSource implements PacketSource
    {
        private final int[] framesPerPoll;
        private final MemorySegment frame = Arena.ofAuto().allocate(64);
        private int poll;
        private boolean closed;

        ScriptedSource(final int[] framesPerPoll)
        {
            this.framesPerPoll = framesPerPoll;
        }

        @Override
        public int linkType()
        {
            return 1;
        }

        @Override
        public int poll(final FrameHandler handler)
        {
            if (poll == framesPerPoll.length)
            {
                return END_OF_INPUT;
            }
            final int frames = framesPerPoll[poll++];
            for (int i = 0; i < frames; i++)
            {
                handler.onFrame(frame, 0, 64, 64, i);
            }
            return frames;
        }

        @Override
        public void wakeup()
        {
        }

        @Override
        public void statistics(final CaptureStatistics into)
        {
        }

        @Override
        public String describe()
        {
            return "scripted";
        }

        @Override
        public void close()
        {
            closed = true;
        }
    }
}
