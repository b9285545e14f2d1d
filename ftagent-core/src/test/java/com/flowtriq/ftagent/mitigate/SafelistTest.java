package com.flowtriq.ftagent.mitigate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafelistTest
{
    @TempDir
    Path dir;

    @Test
    void shouldAlwaysContainLoopbackAndConfiguredPrefixes()
    {
        final Safelist safelist = Safelist.forHost(List.of("198.18.7.0/24"), List.of(IpAddress.of("203.0.113.9")));

        assertTrue(safelist.contains(IpAddress.of("127.0.0.53")));
        assertTrue(safelist.contains(IpAddress.of("::1")));
        assertTrue(safelist.contains(IpAddress.of("198.18.7.200")));
        assertTrue(safelist.contains(IpAddress.of("203.0.113.9")));
        assertFalse(safelist.contains(IpAddress.of("198.18.8.1")));
    }

    @Test
    void shouldContainEveryAddressOfThisHost()
    {
        final Safelist safelist = Safelist.forHost(List.of(), List.of());
        for (final Cidr own : Safelist.hostAddresses())
        {
            assertTrue(safelist.contains(own.address()), own.toString());
        }
    }

    @Test
    void shouldReadDefaultGatewayFromRouteTable() throws Exception
    {
        final Path routes = dir.resolve("route");
        Files.writeString(routes,
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n" +
            "eth0\t0012C6C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\n" +
            "eth0\t00000000\t0112C6C0\t0003\t0\t0\t0\t00000000\n");

        assertEquals(IpAddress.of("192.198.18.1"), Safelist.defaultGatewayV4(routes));
        assertNull(Safelist.defaultGatewayV4(dir.resolve("missing")));
    }
}
