package com.flowtriq.ftagent.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineTest
{
    private static DetectionSettings dynamic()
    {
        return DetectionSettings.builder().minPpsThreshold(100).minBpsThreshold(1_000).build();
    }

    @Test
    void shouldApplyOnlyTheFloorsUntilATenthOfTheWindowIsLearned()
    {
        final Baseline baseline = new Baseline(100);
        final ThresholdPolicy policy = new ThresholdPolicy(dynamic());
        for (int i = 0; i < 9; i++)
        {
            baseline.record(200, 250, false);
        }
        assertTrue(baseline.isWarmingUp());
        assertEquals(100, policy.ppsThreshold(baseline));
        assertEquals(1_000, policy.bpsThreshold(baseline));

        baseline.record(200, 250, false);
        assertFalse(baseline.isWarmingUp());
        assertEquals(600, policy.ppsThreshold(baseline));
        assertEquals(1_000, policy.bpsThreshold(baseline)); // 750 is below the floor
    }

    @Test
    void shouldSetTheThresholdAtP99TimesTheMultiplierButNotBelowTheFloor()
    {
        final Baseline baseline = new Baseline(200);
        for (int i = 0; i < 200; i++)
        {
            baseline.record(i < 197 ? 100 : 200, 100, false);
        }
        final ThresholdPolicy policy = new ThresholdPolicy(dynamic().toBuilder().thresholdMultiplier(2.5).build());

        assertEquals(200, baseline.p99Pps());
        assertEquals(500, policy.ppsThreshold(baseline));
        assertEquals(1_000, policy.bpsThreshold(baseline)); // p99 100 x 2.5 = 250 is below the floor
    }

    @Test
    void shouldUseTheStaticThresholdAsAFloorWhenDynamicAndAloneWhenNot()
    {
        final Baseline baseline = new Baseline(10);
        for (int i = 0; i < 10; i++)
        {
            baseline.record(200, 200, false);
        }

        assertEquals(600, new ThresholdPolicy(dynamic().toBuilder().ppsThreshold(500).build()).ppsThreshold(baseline));
        assertEquals(777, new ThresholdPolicy(dynamic().toBuilder().ppsThreshold(777).build()).ppsThreshold(baseline));
        assertEquals(777, new ThresholdPolicy(dynamic().toBuilder().ppsThreshold(777).dynamicThreshold(false).build())
            .ppsThreshold(baseline));
        assertEquals(100, new ThresholdPolicy(dynamic().toBuilder().dynamicThreshold(false).build())
            .ppsThreshold(baseline));
        assertEquals(100, new ThresholdPolicy(dynamic().toBuilder().ppsThreshold(50).dynamicThreshold(false).build())
            .ppsThreshold(baseline));
    }

    @Test
    void shouldNotLearnAttackSeconds()
    {
        final Baseline baseline = new Baseline(10);
        for (int i = 0; i < 10; i++)
        {
            baseline.record(200, 8_000, false);
        }
        for (int i = 0; i < 9; i++)
        {
            assertFalse(baseline.record(1_000_000, 8_000_000, true));
        }

        assertEquals(200, baseline.p99Pps());
        assertEquals(200, baseline.averagePps());
        assertEquals(9, baseline.excludedSeconds());
    }

    @Test
    void shouldForgetSamplesOlderThanTheWindow()
    {
        final Baseline baseline = new Baseline(50);
        for (int i = 0; i < 50; i++)
        {
            baseline.record(10_000, 0, false);
        }
        for (int i = 0; i < 50; i++)
        {
            baseline.record(100, 0, false);
        }

        assertEquals(50, baseline.sampleCount());
        assertEquals(100, baseline.p99Pps());
        assertEquals(100, baseline.averagePps());
    }

    @Test
    void shouldAdoptALevelThatLastedAWholeWindowOfAttackSeconds()
    {
        final Baseline baseline = new Baseline(30);
        for (int i = 0; i < 30; i++)
        {
            baseline.record(1_000, 0, false);
        }
        for (int i = 0; i < 29; i++)
        {
            assertFalse(baseline.record(20_000, 0, true));
        }
        assertEquals(29, baseline.sustainedAttackSeconds());

        assertTrue(baseline.record(20_000, 0, true));
        assertEquals(20_000, baseline.averagePps());
        assertEquals(1, baseline.adaptations());
    }

    @Test
    void shouldRestartTheSustainedCountOnAnyNonAttackSecond()
    {
        final Baseline baseline = new Baseline(10);
        for (int i = 0; i < 9; i++)
        {
            baseline.record(20_000, 0, true);
        }
        baseline.record(1_000, 0, false);
        for (int i = 0; i < 9; i++)
        {
            assertFalse(baseline.record(20_000, 0, true));
        }
        assertEquals(0, baseline.adaptations());
    }

    @Test
    void shouldReturnSamplesOldestFirst()
    {
        final Baseline baseline = new Baseline(3);
        for (int i = 1; i <= 5; i++)
        {
            baseline.record(i, 10L * i, false);
        }

        assertEquals(3, baseline.samplePps(0));
        assertEquals(5, baseline.samplePps(2));
        assertEquals(40, baseline.sampleBps(1));
    }
}
