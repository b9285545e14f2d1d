package com.flowtriq.ftagent.detect;

import static com.flowtriq.ftagent.detect.SyntheticTrafficSample.*;
import static com.flowtriq.ftagent.detect.TrafficSample.*;

/**
 * Traffic recipes for detector tests: a benign server mix and one generator per attack class, each adding one
 * second of packets to a {@link SyntheticTrafficSample}. Deterministic (variation derived from the second).
 */
final class Traffic
{
    static final long VICTIM = ipv4(198, 18, 0, 10);
    static final long T0 = 1_790_000_000L;

    private Traffic()
    {
    }

    static long ipv4(final int a, final int b, final int c, final int d)
    {
        return ((long)a << 24) | ((long)b << 16) | ((long)c << 8) | d;
    }

    /** A deterministic factor in [1 - spread, 1 + spread] for a second. */
    static double jitter(final long second, final double spread)
    {
        final long h = (second * 0x9E3779B97F4A7C15L) >>> 40;
        return 1.0 + spread * ((h % 2001) - 1000) / 1000.0;
    }

    /**
     * A web and DNS server's ordinary second: mostly TCP (ACK, PSH-ACK, some handshakes), DNS answers from port 53
     * (its resolver), QUIC to 443, a little other UDP and ICMP echo.
     */
    static void benign(final SyntheticTrafficSample s, final long second, final long pps)
    {
        final long p = Math.max(1, Math.round(pps * jitter(second, 0.1)));
        for (int c = 0; c < 8; c++)
        {
            final long client = ipv4(198, 19, 1, 10 + c);
            s.flow(TCP, FLAGS_ACK, 40000 + c, 443, client, VICTIM, p * 45 / 800, 80);
            s.flow(TCP, FLAGS_PSH_ACK, 40000 + c, 443, client, VICTIM, p * 20 / 800, 1200);
            s.flow(TCP, FLAGS_SYN, 40000 + c, 443, client, VICTIM, p * 3 / 800, 60);
            s.flow(TCP, FLAGS_SYN_ACK, 443, 40000 + c, client, VICTIM, p * 3 / 800, 60);
            s.flow(TCP, FLAGS_FIN, 40000 + c, 443, client, VICTIM, p * 2 / 800, 60);
            s.flow(TCP, FLAGS_RST, 40000 + c, 443, client, VICTIM, p / 800, 60);
            s.flow(UDP, 0, 50000 + c, 443, client, VICTIM, p * 8 / 800, 1200);
        }
        s.flow(UDP, 0, 53, 33000, ipv4(198, 19, 2, 53), VICTIM, p * 10 / 100, 200);
        s.flow(UDP, 0, 5000, 6000, ipv4(198, 19, 3, 1), VICTIM, p * 5 / 100, 300);
        s.flow(ICMP, 0, 8, 0, ipv4(198, 19, 4, 1), VICTIM, p * 3 / 100, 84);
        s.spread(500, 0.9);
    }

    /** A TCP flood of one flag class from 16 spoofed sources to port 80 of the victim. */
    static void tcpFlood(final SyntheticTrafficSample s, final int flagClass, final long pps)
    {
        for (int i = 0; i < 16; i++)
        {
            s.flow(TCP, flagClass, 1024 + i, 80, ipv4(203, 0, 113, i), VICTIM, pps / 16, 60);
        }
        s.spread(60_000, 0.98);
    }

    /** Reflected UDP replies from a service port, from 20 reflectors. */
    static void amplification(final SyntheticTrafficSample s, final int servicePort, final long pps, final int size)
    {
        for (int i = 0; i < 20; i++)
        {
            s.flow(UDP, 0, servicePort, 30000 + i, ipv4(192, 0, 2, i), VICTIM, pps / 20, size);
        }
        s.spread(20, 0.99);
    }

    /**
     * A fragmented amplification: per datagram one first fragment and two later ones, all carrying the service
     * port (as the decoder's fragment table gives them).
     */
    static void fragmentedAmplification(final SyntheticTrafficSample s, final int servicePort, final long pps)
    {
        amplification(s, servicePort, pps, 1480);
        s.fragments(pps / 3, pps - pps / 3);
    }

    /** Random-port UDP flood. */
    static void udpFlood(final SyntheticTrafficSample s, final long pps)
    {
        for (int i = 0; i < 16; i++)
        {
            s.flow(UDP, 0, 20000 + i, 27015 + i, ipv4(203, 0, 113, i), VICTIM, pps / 16, 512);
        }
        s.spread(50_000, 0.97);
    }

    /** Queries (or QUIC initials) to a UDP service port of the victim from random ports of 16 sources. */
    static void udpToServicePort(final SyntheticTrafficSample s, final int servicePort, final long pps)
    {
        for (int i = 0; i < 16; i++)
        {
            s.flow(UDP, 0, 20000 + i, servicePort, ipv4(203, 0, 113, i), VICTIM, pps / 16, 80);
        }
        s.spread(50_000, 0.97);
    }

    /** ICMPv6 echo requests (type 128) from 8 IPv6 sources to an IPv6 victim. */
    static void icmpv6EchoFlood(final SyntheticTrafficSample s, final long pps)
    {
        for (int i = 0; i < 8; i++)
        {
            s.flow(ICMPV6, 0, 128, 0, Long.MIN_VALUE | (0xABCD00L + i), 0x1234_5678L, pps / 8, 104);
        }
    }

    /** ICMP destination-unreachable messages (type 3, code 3). */
    static void icmpUnreachableFlood(final SyntheticTrafficSample s, final long pps)
    {
        for (int i = 0; i < 8; i++)
        {
            s.flow(ICMP, 0, 3, 3, ipv4(203, 0, 113, i), VICTIM, pps / 8, 70);
        }
    }

    /** Packets of an IP protocol without a vector of its own (132, SCTP). */
    static void otherProtocolFlood(final SyntheticTrafficSample s, final long pps)
    {
        s.flow(132, 0, 0, 0, ipv4(203, 0, 113, 9), VICTIM, pps, 120);
    }

    /** Echo requests. */
    static void icmpEchoFlood(final SyntheticTrafficSample s, final long pps)
    {
        for (int i = 0; i < 8; i++)
        {
            s.flow(ICMP, 0, 8, 0, ipv4(203, 0, 113, i), VICTIM, pps / 8, 84);
        }
    }

    /** Later fragments nobody can attribute (no first fragment, no ports). */
    static void fragmentFlood(final SyntheticTrafficSample s, final long pps)
    {
        s.flow(UDP, 0, 0, 0, ipv4(203, 0, 113, 1), VICTIM, pps, 1480);
        s.fragments(0, pps);
    }

    /** GRE packets. */
    static void greFlood(final SyntheticTrafficSample s, final long pps)
    {
        s.flow(GRE, 0, 0, 0, ipv4(203, 0, 113, 7), VICTIM, pps, 576);
    }

    /** SYN flood over IPv6 (sources are digests with bit 63 set). */
    static void ipv6SynFlood(final SyntheticTrafficSample s, final long pps)
    {
        for (int i = 0; i < 16; i++)
        {
            s.flow(TCP, FLAGS_SYN, 1024 + i, 443, Long.MIN_VALUE | (0xABCD00L + i), 0x1234_5678L, pps / 16, 80);
        }
    }

    /** SYN flood spread over every address of the victim's /24. */
    static void carpetSynFlood(final SyntheticTrafficSample s, final long pps)
    {
        for (int d = 0; d < 256; d++)
        {
            s.flow(TCP, FLAGS_SYN, 1024 + d, 80, ipv4(203, 0, 113, d & 15), ipv4(198, 18, 0, d), pps / 256, 60);
        }
    }
}
