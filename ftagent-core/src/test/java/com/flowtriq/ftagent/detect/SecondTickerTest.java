package com.flowtriq.ftagent.detect;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecondTickerTest
{
    private static final long NS = 1_000_000_000L;
    private static final long T0 = 1_790_000_000L;

    @Test
    void shouldTickEachSecondOnceItsBoundaryPasses()
    {
        final SecondTicker ticker = new SecondTicker(3600);

        assertEquals(SecondTicker.NO_TICK, ticker.pollDueSecond(T0 * NS + 250_000_000L));
        assertEquals(SecondTicker.NO_TICK, ticker.pollDueSecond(T0 * NS + 999_999_999L));
        assertEquals(T0, ticker.pollDueSecond((T0 + 1) * NS));
        assertEquals(SecondTicker.NO_TICK, ticker.pollDueSecond((T0 + 1) * NS));
        assertEquals(T0 + 1, ticker.currentSecond());
    }

    @Test
    void shouldTickEverySecondOfAGapInOrder()
    {
        final SecondTicker ticker = new SecondTicker(3600);
        ticker.pollDueSecond(T0 * NS);

        final List<Long> ticks = drain(ticker, (T0 + 5) * NS + 1);

        assertEquals(List.of(T0, T0 + 1, T0 + 2, T0 + 3, T0 + 4), ticks);
        assertEquals(0, ticker.skippedSeconds());
    }

    @Test
    void shouldCapCatchUpAndCountSkippedSeconds()
    {
        final SecondTicker ticker = new SecondTicker(10);
        ticker.pollDueSecond(T0 * NS);

        final List<Long> ticks = drain(ticker, (T0 + 1000) * NS);

        assertEquals(10, ticks.size());
        assertEquals(T0 + 990, ticks.get(0));
        assertEquals(T0 + 999, ticks.get(9));
        assertEquals(990, ticker.skippedSeconds());
    }

    @Test
    void shouldReanchorWhenWallClockStepsBack()
    {
        final SecondTicker ticker = new SecondTicker(3600);
        ticker.pollDueSecond((T0 + 100) * NS);

        assertEquals(SecondTicker.NO_TICK, ticker.pollDueSecond(T0 * NS));
        assertEquals(1, ticker.backwardSteps());
        assertEquals(T0, ticker.pollDueSecond((T0 + 1) * NS));
    }

    @Test
    void shouldNotTickBeforeClockStarts()
    {
        final SecondTicker ticker = new SecondTicker(3600);
        final PacketClock clock = new PacketClock();

        assertFalse(clock.hasStarted());
        assertEquals(SecondTicker.NO_TICK, ticker.pollDueSecond(clock.epochNanos()));
        assertEquals(SecondTicker.NO_TICK, ticker.currentSecond());
    }

    @Test
    void shouldKeepPacketClockMonotonicAndCountOutOfOrderPackets()
    {
        final PacketClock clock = new PacketClock();

        clock.advance(T0 * NS + 500);
        clock.advance(T0 * NS + 100);
        clock.advance(T0 * NS + 500);
        clock.advance(T0 * NS + 900);

        assertTrue(clock.hasStarted());
        assertEquals(T0 * NS + 900, clock.epochNanos());
        assertEquals(1, clock.outOfOrderPackets());
    }

    @Test
    void shouldTickReplayOnPacketTimestampsNotWallTime()
    {
        final PacketClock clock = new PacketClock();
        final SecondTicker ticker = new SecondTicker(3600);
        final List<Long> ticks = new ArrayList<>();
        final long[] timestamps = {T0 * NS + 1, T0 * NS + 700_000_000L, (T0 + 1) * NS + 3, (T0 + 4) * NS};

        for (final long ts : timestamps)
        {
            clock.advance(ts);
            ticks.addAll(drain(ticker, clock.epochNanos()));
        }

        assertEquals(List.of(T0, T0 + 1, T0 + 2, T0 + 3), ticks);
    }

    @Test
    void shouldReportTimeUntilNextBoundary()
    {
        final SecondTicker ticker = new SecondTicker(3600);
        final WallDetectorClock clock = new WallDetectorClock(
            InstantSource.fixed(Instant.ofEpochSecond(T0, 250_000_000L)));
        ticker.pollDueSecond(clock.epochNanos());

        assertEquals(750_000_000L, ticker.nanosUntilDue(clock.epochNanos()));
        assertEquals(0, ticker.nanosUntilDue((T0 + 2) * NS));
    }

    private static List<Long> drain(final SecondTicker ticker, final long nowNanos)
    {
        final List<Long> ticks = new ArrayList<>();
        long second;
        while ((second = ticker.pollDueSecond(nowNanos)) != SecondTicker.NO_TICK)
        {
            ticks.add(second);
        }
        return ticks;
    }
}
