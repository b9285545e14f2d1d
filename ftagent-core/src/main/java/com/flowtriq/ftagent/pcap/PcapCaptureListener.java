package com.flowtriq.ftagent.pcap;

/**
 * Told when an incident capture ends or is refused (to hand the file to the reporter and name it in the resolve
 * event). Called on the thread of the {@link PcapIncidentRecorder}; must not block for long.
 */
@FunctionalInterface
public interface PcapCaptureListener
{
    void onCaptureFinished(PcapCaptureResult result);
}
