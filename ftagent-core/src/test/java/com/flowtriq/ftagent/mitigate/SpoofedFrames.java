package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.testbed.NetnsTestBed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * IPv4 frames from the tx end to the rx address with a chosen (spoofed) source: UDP datagrams carrying a
 * sequence number, and bare TCP SYNs. Checksums: IPv4 header computed, UDP 0 (none), TCP left 0 (the drop rule
 * sees the packet before TCP checks it).
 */
final class SpoofedFrames
{
    private SpoofedFrames()
    {
    }

    static byte[] udp(final NetnsTestBed bed, final IpAddress source, final int destinationPort, final int sequence)
    {
        final ByteBuffer frame = header(bed, source, 17, 20 + 8 + 4);
        frame.putShort((short)40_000).putShort((short)destinationPort).putShort((short)(8 + 4)).putShort((short)0);
        frame.putInt(sequence);
        return frame.array();
    }

    static byte[] syn(final NetnsTestBed bed, final IpAddress source, final int destinationPort, final int sequence)
    {
        final ByteBuffer frame = header(bed, source, 6, 20 + 20);
        frame.putShort((short)(1024 + (sequence & 0x7FFF))).putShort((short)destinationPort)
            .putInt(sequence).putInt(0)
            .put((byte)0x50).put((byte)0x02).putShort((short)64_240)
            .putShort((short)0).putShort((short)0);
        return frame.array();
    }

    private static ByteBuffer header(
        final NetnsTestBed bed, final IpAddress source, final int protocol, final int ipLength)
    {
        final ByteBuffer frame = ByteBuffer.allocate(14 + ipLength).order(ByteOrder.BIG_ENDIAN);
        frame.put(bed.rxMac()).put(bed.txMac()).putShort((short)0x0800);
        frame.put((byte)0x45).put((byte)0).putShort((short)ipLength)
            .putShort((short)0).putShort((short)0x4000)
            .put((byte)64).put((byte)protocol).putShort((short)0)
            .put(source.bytes()).put(bed.rxAddressBytes());
        frame.putShort(24, checksum(frame.array(), 14, 20));
        return frame;
    }

    private static short checksum(final byte[] bytes, final int offset, final int length)
    {
        long sum = 0;
        for (int i = 0; i < length; i += 2)
        {
            sum += ((bytes[offset + i] & 0xFF) << 8) | (bytes[offset + i + 1] & 0xFF);
        }
        while (0 != (sum >>> 16))
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (short)~sum;
    }
}
