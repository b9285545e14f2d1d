package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ConfigKeys;
import com.flowtriq.ftagent.config.ConfigValues;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.detect.TrafficWindowSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigApplierTest
{
    @TempDir
    Path dir;

    private AgentConfig file()
    {
        return AgentConfig.of(ConfigValues.builder().set(ConfigKeys.STATE_DIR, dir.toString()).build());
    }

    private static byte[] json(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldHandEarlierReplyToDetectorWhenAttachedAndApplyAtItsNextTick()
    {
        final AgentConfig file = file();
        final ServerConfigApplier applier = new ServerConfigApplier(file);
        assertEquals(List.of("attack_holddown_seconds: 10 -> 7"), applier.apply(json("{\"attack_holddown\": 7}")));
        final Detector detector = new Detector(ConfiguredDetection.settings(file), (e) -> { });

        applier.attach(detector, null);
        detector.onTick(1_790_000_000L, new TrafficWindowSample().wrap(new TrafficWindow()));

        assertEquals(7, detector.settingsInForce().attackHolddownSeconds());
        assertEquals(7, detector.lifecycle().holddownSeconds());
    }

    @Test
    void shouldKeepStartValueOfKeysThatNeedARestartAndStillApplyTheOthers()
    {
        final AgentConfig file = file();
        final ServerConfigApplier applier = new ServerConfigApplier(file);
        applier.attachLive(null, null); // started without L7 and without PCAP

        final List<String> changes = applier.apply(json("{\"pcap_enabled\": false, \"l7\": {\"enabled\": false}," +
            " \"dynamic_threshold\": false}"));

        assertEquals(List.of("dynamic_threshold: true -> false"), changes);
        assertTrue(applier.inForce().pcap().enabled());
        assertTrue(applier.inForce().l7().enabled());
        assertFalse(applier.inForce().detection().dynamicThreshold());
    }

    @Test
    void shouldFallBackToFileValueWhenServerStopsSendingKeyAndCountRepeatedRefusalOnce()
    {
        final AgentConfig file = file();
        final ServerConfigApplier applier = new ServerConfigApplier(file);
        applier.apply(json("{\"pps_threshold\": 9000, \"attack_cooldown\": 5}"));
        applier.apply(json("{\"pps_threshold\": 9000, \"attack_cooldown\": 5}"));
        assertEquals(9000, applier.inForce().detection().ppsThreshold());
        assertEquals(1, applier.refusedValues());

        assertEquals(List.of("pps_threshold: 9000 -> 0"), applier.apply(json("{}")));
        assertEquals(List.of(), applier.apply(json("not json")));

        assertEquals(file.values(), applier.inForce().values());
        assertEquals(2, applier.appliedChanges(), "one change in, one change back");
        assertEquals(2, applier.refusedValues(), "the malformed reply is one more refusal");
    }
}
