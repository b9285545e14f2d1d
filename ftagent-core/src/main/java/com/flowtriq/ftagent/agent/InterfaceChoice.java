package com.flowtriq.ftagent.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves {@code interface: "auto"}: the interface that holds the IPv4 default route, else the physical
 * interface that has received the most packets. The result says which rule chose it, for the first log lines.
 */
public final class InterfaceChoice
{
    /**
     * @param name   the chosen interface.
     * @param reason why it was chosen, for the operator.
     */
    public record Choice(String name, String reason)
    {
    }

    private final Path procNetRoute;
    private final Path sysClassNet;

    /** Reads this host's (this network namespace's) routing table and interfaces. */
    public InterfaceChoice()
    {
        this(Path.of("/proc/net/route"), Path.of("/sys/class/net"));
    }

    InterfaceChoice(final Path procNetRoute, final Path sysClassNet)
    {
        this.procNetRoute = procNetRoute;
        this.sysClassNet = sysClassNet;
    }

    /**
     * @return the interface to watch.
     * @throws IllegalStateException if there is no default route and no interface other than loopback.
     */
    public Choice choose()
    {
        final String defaultRoute = defaultRouteInterface();
        if (defaultRoute != null)
        {
            return new Choice(defaultRoute, "it holds the default route");
        }
        String busiest = null;
        long busiestPackets = -1;
        boolean busiestPhysical = false;
        for (final String name : interfaceNames())
        {
            if (name.equals("lo"))
            {
                continue;
            }
            final boolean physical = Files.exists(sysClassNet.resolve(name).resolve("device"));
            final long packets = readCounter(sysClassNet.resolve(name).resolve("statistics/rx_packets"));
            // A physical interface beats any virtual one; among equals, the busiest wins.
            if (busiest == null || (physical && !busiestPhysical) ||
                (physical == busiestPhysical && packets > busiestPackets))
            {
                busiest = name;
                busiestPackets = packets;
                busiestPhysical = physical;
            }
        }
        if (busiest == null)
        {
            throw new IllegalStateException(
                "interface \"auto\": no default route and no interface other than lo; set 'interface' in the config");
        }
        return new Choice(busiest, "no default route; it has received the most packets (" + busiestPackets + ")" +
            (busiestPhysical ? "" : ", and no physical interface exists"));
    }

    private String defaultRouteInterface()
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(procNetRoute);
        }
        catch (final IOException ex)
        {
            return null;
        }
        // Iface Destination Gateway Flags ...; the default route has destination 00000000 and mask 00000000.
        for (int i = 1; i < lines.size(); i++)
        {
            final String[] fields = lines.get(i).trim().split("\\s+");
            if (fields.length >= 8 && fields[1].equals("00000000") && fields[7].equals("00000000"))
            {
                return fields[0];
            }
        }
        return null;
    }

    private List<String> interfaceNames()
    {
        try (Stream<Path> entries = Files.list(sysClassNet))
        {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    private static long readCounter(final Path file)
    {
        try
        {
            return Long.parseLong(Files.readString(file).trim());
        }
        catch (final IOException | NumberFormatException ex)
        {
            return 0;
        }
    }
}
