package com.flowtriq.ftagent.decode;

import java.lang.foreign.MemorySegment;

/**
 * One protocol layer. Every layer has the same shape, as in gopacket's {@code DecodingLayer} and suricata's
 * {@code Decode<Layer>} functions: it checks the length before each read (cheapest checks first), fills its fields
 * of the packet, names the next layer in {@link DecodedPacket#nextLayer} and returns where that layer starts.
 *
 * <p>Implementations are stateless apart from the tables they were built with, never allocate and never throw
 * on any input.
 */
interface LayerDecoder
{
    /**
     * @param frame  segment holding the frame.
     * @param offset absolute offset of this layer's first byte in {@code frame}.
     * @param length bytes this layer may read from {@code offset}: the smaller of what was captured and what the
     *               enclosing headers claim. May be zero or negative when nothing is left.
     * @param packet fields found so far; this layer adds its own.
     * @return the offset of the next layer, or minus the {@link DecodeEvent} ordinal that stops the frame here.
     */
    long decode(MemorySegment frame, long offset, int length, DecodedPacket packet);
}
