package com.flowtriq.ftagent.capture;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterfaceNamesTest
{
    private static final String NET_DEV =
        "Inter-|   Receive                                                |  Transmit\n" +
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls\n" +
        "    lo:    1234      10    0    0    0     0          0         0     1234      10    0    0    0     0\n" +
        "  eth0: 9876543   12345    0    0    0     0          0         0   123456    1234    0    0    0     0\n" +
        "fta-rx2k1x0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0\n";

    @Test
    void shouldParseInterfaceNamesFromProcNetDevSkippingHeaders()
    {
        assertEquals(List.of("lo", "eth0", "fta-rx2k1x0"), InterfaceNames.parseNetDev(NET_DEV));
    }

    @Test
    void shouldListExistingInterfacesInNoSuchInterfaceMessage()
    {
        final String message = InterfaceNames.noSuchInterfaceMessage("eth9", List.of("lo", "eth0"));

        assertTrue(message.contains("'eth9'"), message);
        assertTrue(message.contains("interfaces present: lo, eth0"), message);
    }

    @Test
    void shouldSayWhereItLookedWhenNoInterfaceIsReadable()
    {
        final String message = InterfaceNames.noSuchInterfaceMessage("eth9", List.of());

        assertTrue(message.contains("none readable from /proc/thread-self/net/dev"), message);
    }

    @Test
    void shouldSeeLoopbackInCallersNamespace()
    {
        assertTrue(InterfaceNames.inCallersNamespace().contains("lo"), InterfaceNames.inCallersNamespace().toString());
    }
}
