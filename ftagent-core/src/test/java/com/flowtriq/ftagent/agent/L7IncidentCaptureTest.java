package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.capture.PcapFileSource;
import com.flowtriq.ftagent.l7.AccessLogFormat;
import com.flowtriq.ftagent.l7.L7DetectorSettings;
import com.flowtriq.ftagent.l7.L7FloodDetector;
import com.flowtriq.ftagent.l7.L7Incident;
import com.flowtriq.ftagent.l7.L7LogIngest;
import com.flowtriq.ftagent.l7.L7Window;
import com.flowtriq.ftagent.l7.TrustedProxies;
import com.flowtriq.ftagent.pcap.PcapCaptureConfiguration;
import com.flowtriq.ftagent.pcap.PcapCaptureOutcome;
import com.flowtriq.ftagent.pcap.PcapCaptureResult;
import com.flowtriq.ftagent.pcap.PcapFileDescriptor;
import com.flowtriq.ftagent.pcap.PcapFileTestFrames;
import com.flowtriq.ftagent.pcap.PcapFrameTap;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import com.flowtriq.ftagent.report.IncidentEvent;
import com.flowtriq.ftagent.report.IncidentState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.flowtriq.ftagent.agent.L7FloodLines.START_SECOND;
import static com.flowtriq.ftagent.agent.L7FloodLines.feed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class L7IncidentCaptureTest
{
    private static final String ATTACKER = "198.18.5.66";
    private static final int ATTACKER_ADDRESS = 0xC6120542;
    private static final int OTHER_ADDRESS = 0xC6120101;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int FRAME_LENGTH = 120;

    @TempDir
    Path temp;

    private final Arena arena = Arena.ofConfined();
    private final List<PcapCaptureResult> results = new ArrayList<>();
    private final List<IncidentEvent> reported = new ArrayList<>();
    private final long[] clock = {TimeUnit.SECONDS.toNanos(START_SECOND)};
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

    @Test
    void shouldCaptureL7IncidentWithPreAttackFramesAndNameTheFileOnResolve() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder();
        final int[] live = {0};
        replay(recorder, false, () ->
        {
            send(TCP, OTHER_ADDRESS, 5);
            send(UDP, ATTACKER_ADDRESS, 4);
            live[0] = 9;
        }, 3);
        work(recorder);

        assertEquals(1, results.size(), results.toString());
        final PcapCaptureResult result = results.get(0);
        assertEquals(PcapCaptureOutcome.STOPPED, result.outcome());
        assertEquals(3 + live[0], result.packets(), "pre-attack ring first, then live frames");
        assertEquals(3 + live[0], framesIn(result.file()));
        final IncidentEvent resolve = reported.get(reported.size() - 1);
        assertEquals(IncidentState.RESOLVE, resolve.state());
        assertEquals(result.incidentId(), resolve.incidentId());
        assertEquals(result.file().toString(), resolve.pcapFile());
        assertEquals(3 + live[0], resolve.pcapPackets());
        final String json = new String(resolve.schemaJson(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"pcap_file\":\"" + result.file() + "\",\"pcap_packets\":12,\"pcap_dropped\":0"),
            json);
        assertNull(reported.get(0).pcapFile(), "the open names no file");
    }

    @Test
    void shouldKeepOnlyTcpOfTheTopClientsWithIncidentFilter() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder();
        replay(recorder, true, () ->
        {
            send(TCP, ATTACKER_ADDRESS, 6);
            send(UDP, ATTACKER_ADDRESS, 4);
            send(TCP, OTHER_ADDRESS, 5);
        }, 0);
        work(recorder);

        assertEquals(1, results.size(), results.toString());
        assertEquals(6, results.get(0).packets());
        assertEquals(6, framesIn(results.get(0).file()));
        assertEquals(6, reported.get(reported.size() - 1).pcapPackets());
    }

    @Test
    void shouldNotCaptureL7IncidentWhileAnotherCaptureRuns() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder();
        assertTrue(recorder.requestStart("tcp-flood-1", TimeUnit.SECONDS.toNanos(START_SECOND + 299)));
        work(recorder);
        assertEquals("tcp-flood-1", recorder.captureIncidentId());

        replay(recorder, false, () -> send(TCP, ATTACKER_ADDRESS, 2), 0);
        work(recorder);

        assertEquals("tcp-flood-1", recorder.captureIncidentId(), "the running capture is untouched");
        assertTrue(results.isEmpty(), "no L7 start was requested, so none was refused: " + results);
        final IncidentEvent resolve = reported.get(reported.size() - 1);
        assertEquals(IncidentState.RESOLVE, resolve.state());
        assertNull(resolve.pcapFile());
        assertTrue(!new String(resolve.schemaJson(), StandardCharsets.UTF_8).contains("pcap_file"));
    }

    @Test
    void shouldStartNoCaptureForL7IncidentWhilePcapIsSwitchedOffAndCaptureAgainWhenOn() throws IOException
    {
        final PcapIncidentRecorder recorder = recorder();
        final IncidentPcapSwitch pcapSwitch = new IncidentPcapSwitch();
        pcapSwitch.enabled(false);
        replay(recorder, false, pcapSwitch, () -> send(TCP, ATTACKER_ADDRESS, 2), 0);
        work(recorder);

        assertTrue(results.isEmpty(), "no capture while pcap_enabled is false: " + results);
        assertNull(recorder.captureIncidentId());
        assertNull(reported.get(reported.size() - 1).pcapFile());

        pcapSwitch.enabled(true);
        reported.clear();
        clock[0] = TimeUnit.SECONDS.toNanos(START_SECOND);
        replay(recorder, false, pcapSwitch, () -> send(TCP, ATTACKER_ADDRESS, 2), 0);
        work(recorder);

        assertEquals(1, results.size(), results.toString());
        assertEquals(results.get(0).file().toString(), reported.get(reported.size() - 1).pcapFile());
    }

    private PcapIncidentRecorder recorder()
    {
        final PcapCaptureConfiguration configuration =
            PcapCaptureConfiguration.defaults(temp.resolve("pcaps"), PcapFileDescriptor.LINKTYPE_ETHERNET);
        final PcapCaptureConfiguration withoutFreeSpaceCheck = new PcapCaptureConfiguration(
            configuration.directory(), configuration.linkType(), configuration.snapLength(),
            configuration.preAttackPackets(), configuration.preAttackBytes(), configuration.preAttackWindowNanos(),
            configuration.maxPackets(), configuration.maxDurationNanos(), configuration.retentionAgeNanos(),
            configuration.maxDiskBytes(), configuration.maxFiles(), 0, configuration.handoffCapacity(),
            configuration.retentionIntervalNanos());
        final PcapIncidentRecorder recorder = new PcapIncidentRecorder(withoutFreeSpaceCheck, () -> clock[0],
            results::add);
        tap = recorder.newTap();
        return recorder;
    }

    /**
     * Runs a single-source flood through the detector, wired as {@code run} wires it (capture before reporting).
     * {@code preAttack} frames go to the tap before the flood; on open the writer starts and {@code onOpen} sends
     * the live frames, which the writer takes before the flood resolves.
     */
    private void replay(
        final PcapIncidentRecorder recorder, final boolean incidentFilter, final Runnable onOpen, final int preAttack)
    {
        replay(recorder, incidentFilter, null, onOpen, preAttack);
    }

    private void replay(
        final PcapIncidentRecorder recorder,
        final boolean incidentFilter,
        final IncidentPcapSwitch pcapSwitch,
        final Runnable onOpen,
        final int preAttack)
    {
        final L7FloodDetector detector = new L7FloodDetector(L7DetectorSettings.defaults(), L7Runtime.fanOut(
            L7Runtime.logging(),
            List.of(new L7IncidentCapture(recorder, incidentFilter, pcapSwitch),
                incident ->
                {
                    if (L7Incident.Event.OPEN == incident.event())
                    {
                        clock[0] = TimeUnit.MILLISECONDS.toNanos(incident.tsMillis());
                        work(recorder);
                        onOpen.run();
                        work(recorder);
                    }
                },
                new L7IncidentReporting(reported::add))));
        final L7LogIngest ingest = new L7LogIngest(AccessLogFormat.NGINX_COMBINED.newParser(TrustedProxies.NONE),
            new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), detector);
        for (int s = 0; s < 400; s++)
        {
            if (s == 299)
            {
                clock[0] = TimeUnit.SECONDS.toNanos(START_SECOND + s);
                send(TCP, OTHER_ADDRESS, preAttack);
            }
            feed(ingest, s, flood(s));
        }
        ingest.flush();
    }

    /** Hands {@code count} Ethernet/IPv4 frames of {@code protocol} from {@code source} to the tap, stamped now. */
    private void send(final int protocol, final int source, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final byte[] frame = PcapFileTestFrames.frame(FRAME_LENGTH, i);
            frame[14 + 9] = (byte)protocol;
            frame[14 + 12] = (byte)(source >>> 24);
            frame[14 + 13] = (byte)(source >>> 16);
            frame[14 + 14] = (byte)(source >>> 8);
            frame[14 + 15] = (byte)source;
            final MemorySegment block = arena.allocate(FRAME_LENGTH);
            MemorySegment.copy(frame, 0, block, ValueLayout.JAVA_BYTE, 0, FRAME_LENGTH);
            clock[0] += TimeUnit.MICROSECONDS.toNanos(1);
            tap.onFrame(block, 0, FRAME_LENGTH, FRAME_LENGTH, clock[0]);
        }
    }

    private static void work(final PcapIncidentRecorder recorder)
    {
        while (recorder.doWork() > 0)
        {
            // until commands and the ring are drained
        }
    }

    private static long framesIn(final Path file) throws IOException
    {
        assertNotNull(file);
        final long[] frames = {0};
        final FrameHandler counter = (frame, offset, capturedLength, wireLength, timestampNanos) -> frames[0]++;
        try (PcapFileSource source = PcapFileSource.open(file))
        {
            while (source.poll(counter) != PacketSource.END_OF_INPUT)
            {
                // read to the end
            }
        }
        return frames[0];
    }

    private static List<String> flood(final int second)
    {
        final List<String> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++)
        {
            clients.add("198.18.0." + ((i + second * 8) % 30 + 1));
        }
        if (second >= 300 && second < 330)
        {
            while (clients.size() < 600)
            {
                clients.add(ATTACKER);
            }
        }
        return clients;
    }
}
