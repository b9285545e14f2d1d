package com.flowtriq.ftagent.report;

/**
 * One metrics window for {@code POST /agent/metrics}.
 *
 * @param pps       packets per second.
 * @param bps       bits per second.
 * @param tcpPct    share of TCP packets, 0..100.
 * @param udpPct    share of UDP packets, 0..100.
 * @param icmpPct   share of ICMP packets, 0..100.
 * @param connCount distinct flows seen (estimate).
 * @param threshold current pps threshold.
 * @param avgPps    baseline mean pps.
 * @param samples   per-second samples aggregated into this window.
 */
public record TrafficSample(
    double pps, double bps, double tcpPct, double udpPct, double icmpPct, long connCount, double threshold,
    double avgPps, int samples)
{
}
