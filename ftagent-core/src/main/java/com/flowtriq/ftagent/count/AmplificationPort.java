package com.flowtriq.ftagent.count;

/**
 * UDP services abused for reflection and amplification, by well-known port. {@link TrafficCounters} counts packets
 * and bytes of UDP records whose <em>source</em> port is one of these (replies reflected at a victim) and, for the
 * same ports, UDP records whose <em>destination</em> port is one of these (DNS query floods, QUIC floods, requests
 * towards a reflector).
 */
public enum AmplificationPort
{
    DNS(53),
    NTP(123),
    SSDP(1900),
    MEMCACHED(11211),
    CLDAP(389),
    CHARGEN(19),
    SNMP(161),
    WSD(3702),
    MDNS(5353),
    OPENVPN(1194),
    ARD(3283),
    QUIC(443);

    /** Number of ports; the ordinals are 0 .. COUNT-1. */
    public static final int COUNT = 12;

    private static final AmplificationPort[] VALUES = values();

    private final int port;

    AmplificationPort(final int port)
    {
        this.port = port;
    }

    /** The UDP port of the service. */
    public int port()
    {
        return port;
    }

    /** The service name, for reports: the constant's name (for example {@code "MEMCACHED"}). */
    public String serviceName()
    {
        return name();
    }

    /** The service on UDP port {@code port}, or null; cold path. */
    public static AmplificationPort ofPort(final int port)
    {
        for (final AmplificationPort p : VALUES)
        {
            if (p.port == port)
            {
                return p;
            }
        }

        return null;
    }

    /** The port of ordinal {@code ordinal}; cold path. */
    public static AmplificationPort ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
