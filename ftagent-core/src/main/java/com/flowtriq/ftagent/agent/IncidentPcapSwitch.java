package com.flowtriq.ftagent.agent;

/**
 * {@code pcap_enabled} while running (issue #7): whether an incident that opens now gets a capture. Checked once per
 * incident open by {@link IncidentCapture}, never per frame; a capture already running finishes normally. It exists
 * only when the agent started with {@code pcap_enabled} (the pre-attack tap is in place); turning it on cannot add
 * the tap.
 * <p>
 * Threads: {@link #enabled(boolean)} from the config poller; {@link #enabled()} from the detection and L7 threads.
 */
public final class IncidentPcapSwitch
{
    private volatile boolean enabled = true;

    /** @return true when new incidents start a capture. */
    public boolean enabled()
    {
        return enabled;
    }

    /** @param enabled whether incidents opening from now on start a capture. */
    public void enabled(final boolean enabled)
    {
        this.enabled = enabled;
    }
}
