package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.decode.PacketRecord;
import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import com.flowtriq.ftagent.incident.IncidentEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FAMILY_IPV4;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.FRAG_NONE;
import static com.flowtriq.ftagent.decode.PacketRecordDescriptor.REASON_OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The detector fed by the real counting stage through {@link TrafficWindowSample}. */
class TrafficWindowSampleTest
{
    private static final long T0 = 1_790_000_000L;
    private static final long NS = 1_000_000_000L;
    private static final int VICTIM = (198 << 24) | (18 << 16) | 10;

    private final SingleThreadedCountingStage stage = new SingleThreadedCountingStage();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
    private final PacketRecord record = new PacketRecord().wrap(scratch, 0);

    private void publish(
        final long second, final long src, final int protocol, final int flags, final int srcPort, final int dstPort,
        final int length, final int count)
    {
        record.timestampNanos(second * NS).srcAddress(src).dstAddress(VICTIM).srcPort(srcPort).dstPort(dstPort)
            .wireLength(length).protocol(protocol).tcpFlags(flags)
            .packedWord(PacketRecord.packWord(64, FAMILY_IPV4, FRAG_NONE, false, false, REASON_OK, 0));
        for (int i = 0; i < count; i++)
        {
            stage.newPublisher().publish(scratch, 0);
        }
    }

    @Test
    void shouldReadTheWindowsCountersThroughTheSampleIndexes()
    {
        final TrafficWindow window = stage.newWindow();
        final TrafficWindowSample sample = new TrafficWindowSample().wrap(window);
        publish(T0, 0x0A000001L, 6, 0x02, 1234, 80, 60, 7);
        publish(T0, 0x0A000002L, 17, 0, 53, 40000, 1400, 5);
        publish(T0, 0x0A000003L, 17, 0, 40001, 443, 1200, 3);
        stage.tick(T0, window);

        assertEquals(15, sample.packets());
        assertEquals(7, sample.protocolPackets(TrafficSample.PROTOCOL_TCP));
        assertEquals(8, sample.protocolPackets(TrafficSample.PROTOCOL_UDP));
        assertEquals(7, sample.tcpFlagClassPackets(TrafficSample.FLAGS_SYN));
        assertEquals(5, sample.amplificationSourcePackets(TrafficSample.SERVICE_DNS));
        assertEquals(7_000, sample.amplificationSourceBytes(TrafficSample.SERVICE_DNS));
        assertEquals(3, sample.udpDstServicePackets(TrafficSample.SERVICE_QUIC));
        assertEquals(0x0A000001L, sample.topSources().key(0));
        assertEquals((1L << 32) | (VICTIM & 0xFFFF_FFFFL), sample.topDestinations().key(0));
    }

    @Test
    void shouldNotAllocateWhenTheDetectorReadsAWindow()
    {
        final ThreadMXBean plain = ManagementFactory.getThreadMXBean();
        assumeTrue(plain instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        final com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean)plain;
        final TrafficWindow window = stage.newWindow();
        final TrafficWindowSample sample = new TrafficWindowSample().wrap(window);
        publish(T0, 0x0A000001L, 6, 0x10, 40000, 443, 800, 500);
        publish(T0, 0x0A000002L, 17, 0, 53, 40000, 200, 100);
        stage.tick(T0, window);
        final Detector detector = new Detector(DetectionSettings.defaults(), e -> { });
        for (int t = 0; t < 20_000; t++)
        {
            detector.onTick(T0 + t, sample);
        }

        final long before = bean.getCurrentThreadAllocatedBytes();
        for (int t = 20_000; t < 40_000; t++)
        {
            detector.onTick(T0 + t, sample);
        }
        final long allocated = bean.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < 2_048, allocated + " bytes over 20,000 ticks");
    }

    @Test
    void shouldOpenASynFloodIncidentFromCountedRecords()
    {
        final RecordingListener listener = new RecordingListener();
        final Detector detector = new Detector(DetectionSettings.builder().baselineWindowMinutes(1).build(), listener);
        final TrafficWindow window = stage.newWindow();
        final TrafficWindowSample sample = new TrafficWindowSample().wrap(window);
        for (int t = 0; t < 80; t++)
        {
            final long second = T0 + t;
            publish(second, 0x0A000001L, 6, 0x10, 40000, 443, 800, 500);
            publish(second, 0x0A000002L, 17, 0, 53, 40000, 200, 100);
            if (t >= 60 && t < 70)
            {
                for (int s = 0; s < 16; s++)
                {
                    publish(second, 0xCB007100L + s, 6, 0x02, 1024 + s, 80, 60, 1_000);
                }
            }
            stage.tick(second, window);
            detector.onTick(second, sample);
        }

        final List<RecordingListener.Seen> opens = listener.ofType(IncidentEvent.Type.OPEN);
        assertEquals(1, opens.size(), () -> "" + listener.events);
        assertEquals("tcp_flood", opens.get(0).family(), opens.get(0)::json);
        assertEquals("syn", opens.get(0).subtype(), opens.get(0)::json);
        assertEquals((T0 + 60) * 1000, opens.get(0).startedAtMillis());
        assertEquals(1, listener.ofType(IncidentEvent.Type.RESOLVE).size());
    }
}
