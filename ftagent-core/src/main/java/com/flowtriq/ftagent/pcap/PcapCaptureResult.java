package com.flowtriq.ftagent.pcap;

import java.nio.file.Path;

/**
 * What one incident capture produced: the fields the resolve event reports ({@code pcap_file},
 * {@code pcap_packets}, {@code pcap_dropped}) and how it ended.
 *
 * @param incidentId     the incident, as given to {@link PcapIncidentRecorder#requestStart(String, long)}.
 * @param file           the file written, or null if none was created.
 * @param packets        frames written to the file, pre-attack frames included.
 * @param preAttackPackets frames of the pre-attack rings handed to the writer (some may have been dropped).
 * @param droppedPackets frames not written because the ring to the writer was full.
 * @param filteredPackets frames left out by the incident's {@link PcapIncidentFilter}.
 * @param fileBytes      size of the file.
 * @param outcome        how the capture ended.
 * @param detail         a human-readable reason for refusals and failures; empty otherwise.
 */
public record PcapCaptureResult(
    String incidentId,
    Path file,
    long packets,
    long preAttackPackets,
    long droppedPackets,
    long filteredPackets,
    long fileBytes,
    PcapCaptureOutcome outcome,
    String detail)
{
}
