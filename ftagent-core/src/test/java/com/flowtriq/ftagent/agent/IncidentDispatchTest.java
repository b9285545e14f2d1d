package com.flowtriq.ftagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.flowtriq.ftagent.capture.PcapFileSource;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.pcap.PcapCaptureConfiguration;
import com.flowtriq.ftagent.pcap.PcapCaptureOutcome;
import com.flowtriq.ftagent.pcap.PcapCaptureResult;
import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFrameTap;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import com.flowtriq.ftagent.report.IncidentEventBridge;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentDispatchTest
{
    private static final long STARTED_AT_MILLIS = 1_700_000_000_000L;
    private static final long STARTED_AT_NANOS = TimeUnit.MILLISECONDS.toNanos(STARTED_AT_MILLIS);
    private static final int FRAME_LENGTH = 100;

    @TempDir
    Path temp;

    private final Arena arena = Arena.ofConfined();
    private final List<PcapCaptureResult> results = new ArrayList<>();
    private final List<String> json = new ArrayList<>();
    private final List<com.flowtriq.ftagent.report.IncidentEvent> reported = new ArrayList<>();
    private PcapFrameTap tap;

    @AfterEach
    void close()
    {
        if (tap != null)
        {
            tap.close();
        }
        arena.close();
    }

    private PcapIncidentRecorder recorder(final int handoffCapacity)
    {
        final Path directory = temp.resolve("pcaps");
        final PcapCaptureConfiguration defaults =
            PcapCaptureConfiguration.defaults(directory, PcapFileDescriptor.LINKTYPE_ETHERNET);
        final PcapCaptureConfiguration configuration = new PcapCaptureConfiguration(
            directory, PcapFileDescriptor.LINKTYPE_ETHERNET, 256, 10, 11L * 256, 0, 10_000,
            TimeUnit.SECONDS.toNanos(60), defaults.retentionAgeNanos(), defaults.maxDiskBytes(), 0, 0,
            handoffCapacity, defaults.retentionIntervalNanos());
        final PcapIncidentRecorder recorder =
            new PcapIncidentRecorder(configuration, () -> STARTED_AT_NANOS, results::add);
        tap = recorder.newTap();
        return recorder;
    }

    private IncidentDispatch dispatch(final PcapIncidentRecorder recorder)
    {
        final IncidentEventBridge bridge = new IncidentEventBridge(reported::add);
        return new IncidentDispatch(recorder, false, List.of((e) -> json.add(IncidentJson.toJson(e)), bridge));
    }

    private static IncidentEvent event(final String id, final IncidentEvent.Type type)
    {
        final IncidentEvent event = new IncidentEvent().incidentId(id).type(type).family("udp_flood")
            .subtype("generic").startedAtMillis(STARTED_AT_MILLIS).tsMillis(STARTED_AT_MILLIS + 5000);
        if (type == IncidentEvent.Type.RESOLVE)
        {
            event.resolveReason("below_threshold").endedAtMillis(STARTED_AT_MILLIS + 5000);
        }
        return event;
    }

    private void send(final int count, final long firstTimestamp)
    {
        final MemorySegment frame = arena.allocate(FRAME_LENGTH);
        for (int i = 0; i < count; i++)
        {
            frame.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 20, (byte)i);
            tap.onFrame(frame, 0, FRAME_LENGTH, FRAME_LENGTH, firstTimestamp + i * 1000L);
        }
    }

    private static Map<String, Object> fields(final String text) throws IOException
    {
        final Map<String, Object> fields = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(text))
        {
            parser.nextToken();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_OBJECT)
            {
                final String name = parser.currentName();
                token = parser.nextToken();
                if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT)
                {
                    parser.skipChildren();
                }
                else if (token == JsonToken.VALUE_NUMBER_INT)
                {
                    fields.put(name, parser.getLongValue());
                }
                else
                {
                    fields.put(name, parser.getText());
                }
            }
        }
        return fields;
    }

    private static long countFrames(final Path file) throws IOException
    {
        final long[] frames = {0};
        try (PcapFileSource source = PcapFileSource.open(file))
        {
            while (source.poll((f, o, c, w, t) -> frames[0]++) > 0)
            {
                // read to the end
            }
        }
        return frames[0];
    }

    @Test
    void shouldNameTheCaptureWithThePacketsWrittenSoFarOnResolve() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder(1 << 20);
        final IncidentDispatch dispatch = dispatch(recorder);
        send(4, STARTED_AT_NANOS - 10_000);

        dispatch.onIncidentEvent(event("l3l4-a", IncidentEvent.Type.OPEN));
        recorder.doWork();
        send(6, STARTED_AT_NANOS);
        recorder.doWork();
        final long writtenAtResolve = recorder.captureWrittenFrames();
        dispatch.onIncidentEvent(event("l3l4-a", IncidentEvent.Type.RESOLVE));
        recorder.doWork();

        final Path expected = temp.resolve("pcaps").resolve("l3l4-a_20231114T221320Z.pcap");
        assertEquals(10, writtenAtResolve, "4 pre-attack frames then 6 live ones");
        final Map<String, Object> open = fields(json.get(0));
        assertFalse(open.containsKey("pcap_file"), json.get(0));
        final Map<String, Object> resolve = fields(json.get(1));
        assertEquals(expected.toString(), resolve.get("pcap_file"));
        assertEquals(writtenAtResolve, resolve.get("pcap_packets"));
        assertEquals(0L, resolve.get("pcap_dropped"));

        assertNull(reported.get(0).pcapFile());
        assertEquals(expected.toString(), reported.get(1).pcapFile());
        assertEquals(writtenAtResolve, reported.get(1).pcapPackets());
        assertEquals(1, results.size());
        assertEquals(PcapCaptureOutcome.STOPPED, results.get(0).outcome());
        assertEquals(expected, results.get(0).file());
        assertEquals(writtenAtResolve, countFrames(expected));
    }

    @Test
    void shouldReportFramesDroppedFromTheCaptureWhenTheRingToTheWriterIsFull() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder(4096);
        final IncidentDispatch dispatch = dispatch(recorder);

        dispatch.onIncidentEvent(event("l3l4-b", IncidentEvent.Type.OPEN));
        recorder.doWork();
        send(200, STARTED_AT_NANOS);
        dispatch.onIncidentEvent(event("l3l4-b", IncidentEvent.Type.RESOLVE));
        recorder.doWork();

        assertTrue(tap.droppedFrames() > 0, "a 4 KiB ring cannot take 200 frames");
        final Map<String, Object> resolve = fields(json.get(1));
        assertEquals(tap.droppedFrames(), resolve.get("pcap_dropped"));
        assertEquals(0L, resolve.get("pcap_packets"), "nothing was written when the incident resolved");
        assertEquals(tap.droppedFrames(), reported.get(1).pcapDropped());
        assertEquals(tap.droppedFrames(), recorder.droppedFramesTotal());
        assertEquals(200 - tap.droppedFrames(), countFrames(results.get(0).file()));
    }

    @Test
    void shouldNotNameACaptureThatWasRefused() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder(1 << 20);
        final IncidentDispatch dispatch = dispatch(recorder);

        dispatch.onIncidentEvent(event("l3l4-c", IncidentEvent.Type.OPEN));
        dispatch.onIncidentEvent(event("l3l4-d", IncidentEvent.Type.OPEN));
        recorder.doWork();
        dispatch.onIncidentEvent(event("l3l4-d", IncidentEvent.Type.RESOLVE));

        assertEquals(PcapCaptureOutcome.REFUSED_BUSY, results.get(0).outcome());
        final Map<String, Object> resolve = fields(json.get(2));
        assertFalse(resolve.containsKey("pcap_file"), json.get(2));
        assertNull(reported.get(2).pcapFile());
    }

    @Test
    void shouldNotNameACaptureWhenPcapIsOff() throws IOException
    {
        final IncidentDispatch dispatch = dispatch(null);

        dispatch.onIncidentEvent(event("l3l4-e", IncidentEvent.Type.OPEN));
        dispatch.onIncidentEvent(event("l3l4-e", IncidentEvent.Type.RESOLVE));

        assertFalse(fields(json.get(1)).containsKey("pcap_file"), json.get(1));
        assertFalse(Files.exists(temp.resolve("pcaps")));
    }
}
