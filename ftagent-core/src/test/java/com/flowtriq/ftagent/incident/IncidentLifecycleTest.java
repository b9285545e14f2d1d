package com.flowtriq.ftagent.incident;

import org.junit.jupiter.api.Test;

import static com.flowtriq.ftagent.incident.IncidentLifecycle.NONE;
import static com.flowtriq.ftagent.incident.IncidentLifecycle.OPEN;
import static com.flowtriq.ftagent.incident.IncidentLifecycle.RESOLVE;
import static com.flowtriq.ftagent.incident.IncidentLifecycle.UPDATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncidentLifecycleTest
{
    private static final long T = 1_790_000_000L;
    private static final long PPS_T = 10_000;
    private static final long BPS_T = 100_000_000;
    private static final long QUIET = 7_999;
    private static final long ABOVE = 10_001;

    private long second = T;

    /** confirm 3, holddown 4, cooldown 5, updates every 10. */
    private final IncidentLifecycle lifecycle = new IncidentLifecycle(3, 4, 5, 10);

    private int tick(final long pps)
    {
        return lifecycle.onSecond(second++, pps, 0, PPS_T, BPS_T);
    }

    private void openIncident()
    {
        tick(ABOVE);
        tick(ABOVE);
        assertEquals(OPEN, tick(ABOVE));
    }

    @Test
    void shouldOpenOnTheConfirmTickWithStartedAtOnTheFirstAboveTick()
    {
        assertEquals(NONE, tick(ABOVE));
        assertTrue(lifecycle.trackingStarted());
        assertEquals(NONE, tick(ABOVE));
        assertFalse(lifecycle.isOpen());
        assertEquals(OPEN, tick(ABOVE));

        assertEquals(T, lifecycle.startedAtSecond());
        assertEquals(T + 2, lifecycle.openedAtSecond());
    }

    @Test
    void shouldNotCountATickExactlyAtTheThresholdAsAbove()
    {
        for (int i = 0; i < 10; i++)
        {
            assertEquals(NONE, tick(PPS_T));
        }
        assertFalse(lifecycle.isTracking());
    }

    @Test
    void shouldOpenOnBpsAloneAboveItsThreshold()
    {
        for (int i = 0; i < 2; i++)
        {
            assertEquals(NONE, lifecycle.onSecond(second++, 0, BPS_T + 1, PPS_T, BPS_T));
        }
        assertEquals(OPEN, lifecycle.onSecond(second++, 0, BPS_T + 1, PPS_T, BPS_T));
    }

    @Test
    void shouldCancelThePendingRunWhenATickFallsBelowBeforeConfirmation()
    {
        tick(ABOVE);
        tick(ABOVE);
        assertEquals(NONE, tick(PPS_T));
        assertFalse(lifecycle.isTracking());

        assertEquals(NONE, tick(ABOVE));
        assertTrue(lifecycle.trackingStarted());
        assertEquals(NONE, tick(ABOVE));
        assertEquals(OPEN, tick(ABOVE));
        assertEquals(T + 3, lifecycle.startedAtSecond());
    }

    @Test
    void shouldOpenAtOnceAboveFiveTimesTheThresholdButNotAtFiveTimes()
    {
        assertEquals(NONE, tick(5 * PPS_T));
        assertEquals(NONE, tick(PPS_T));

        assertEquals(OPEN, tick(5 * PPS_T + 1));
        assertEquals(T + 2, lifecycle.startedAtSecond());
    }

    @Test
    void shouldResolveOnTheHolddownthQuietTickWithEndedAtOnTheFirstQuietSecond()
    {
        openIncident();
        final long firstQuiet = second;
        assertEquals(NONE, tick(QUIET));
        assertEquals(NONE, tick(QUIET));
        assertEquals(NONE, tick(QUIET));
        assertTrue(lifecycle.isOpen());

        assertEquals(RESOLVE, tick(QUIET));
        assertFalse(lifecycle.isOpen());
        assertEquals(firstQuiet, lifecycle.endedAtSecond());
    }

    @Test
    void shouldRestartTheHolddownOnATickBetweenHysteresisAndThreshold()
    {
        openIncident();
        tick(QUIET);
        tick(QUIET);
        tick(QUIET);
        assertEquals(NONE, tick(8_000)); // exactly 0.8 x: not quiet
        assertEquals(0, lifecycle.quietSeconds());

        final long firstQuiet = second;
        tick(QUIET);
        tick(QUIET);
        tick(QUIET);
        assertEquals(RESOLVE, tick(QUIET));
        assertEquals(firstQuiet, lifecycle.endedAtSecond());
    }

    @Test
    void shouldNotOpenDuringCooldownAndOpenOnTheFirstTickAfterItKeepingStartedAt()
    {
        openIncident();
        for (int i = 0; i < 3; i++)
        {
            tick(QUIET);
        }
        final long resolveSecond = second;
        assertEquals(RESOLVE, tick(QUIET));

        // Cooldown 5: ticks resolve+1 .. resolve+5 cannot open, even severe ones.
        final long attackStart = second;
        for (int i = 0; i < 5; i++)
        {
            assertEquals(NONE, tick(100 * PPS_T));
            assertTrue(lifecycle.coolingDown(second - 1));
        }
        assertEquals(resolveSecond + 6, second);
        assertEquals(OPEN, tick(ABOVE));
        assertEquals(attackStart, lifecycle.startedAtSecond());
    }

    @Test
    void shouldOpenRightAfterAResolveWhenCooldownIsZero()
    {
        final IncidentLifecycle noCooldown = new IncidentLifecycle(1, 1, 0, 10);
        assertEquals(OPEN, noCooldown.onSecond(T, ABOVE, 0, PPS_T, BPS_T));
        assertEquals(RESOLVE, noCooldown.onSecond(T + 1, QUIET, 0, PPS_T, BPS_T));
        assertEquals(OPEN, noCooldown.onSecond(T + 2, ABOVE, 0, PPS_T, BPS_T));
    }

    @Test
    void shouldUpdateEveryIntervalWhileOpen()
    {
        openIncident();
        final long opened = lifecycle.openedAtSecond();
        for (int i = 1; i < 10; i++)
        {
            assertEquals(NONE, tick(ABOVE));
        }
        assertEquals(UPDATE, tick(ABOVE));
        assertEquals(opened + 10, second - 1);
    }

    @Test
    void shouldForceResolveOnlyAnOpenIncident()
    {
        assertEquals(NONE, lifecycle.forceResolve(second, second));
        openIncident();
        assertEquals(RESOLVE, lifecycle.forceResolve(second, second + 1));
        assertEquals(second + 1, lifecycle.endedAtSecond());
        assertTrue(lifecycle.coolingDown(second + 5));
        assertFalse(lifecycle.coolingDown(second + 6));
    }
}
