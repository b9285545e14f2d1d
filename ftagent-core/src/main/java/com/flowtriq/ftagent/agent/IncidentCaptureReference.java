package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.pcap.PcapCaptureResult;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;

import java.util.concurrent.TimeUnit;

/**
 * Fills a {@code resolve} event's capture fields (issue #5) from the PCAP writer, before the stop request is
 * queued and before any other listener sees the event; called by {@link IncidentCapture} in {@code run} and
 * {@code replay}, and by {@link L7IncidentCapture} for L7 resolves.
 *
 * <p>Cold path (once per resolve); any thread: it reads the recorder's published state only.
 */
final class IncidentCaptureReference
{
    private IncidentCaptureReference()
    {
    }

    /**
     * Names the resolving incident's capture on the event ({@code pcap_file}, {@code pcap_packets},
     * {@code pcap_dropped}) with what is known now: the writer ends the file after the stop request, on its own
     * thread. The running capture's id is read first; a capture that ended meanwhile has published its result
     * before clearing that id, so it is found as the last result. A capture not started yet (its start is still
     * queued) is named with the file it will have and no packets; a refused or failed one is not named.
     */
    static void fill(final IncidentEvent event, final PcapIncidentRecorder pcap)
    {
        fill(event.incidentId(), event.startedAtMillis(), event::pcap, pcap);
    }

    /**
     * As {@link #fill(IncidentEvent, PcapIncidentRecorder)} for any incident event with capture fields (an L7
     * resolve too, from {@link L7IncidentCapture}).
     */
    static void fill(
        final String incidentId,
        final long startedAtMillis,
        final CaptureFields target,
        final PcapIncidentRecorder pcap)
    {
        final String file = pcap.fileFor(incidentId, TimeUnit.MILLISECONDS.toNanos(startedAtMillis)).toString();
        if (incidentId.equals(pcap.captureIncidentId()))
        {
            target.pcap(file, pcap.captureWrittenFrames(), pcap.captureDroppedFrames());
            return;
        }
        final PcapCaptureResult last = pcap.lastResult();
        if (last != null && incidentId.equals(last.incidentId()))
        {
            target.pcap(last.file() == null ? null : last.file().toString(), last.packets(), last.droppedPackets());
        }
        else
        {
            target.pcap(file, 0, 0);
        }
    }

    /** The capture fields of an incident event: {@code pcap_file}, {@code pcap_packets}, {@code pcap_dropped}. */
    @FunctionalInterface
    interface CaptureFields
    {
        void pcap(String file, long packets, long dropped);
    }
}
