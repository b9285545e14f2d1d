package com.flowtriq.ftagent.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureBenchTest
{
    /** Hands out a fixed number of frames in batches, then reports end of input. */
    static final class FiniteSource implements PacketSource
    {
        private final MemorySegment frames = Arena.ofAuto().allocate(4096);
        private final int batch;
        private final int frameLength;
        private long remaining;
        private volatile long packets;
        private volatile long bytes;
        private boolean closed;

        FiniteSource(final long frames, final int batch, final int frameLength)
        {
            this.remaining = frames;
            this.batch = batch;
            this.frameLength = frameLength;
        }

        @Override
        public int linkType()
        {
            return 1;
        }

        @Override
        public int poll(final FrameHandler handler)
        {
            if (remaining == 0)
            {
                return END_OF_INPUT;
            }
            final int n = (int)Math.min(batch, remaining);
            for (int i = 0; i < n; i++)
            {
                handler.onFrame(frames, 0, frameLength, frameLength, i);
            }
            remaining -= n;
            packets += n;
            bytes += (long)n * frameLength;
            return n;
        }

        @Override
        public void wakeup()
        {
        }

        @Override
        public void statistics(final CaptureStatistics into)
        {
            into.packets += packets;
            into.bytes += bytes;
        }

        @Override
        public String describe()
        {
            return "finite";
        }

        @Override
        public void close()
        {
            closed = true;
        }
    }

    @Test
    void shouldCountEveryFrameOfEverySourceAndCloseThem() throws Exception
    {
        final FiniteSource a = new FiniteSource(10_000, 100, 64);
        final FiniteSource b = new FiniteSource(5_000, 50, 128);
        final AtomicLong handled = new AtomicLong();
        final List<CaptureBenchReport.Second> seconds = new ArrayList<>();

        final CaptureBenchReport report = new CaptureBench(
            List.of(a, b), i -> (frame, offset, caplen, len, ts) -> handled.incrementAndGet())
            .run(1, seconds::add);

        assertEquals(15_000, handled.get());
        assertEquals(15_000, report.packets());
        assertEquals(10_000 * 64 + 5_000 * 128, report.bytes());
        assertTrue(a.closed && b.closed);
        assertEquals(1, seconds.size());
        assertEquals(15_000, seconds.get(0).packets());
        // 10,000 frames in batches of 100 and 5,000 in batches of 50: 200 batches, all ended before the first report.
        assertEquals(200, seconds.get(0).batches());
        assertEquals(200, report.batches());
        assertTrue(seconds.get(0).batchMaxNanos() >= seconds.get(0).batchP50Nanos());
        assertTrue(seconds.get(0).batchP50Nanos() > 0);
    }

    @Test
    void shouldPrintEveryFigureOfTheSummaryInTheLineOfEachSecond()
    {
        final CaptureBenchReport.Second second =
            new CaptureBenchReport.Second(3, 2_000_000, 250_000_000, 500, 1.0, 0.25, 1_000, 12_000, 40_000, 95_000);

        final String line = second.line();

        assertTrue(line.contains("2,000,000 pps"), line);
        assertTrue(line.contains("2000.0 Mbit/s"), line);
        assertTrue(line.contains("drops        500 (0.02%)"), line);
        assertTrue(line.contains("cpu 0.125 s/Mpkt"), line);
        assertTrue(line.contains("batch p50 12.0 p99 40.0 max 95.0 us (1,000)"), line);
    }

    @Test
    void shouldShowNoCpuPerPacketFigureForASecondWithoutPackets()
    {
        final String line = new CaptureBenchReport.Second(1, 0, 0, 0, 1.0, 0.01, 0, 0, 0, 0).line();

        assertTrue(line.contains("cpu - s/Mpkt"), line);
    }

    @Test
    void shouldReportSummaryAsOneJsonObjectWithBatchDistribution() throws Exception
    {
        final CaptureBenchReport report = new CaptureBench(
            List.of(new FiniteSource(1_000, 10, 60)), i -> (frame, offset, caplen, len, ts) -> { })
            .run(1, second -> { });

        final Map<String, Object> fields = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(report.json()))
        {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            String prefix = "";
            JsonToken token;
            while ((token = parser.nextToken()) != null)
            {
                if (token == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    final JsonToken value = parser.nextToken();
                    if (value == JsonToken.START_OBJECT)
                    {
                        prefix = name + ".";
                    }
                    else
                    {
                        fields.put(prefix + name, value.isNumeric() ? parser.getNumberValue() : parser.getText());
                    }
                }
                else if (token == JsonToken.END_OBJECT)
                {
                    prefix = "";
                }
            }
        }
        assertEquals(1000L, ((Number)fields.get("packets")).longValue());
        assertEquals(60_000L, ((Number)fields.get("bytes")).longValue());
        assertEquals(100L, ((Number)fields.get("batch_walk_micros.count")).longValue());
        assertTrue(fields.containsKey("cpu_seconds_per_million_packets"));
        assertTrue(report.text().contains("kernel drops"));
    }
}
