package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.incident.IncidentEvent;
import org.junit.jupiter.api.Test;

import static com.flowtriq.ftagent.detect.Traffic.T0;
import static com.flowtriq.ftagent.detect.Traffic.benign;
import static com.flowtriq.ftagent.detect.Traffic.udpFlood;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settings offered to a running detector ({@link Detector#offerSettings}) take effect between ticks without losing
 * the baseline or an open incident.
 */
class DetectorLiveSettingsTest
{
    private static final int WARM_SECONDS = 240;
    private static final long BENIGN_PPS = 2_000;

    private final RecordingListener listener = new RecordingListener();
    private final Detector detector = new Detector(DetectorScenarioTest.settings(), listener);
    private final SyntheticTrafficSample sample = new SyntheticTrafficSample();
    private long second = T0;

    private void tick(final long attackPps)
    {
        sample.clear(second);
        benign(sample, second, BENIGN_PPS);
        if (attackPps > 0)
        {
            udpFlood(sample, attackPps);
        }
        detector.onTick(second, sample);
        second++;
    }

    private void warmUp()
    {
        for (int i = 0; i < WARM_SECONDS; i++)
        {
            tick(0);
        }
    }

    @Test
    void shouldPutOfferedSettingsInForceAtTheNextTickOnly()
    {
        warmUp();
        final DetectionSettings before = detector.settingsInForce();
        final DetectionSettings raised = before.toBuilder().minPpsThreshold(50_000).build();

        detector.offerSettings(raised);

        assertSame(before, detector.settingsInForce());
        tick(0);
        assertSame(raised, detector.settingsInForce());
        assertEquals(50_000, detector.ppsThreshold());
        assertEquals(1, detector.settingsChanges());
    }

    @Test
    void shouldNotOpenWhenRaisedFloorsAreAboveTheAttack()
    {
        warmUp();
        detector.offerSettings(detector.settingsInForce().toBuilder()
            .minPpsThreshold(50_000)
            .minBpsThreshold(1_000_000_000)
            .build());

        for (int i = 0; i < 30; i++)
        {
            tick(30_000);
        }

        assertEquals(0, listener.events.size());
    }

    @Test
    void shouldKeepOpenIncidentAndBaselineAndUseNewHolddownWhenSettingsChangeMidIncident()
    {
        warmUp();
        for (int i = 0; i < 10; i++)
        {
            tick(30_000);
        }
        assertEquals(1, listener.ofType(IncidentEvent.Type.OPEN).size());
        final String id = detector.incidentId();
        final long averagePps = detector.baseline().averagePps();
        final long p99Pps = detector.baseline().p99Pps();

        detector.offerSettings(detector.settingsInForce().toBuilder()
            .attackHolddownSeconds(25)
            .thresholdMultiplier(4.0)
            .build());
        for (int i = 0; i < 20; i++)
        {
            tick(30_000);
        }
        assertTrue(detector.incidentOpen());
        assertEquals(id, detector.incidentId());
        assertEquals(averagePps, detector.baseline().averagePps(), "attack seconds are not learned");
        assertEquals(p99Pps, detector.baseline().p99Pps());
        assertEquals(Math.max(5_000, (long)Math.ceil(p99Pps * 4.0)), detector.ppsThreshold());

        final long attackEnd = second;
        while (detector.incidentOpen() && second < attackEnd + 60)
        {
            tick(0);
        }

        assertEquals(1, listener.ofType(IncidentEvent.Type.OPEN).size());
        assertEquals(1, listener.ofType(IncidentEvent.Type.RESOLVE).size());
        final RecordingListener.Seen resolve = listener.ofType(IncidentEvent.Type.RESOLVE).getFirst();
        assertEquals(id, resolve.id());
        // The 25th quiet tick resolves (the old holddown, 10, would have resolved on the 10th).
        assertEquals(attackEnd + 25, second);
        assertEquals(attackEnd * 1000, resolve.endedAtMillis());
    }
}
