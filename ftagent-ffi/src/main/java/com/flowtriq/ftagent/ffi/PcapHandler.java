package com.flowtriq.ftagent.ffi;

import java.lang.foreign.MemorySegment;

/**
 * Receives the packets of {@link Pcap#dispatch(MemorySegment, int, PcapHandler)}.
 *
 * <p>Both the header and the data are given as absolute addresses inside {@code memory}, which is always
 * {@link Pcap#PACKET_MEMORY}: read them with {@link PcapPkthdr} accessors and plain segment reads at those
 * offsets, exactly as ring frames are read at offsets inside the ring mapping. Nothing is allocated per packet.
 * Both are valid only during the call: copy what must outlive it. Reads must stay within
 * {@code caplen} bytes of {@code dataAddress}: {@code memory} does not bound them.
 *
 * <p>Threading: called on the thread that called {@code dispatch}. An exception thrown here stops the dispatch
 * ({@code pcap_breakloop}) and is rethrown by {@code dispatch} after libpcap returns; it never crosses into C.
 */
@FunctionalInterface
public interface PcapHandler
{
    /**
     * @param memory        {@link Pcap#PACKET_MEMORY}.
     * @param headerAddress address of the {@code struct pcap_pkthdr} ({@link PcapPkthdr}).
     * @param dataAddress   address of the first captured byte.
     */
    void onPacket(MemorySegment memory, long headerAddress, long dataAddress);
}
