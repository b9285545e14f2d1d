package com.flowtriq.ftagent.ffi;

import java.net.InetAddress;
import java.util.List;

/**
 * One interface from {@code pcap_findalldevs}, copied into Java objects (cold path).
 *
 * @param name        the name to pass to {@link Pcap#create(String)}.
 * @param description libpcap's description, or null.
 * @param flags       {@code PCAP_IF_*} bits.
 * @param addresses   the interface's IPv4 and IPv6 addresses (other families are left out).
 */
public record PcapDevice(String name, String description, int flags, List<InetAddress> addresses)
{
    /**
     * @return true when {@link Pcap#PCAP_IF_LOOPBACK} is set.
     */
    public boolean isLoopback()
    {
        return 0 != (flags & Pcap.PCAP_IF_LOOPBACK);
    }

    /**
     * @return true when {@link Pcap#PCAP_IF_UP} is set.
     */
    public boolean isUp()
    {
        return 0 != (flags & Pcap.PCAP_IF_UP);
    }
}
