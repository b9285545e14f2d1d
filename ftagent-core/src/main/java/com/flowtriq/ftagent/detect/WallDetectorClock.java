package com.flowtriq.ftagent.detect;

import java.time.InstantSource;

/**
 * Real time, for live capture. Millisecond resolution is plenty for ticking on second boundaries.
 * <p>
 * Thread-safe if the {@link InstantSource} is (the system source is); no allocation per read.
 */
public final class WallDetectorClock implements DetectorClock
{
    private static final WallDetectorClock SYSTEM = new WallDetectorClock(InstantSource.system());

    private final InstantSource source;

    /**
     * @param source where the time comes from; tests pass a controllable source.
     */
    public WallDetectorClock(final InstantSource source)
    {
        this.source = source;
    }

    /** The system clock (UTC). */
    public static WallDetectorClock system()
    {
        return SYSTEM;
    }

    @Override
    public long epochNanos()
    {
        return source.millis() * 1_000_000L;
    }
}
