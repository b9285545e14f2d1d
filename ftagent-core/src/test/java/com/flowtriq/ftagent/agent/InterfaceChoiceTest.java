package com.flowtriq.ftagent.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code interface: "auto"} against a fake {@code /proc/net/route} and {@code /sys/class/net}. */
class InterfaceChoiceTest
{
    private static final String ROUTE_HEADER =
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    @TempDir
    Path dir;

    private Path route()
    {
        return dir.resolve("route");
    }

    private Path sysClassNet()
    {
        return dir.resolve("net");
    }

    private void fakeInterface(final String name, final boolean physical, final long rxPackets) throws IOException
    {
        final Path statistics = sysClassNet().resolve(name).resolve("statistics");
        Files.createDirectories(statistics);
        Files.writeString(statistics.resolve("rx_packets"), rxPackets + "\n");
        if (physical)
        {
            Files.createDirectories(sysClassNet().resolve(name).resolve("device"));
        }
    }

    @Test
    void shouldChooseTheInterfaceHoldingTheDefaultRouteAndSaySo() throws IOException
    {
        fakeInterface("eth0", true, 10);
        fakeInterface("eth1", true, 1_000_000);
        Files.writeString(route(), ROUTE_HEADER +
            "eth1\t0002A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n" +
            "eth0\t00000000\t0102A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n");

        final InterfaceChoice.Choice choice = new InterfaceChoice(route(), sysClassNet()).choose();

        assertEquals("eth0", choice.name());
        assertEquals("it holds the default route", choice.reason());
    }

    @Test
    void shouldChooseTheBusiestPhysicalInterfaceWithoutADefaultRoute() throws IOException
    {
        fakeInterface("lo", false, 5_000_000);
        fakeInterface("docker0", false, 2_000_000);
        fakeInterface("ens3", true, 700);
        fakeInterface("ens4", true, 900);
        Files.writeString(route(), ROUTE_HEADER + "ens3\t0002A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n");

        final InterfaceChoice.Choice choice = new InterfaceChoice(route(), sysClassNet()).choose();

        assertEquals("ens4", choice.name());
        assertTrue(choice.reason().contains("no default route") && choice.reason().contains("(900)"), choice.reason());
    }

    @Test
    void shouldFallBackToTheBusiestVirtualInterfaceAndSayNoPhysicalOneExists() throws IOException
    {
        fakeInterface("lo", false, 5_000_000);
        fakeInterface("veth-a", false, 10);
        fakeInterface("veth-b", false, 30);

        final InterfaceChoice.Choice choice = new InterfaceChoice(route(), sysClassNet()).choose();

        assertEquals("veth-b", choice.name());
        assertTrue(choice.reason().contains("no physical interface exists"), choice.reason());
    }

    @Test
    void shouldAskForAnInterfaceWhenOnlyLoopbackExists() throws IOException
    {
        fakeInterface("lo", false, 5);

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> new InterfaceChoice(route(), sysClassNet()).choose());

        assertTrue(ex.getMessage().contains("set 'interface' in the config"), ex.getMessage());
    }
}
