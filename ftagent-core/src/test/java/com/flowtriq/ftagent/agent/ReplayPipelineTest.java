package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.capture.PcapFileSource;
import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.detect.DetectionSettings;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.testbed.RealCaptures;
import com.flowtriq.ftagent.pcap.PcapCaptureConfiguration;
import com.flowtriq.ftagent.pcap.PcapCaptureResult;
import com.flowtriq.ftagent.pcap.PcapFileTcpdump;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ftagent replay}'s pipeline on real captures (see ../shared/realdata/README.md for what each holds): the
 * same decode, count and detect stages as {@code run}, in packet time.
 */
class ReplayPipelineTest
{
    @Test
    void shouldRaiseOneSynFloodIncidentWithHonestTopSourcesForSpoofedFlood() throws Exception
    {
        final List<String> events = new ArrayList<>();
        final long[] topSourcePackets = new long[1];
        final long frames = replay("stopddos_pkt.TCP.synflood.spoofed.pcap", event ->
        {
            events.add(event.type().wireName() + " " + event.family() + "/" + event.subtype());
            if (event.type() == IncidentEvent.Type.OPEN)
            {
                topSourcePackets[0] = event.topSources().packets(0);
            }
        });

        assertEquals(37_841, frames, "the README's packet count");
        assertEquals(List.of("open tcp_flood/syn", "resolve tcp_flood/syn"), events);
        // 37,623 distinct sources for 37,841 packets: no source sent more than a handful, and the evidence must not
        // show the counts the heavy-hitter sketch's entries inherit from the keys they evict.
        assertTrue(topSourcePackets[0] <= 5, "top source shown with " + topSourcePackets[0] + " packets");
    }

    @Test
    void shouldRaiseNothingForBenignTraffic() throws Exception
    {
        final List<String> events = new ArrayList<>();
        final long frames = replay("ndpi_netflix_benign.pcap", event -> events.add(IncidentJson.toJson(event)));
        assertEquals(1_793, frames);
        assertEquals(List.of(), events);
    }

    @Test
    void shouldResolveAnIncidentStillOpenAtTheEndOfTheFileAsTruncated() throws Exception
    {
        final List<String> events = new ArrayList<>();
        replay("lucid_CIC-DDoS-2019-SynFlood.pcap", event ->
            events.add(event.type().wireName() + (event.truncated() ? " truncated " + event.resolveReason() : "")));
        assertEquals(List.of("open", "resolve truncated " + Detector.REASON_END_OF_INPUT), events);
    }

    @Test
    void shouldWriteTheIncidentCaptureWithPreAttackFramesOnThePacketClock(@TempDir final Path pcapDir) throws Exception
    {
        final Path file = RealCaptures.pcap("stopddos_pkt.TCP.synflood.spoofed.pcap");
        final List<PcapCaptureResult> results = new ArrayList<>();
        final PcapIncidentRecorder[] recorder = new PcapIncidentRecorder[1];
        final long[] startedAtNanos = new long[1];
        final Detector detector = new Detector(DetectionSettings.defaults(), event ->
        {
            if (event.type() == IncidentEvent.Type.OPEN)
            {
                startedAtNanos[0] = event.startedAtMillis() * 1_000_000L;
                recorder[0].requestStart(event.incidentId(), startedAtNanos[0]);
            }
            else if (event.type() == IncidentEvent.Type.RESOLVE)
            {
                recorder[0].requestStop(event.incidentId());
            }
        });
        final ReplayPipeline pipeline = new ReplayPipeline(detector, new SingleThreadedCountingStage());
        // A pre-attack ring of 15,000 frames reaches back past the flood's onset (12,744 frames in its first two
        // seconds); the file may hold 20,000.
        final PcapCaptureConfiguration base = PcapCaptureConfiguration.defaults(pcapDir, 1);
        recorder[0] = new PcapIncidentRecorder(new PcapCaptureConfiguration(pcapDir, 1, 0, 15_000,
            15_001L * PcapCaptureConfiguration.WHOLE_FRAME_BYTES_PER_PACKET, 0, 20_000, base.maxDurationNanos(),
            base.retentionAgeNanos(), base.maxDiskBytes(), 0, 1, base.handoffCapacity(),
            base.retentionIntervalNanos()), pipeline.packetClock(), results::add);
        pipeline.pcapRecorder(recorder[0]);
        try (PcapFileSource source = PcapFileSource.open(file))
        {
            pipeline.replay(source, (frames, packetTime) ->
            {
            });
        }

        assertEquals(1, results.size(), results.toString());
        final PcapCaptureResult result = results.get(0);
        assertEquals(0, result.droppedPackets());
        // 15,000 frames from before the open, then the 73 frames of second 35 before the resolve at 36.
        assertEquals(15_073, result.packets(), result.toString());

        final Map<Long, Integer> sourceLengths = new HashMap<>();
        readAll(file, (timestamp, wireLength) -> sourceLengths.put(timestamp, wireLength));
        final long[] first = { Long.MAX_VALUE };
        final long[] previous = { Long.MIN_VALUE };
        final int[] count = { 0 };
        final List<Long> timestamps = new ArrayList<>();
        readAll(result.file(), (timestamp, wireLength) ->
        {
            assertEquals(sourceLengths.get(timestamp), wireLength, "frame at " + timestamp + " is in the source");
            assertTrue(timestamp >= previous[0], "frames in time order");
            previous[0] = timestamp;
            first[0] = Math.min(first[0], timestamp);
            count[0]++;
            timestamps.add(timestamp);
        });
        assertEquals(15_073, count[0]);
        assertTrue(first[0] < startedAtNanos[0], "the pre-attack frames predate started_at");

        // tcpdump, where installed, reads the same frames with the same nanosecond timestamps.
        if (PcapFileTcpdump.available())
        {
            final PcapFileTcpdump.Result tcpdump = PcapFileTcpdump.read(result.file(), "--time-stamp-precision=nano");
            assertEquals(0, tcpdump.exitCode(), tcpdump.stderr());
            assertEquals(timestamps, tcpdump.timestampsNanos());
        }
    }

    private interface FrameCheck
    {
        void accept(long timestampNanos, int wireLength);
    }

    private static void readAll(final Path file, final FrameCheck check) throws Exception
    {
        try (PcapFileSource source = PcapFileSource.open(file))
        {
            final com.flowtriq.ftagent.capture.FrameHandler handler =
                (frame, offset, capturedLength, wireLength, timestampNanos) -> check.accept(timestampNanos, wireLength);
            while (source.poll(handler) != com.flowtriq.ftagent.capture.PacketSource.END_OF_INPUT)
            {
                // until the end of the file
            }
        }
    }

    private static long replay(final String name, final com.flowtriq.ftagent.incident.IncidentListener listener)
        throws Exception
    {
        final Path file = RealCaptures.pcap(name);
        final Detector detector = new Detector(DetectionSettings.defaults(), listener);
        final ReplayPipeline pipeline = new ReplayPipeline(detector, new SingleThreadedCountingStage());
        try (PcapFileSource source = PcapFileSource.open(file))
        {
            return pipeline.replay(source, (frames, packetTime) ->
            {
            });
        }
    }
}
