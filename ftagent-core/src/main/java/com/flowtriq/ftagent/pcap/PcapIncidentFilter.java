package com.flowtriq.ftagent.pcap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * {@code pcap_incident_filter}: keeps only the frames of an incident's victims in its capture file. A frame is
 * kept when it is IPv4 or IPv6 (behind Ethernet with up to two VLAN tags, or raw IP), its source or destination
 * address is one of the victims, and, if a protocol is given, its IP protocol (for IPv6 the first next header) is
 * that one. Other frames, non-IP ones included, are left out and counted by the tap. With no victim at all (the
 * incident named none that can be matched, e.g. an IPv6 victim known only by digest) the address test is left out
 * and every IP frame of the protocol is kept: a filter that kept nothing would make an empty capture.
 *
 * <p>For link types other than Ethernet and raw IP the filter keeps every frame: it cannot find the IP header.
 *
 * <p>Immutable; made on the incident thread, read by capture threads. {@link #matches} reads only inside
 * {@code [offset, offset + capturedLength)} and never allocates.
 */
public final class PcapIncidentFilter
{
    /** {@link #protocol()} when any IP protocol is kept. */
    public static final int ANY_PROTOCOL = -1;

    private static final ValueLayout.OfShort SHORT_BE =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int ETHERTYPE_OFFSET = 12;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int VLAN_TAG_LENGTH = 4;
    private static final int MAX_VLAN_TAGS = 2;
    private static final int IPV4_HEADER_LENGTH = 20;
    private static final int IPV4_PROTOCOL_OFFSET = 9;
    private static final int IPV4_SOURCE_OFFSET = 12;
    private static final int IPV4_DESTINATION_OFFSET = 16;
    private static final int IPV6_HEADER_LENGTH = 40;
    private static final int IPV6_NEXT_HEADER_OFFSET = 6;
    private static final int IPV6_SOURCE_OFFSET = 8;
    private static final int IPV6_DESTINATION_OFFSET = 24;
    private static final int LINKTYPE_RAW = 101;

    private final int[] ipv4Victims;
    private final long[] ipv6Victims;
    private final int protocol;
    private final boolean anyAddress;

    /**
     * @param ipv4Victims IPv4 addresses as big-endian ints (198.18.0.1 is 0xC6120001).
     * @param ipv6Victims IPv6 addresses as pairs of big-endian longs: high then low half of each.
     * @param protocol    the IP protocol number to keep, or {@link #ANY_PROTOCOL}.
     *                    With both victim arrays empty, frames of any address are kept.
     */
    public PcapIncidentFilter(final int[] ipv4Victims, final long[] ipv6Victims, final int protocol)
    {
        if ((ipv6Victims.length & 1) != 0)
        {
            throw new IllegalArgumentException("ipv6Victims holds pairs of longs, length=" + ipv6Victims.length);
        }
        if (protocol < ANY_PROTOCOL || protocol > 255)
        {
            throw new IllegalArgumentException("protocol=" + protocol + " must be 0..255 or ANY_PROTOCOL");
        }
        this.ipv4Victims = Arrays.copyOf(ipv4Victims, ipv4Victims.length);
        this.ipv6Victims = Arrays.copyOf(ipv6Victims, ipv6Victims.length);
        this.protocol = protocol;
        this.anyAddress = ipv4Victims.length == 0 && ipv6Victims.length == 0;
    }

    /**
     * Collects victim addresses as they come (big-endian bytes, as on the wire) into the filter's arrays. Cold
     * path: once per incident capture.
     */
    public static final class Victims
    {
        private final int[] ipv4;
        private final long[] ipv6;
        private int ipv4Count;
        private int ipv6Count;

        /** @param capacity the most addresses that will be added. */
        public Victims(final int capacity)
        {
            ipv4 = new int[capacity];
            ipv6 = new long[2 * capacity];
        }

        /** @param address an IPv4 address as a big-endian int (198.18.0.1 is 0xC6120001). */
        public Victims ipv4(final int address)
        {
            ipv4[ipv4Count++] = address;
            return this;
        }

        /** @param address 4 (IPv4) or 16 (IPv6) address bytes in network order. */
        public Victims address(final byte[] address)
        {
            if (address.length == Integer.BYTES)
            {
                return ipv4((int)bigEndian(address, 0, Integer.BYTES));
            }
            if (address.length != 2 * Long.BYTES)
            {
                throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
            }
            ipv6[ipv6Count++] = bigEndian(address, 0, Long.BYTES);
            ipv6[ipv6Count++] = bigEndian(address, Long.BYTES, Long.BYTES);
            return this;
        }

        /** @param protocol the IP protocol number to keep, or {@link #ANY_PROTOCOL}. */
        public PcapIncidentFilter build(final int protocol)
        {
            return new PcapIncidentFilter(Arrays.copyOf(ipv4, ipv4Count), Arrays.copyOf(ipv6, ipv6Count), protocol);
        }

        private static long bigEndian(final byte[] bytes, final int from, final int length)
        {
            long value = 0;
            for (int i = from; i < from + length; i++)
            {
                value = (value << Byte.SIZE) | (bytes[i] & 0xFF);
            }
            return value;
        }
    }

    public int protocol()
    {
        return protocol;
    }

    /** Whether the frame belongs in the incident's file. */
    public boolean matches(
        final int linkType, final MemorySegment frame, final long offset, final int capturedLength)
    {
        final long end = offset + capturedLength;
        long network = offset;
        int version;
        if (linkType == PcapFileDescriptor.LINKTYPE_ETHERNET)
        {
            if (capturedLength < ETHERNET_HEADER_LENGTH)
            {
                return false;
            }
            int etherType = Short.toUnsignedInt(frame.get(SHORT_BE, offset + ETHERTYPE_OFFSET));
            network = offset + ETHERNET_HEADER_LENGTH;
            for (int tags = 0; (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ) && tags < MAX_VLAN_TAGS;
                tags++)
            {
                if (end - network < VLAN_TAG_LENGTH)
                {
                    return false;
                }
                etherType = Short.toUnsignedInt(frame.get(SHORT_BE, network + 2));
                network += VLAN_TAG_LENGTH;
            }
            version = etherType == ETHERTYPE_IPV4 ? 4 : etherType == ETHERTYPE_IPV6 ? 6 : 0;
        }
        else if (linkType == LINKTYPE_RAW)
        {
            version = capturedLength < 1 ? 0 : (frame.get(ValueLayout.JAVA_BYTE, offset) & 0xF0) >>> 4;
        }
        else
        {
            return true;
        }

        if (version == 4 && end - network >= IPV4_HEADER_LENGTH)
        {
            final int ipProtocol = frame.get(ValueLayout.JAVA_BYTE, network + IPV4_PROTOCOL_OFFSET) & 0xFF;
            return (protocol == ANY_PROTOCOL || protocol == ipProtocol) && (anyAddress ||
                isIpv4Victim(frame.get(INT_BE, network + IPV4_SOURCE_OFFSET)) ||
                isIpv4Victim(frame.get(INT_BE, network + IPV4_DESTINATION_OFFSET)));
        }
        if (version == 6 && end - network >= IPV6_HEADER_LENGTH)
        {
            final int nextHeader = frame.get(ValueLayout.JAVA_BYTE, network + IPV6_NEXT_HEADER_OFFSET) & 0xFF;
            return (protocol == ANY_PROTOCOL || protocol == nextHeader) && (anyAddress ||
                isIpv6Victim(frame, network + IPV6_SOURCE_OFFSET) ||
                isIpv6Victim(frame, network + IPV6_DESTINATION_OFFSET));
        }
        return false;
    }

    private boolean isIpv4Victim(final int address)
    {
        final int[] victims = ipv4Victims;
        for (int i = 0; i < victims.length; i++)
        {
            if (victims[i] == address)
            {
                return true;
            }
        }
        return false;
    }

    private boolean isIpv6Victim(final MemorySegment frame, final long addressOffset)
    {
        final long high = frame.get(LONG_BE, addressOffset);
        final long low = frame.get(LONG_BE, addressOffset + 8);
        final long[] victims = ipv6Victims;
        for (int i = 0; i < victims.length; i += 2)
        {
            if (victims[i] == high && victims[i + 1] == low)
            {
                return true;
            }
        }
        return false;
    }
}
