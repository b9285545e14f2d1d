package com.flowtriq.ftagent.l7;

import java.util.Objects;

/**
 * Carries settings pushed while running (the Flowtriq API's {@code l7} keys) to the {@link L7FloodDetector}s of
 * one agent, which take them between windows.
 * <p>
 * Threads: {@link #offer} from any thread (the config poller); {@link #offered} is read by the L7 thread once per
 * evaluated second (one volatile read). An {@link Offer} is immutable, so the detector sees a whole offer or the
 * previous one, never half of each.
 */
public final class L7SettingsHandOff
{
    /**
     * What the detectors should run with.
     *
     * @param settings thresholds, sensitivity, timings; the baseline window and percentile are not changed live
     *                 (the learned baseline is kept).
     * @param enabled  false pauses detection: no incident opens, an open one resolves after its holddown.
     */
    public record Offer(L7DetectorSettings settings, boolean enabled)
    {
        public Offer
        {
            Objects.requireNonNull(settings, "settings");
        }
    }

    private volatile Offer offered;

    /**
     * @param initial what the detectors start with.
     */
    public L7SettingsHandOff(final Offer initial)
    {
        this.offered = Objects.requireNonNull(initial, "initial");
    }

    /** @param offer replaces what the detectors run with, from their next second on. Any thread. */
    public void offer(final Offer offer)
    {
        this.offered = Objects.requireNonNull(offer, "offer");
    }

    /** @return the latest offer; any thread. */
    public Offer offered()
    {
        return offered;
    }
}
