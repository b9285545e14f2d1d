package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.incident.IncidentEvent;
import org.junit.jupiter.api.Test;

import static com.flowtriq.ftagent.detect.Traffic.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttackClassifierTest
{
    private final SyntheticTrafficSample sample = new SyntheticTrafficSample();
    private final long[] features = new long[TrafficFeatures.COUNT];

    private void learn(final BaselineMix mix, final int seconds, final long pps)
    {
        for (int t = 0; t < seconds; t++)
        {
            benign(sample.clear(T0 + t), T0 + t, pps);
            TrafficFeatures.load(sample, features);
            mix.learn(features);
        }
    }

    private IncidentEvent classify(final AttackCounters counters, final BaselineMix mix)
    {
        final IncidentEvent event = new IncidentEvent();
        event.clearLists();
        new AttackClassifier().classify(counters, mix, event);
        return event;
    }

    @Test
    void shouldFallBackToTheRawMixWithHalfConfidenceWhenThereIsNoExcess()
    {
        final BaselineMix mix = new BaselineMix(300);
        learn(mix, 300, 10_000);
        final AttackCounters counters = new AttackCounters();
        for (int t = 0; t < 5; t++)
        {
            benign(sample.clear(T0 + t), T0 + t, 2_000); // less than usual: nothing in excess
            TrafficFeatures.load(sample, features);
            counters.add(sample, features, 2_000, 0);
        }

        final IncidentEvent event = classify(counters, mix);

        assertEquals(0.0, event.evidence("baseline_subtracted"));
        assertEquals("ack", event.subtype());
        assertTrue(event.confidence() <= 50, "confidence " + event.confidence());
    }

    @Test
    void shouldLowerConfidenceWhenTheAttackIsASmallPartOfTheTraffic()
    {
        final BaselineMix mix = new BaselineMix(300);
        learn(mix, 300, 2_000);
        final AttackCounters strong = new AttackCounters();
        final AttackCounters weak = new AttackCounters();
        for (int t = 0; t < 5; t++)
        {
            benign(sample.clear(T0 + t), T0 + t, 2_000);
            tcpFlood(sample, TrafficSample.FLAGS_SYN, 20_000);
            TrafficFeatures.load(sample, features);
            strong.add(sample, features, 22_000, 0);

            benign(sample.clear(T0 + t), T0 + t, 2_000);
            tcpFlood(sample, TrafficSample.FLAGS_SYN, 500);
            TrafficFeatures.load(sample, features);
            weak.add(sample, features, 2_500, 0);
        }

        final IncidentEvent strongEvent = classify(strong, mix);
        final IncidentEvent weakEvent = classify(weak, mix);

        assertEquals("syn", strongEvent.subtype());
        assertEquals("syn", weakEvent.subtype());
        assertTrue(strongEvent.confidence() >= 95, "strong " + strongEvent.confidence());
        assertTrue(weakEvent.confidence() < strongEvent.confidence() / 2,
            "weak " + weakEvent.confidence() + " vs strong " + strongEvent.confidence());
    }
}
