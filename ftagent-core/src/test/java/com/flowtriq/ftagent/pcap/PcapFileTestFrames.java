package com.flowtriq.ftagent.pcap;

import java.util.SplittableRandom;

/**
 * Builds test frames: Ethernet + IPv4 + UDP in 198.18.0.0/15 with a consistent IP total length and header
 * checksum, so that tcpdump prints them as ordinary UDP; shorter lengths get pseudo-random bytes.
 */
public final class PcapFileTestFrames
{
    public static final int ETHERNET_IPV4_UDP_HEADERS = 14 + 20 + 8;

    private PcapFileTestFrames()
    {
    }

    /** A frame of exactly {@code length} bytes whose content depends on {@code seed}. */
    public static byte[] frame(final int length, final long seed)
    {
        final byte[] frame = new byte[length];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++)
        {
            frame[i] = (byte)random.nextInt(256);
        }
        if (length < ETHERNET_IPV4_UDP_HEADERS)
        {
            return frame;
        }

        final int[] ethernet = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00};
        for (int i = 0; i < ethernet.length; i++)
        {
            frame[i] = (byte)ethernet[i];
        }
        final int ipLength = length - 14;
        final int ip = 14;
        frame[ip] = 0x45;
        frame[ip + 1] = 0;
        putShort(frame, ip + 2, ipLength);
        putShort(frame, ip + 4, (int)(seed & 0xFFFF));
        putShort(frame, ip + 6, 0);
        frame[ip + 8] = 64;
        frame[ip + 9] = 17;
        putShort(frame, ip + 10, 0);
        final int[] addresses = {198, 18, 0, 1, 198, 18, 0, 2};
        for (int i = 0; i < addresses.length; i++)
        {
            frame[ip + 12 + i] = (byte)addresses[i];
        }
        putShort(frame, ip + 10, ipv4Checksum(frame, ip));
        final int udp = ip + 20;
        putShort(frame, udp, 1024 + (int)(seed & 0x3FFF));
        putShort(frame, udp + 2, 53);
        putShort(frame, udp + 4, ipLength - 20);
        putShort(frame, udp + 6, 0);
        return frame;
    }

    private static void putShort(final byte[] bytes, final int index, final int value)
    {
        bytes[index] = (byte)(value >>> 8);
        bytes[index + 1] = (byte)value;
    }

    private static int ipv4Checksum(final byte[] bytes, final int start)
    {
        int sum = 0;
        for (int i = start; i < start + 20; i += 2)
        {
            sum += ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }
}
