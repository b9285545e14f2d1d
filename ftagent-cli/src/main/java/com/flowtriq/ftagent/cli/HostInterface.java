package com.flowtriq.ftagent.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One network interface of this host as the setup wizard lists it: name, addresses and traffic so far, read from
 * {@code /sys/class/net/<name>/statistics} (root overridable for tests). Immutable.
 *
 * @param name      the interface name.
 * @param addresses its addresses in CIDR form; empty if none or unknown.
 * @param rxBytes   bytes received since boot, or -1 if unreadable.
 * @param txBytes   bytes sent since boot, or -1 if unreadable.
 */
record HostInterface(String name, List<String> addresses, long rxBytes, long txBytes)
{
    /** Where Linux exposes interfaces. */
    static final Path SYS_CLASS_NET = Path.of("/sys/class/net");

    /**
     * @param sysClassNet the {@code /sys/class/net} directory (a fake tree in tests).
     * @return the interfaces, sorted by name; empty if the directory cannot be read.
     */
    static List<HostInterface> list(final Path sysClassNet)
    {
        final List<HostInterface> interfaces = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sysClassNet))
        {
            for (final Path entry : entries)
            {
                final String name = entry.getFileName().toString();
                final Path statistics = entry.resolve("statistics");
                interfaces.add(new HostInterface(
                    name, addressesOf(name), counter(statistics.resolve("rx_bytes")),
                    counter(statistics.resolve("tx_bytes"))));
            }
        }
        catch (final IOException ex)
        {
            return List.of();
        }
        interfaces.sort((a, b) -> a.name().compareTo(b.name()));
        return interfaces;
    }

    /**
     * @return one line for a numbered list: name, addresses, rx/tx.
     */
    String describe()
    {
        return String.format(Locale.ROOT, "%-16s %-40s rx %s  tx %s", name,
            addresses.isEmpty() ? "(no address)" : String.join(" ", addresses), bytes(rxBytes), bytes(txBytes));
    }

    static String bytes(final long bytes)
    {
        if (bytes < 0)
        {
            return "?";
        }
        final String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1)
        {
            value /= 1024;
            unit++;
        }
        return 0 == unit ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static long counter(final Path file)
    {
        try
        {
            return Long.parseLong(Files.readString(file).strip());
        }
        catch (final IOException | NumberFormatException ex)
        {
            return -1;
        }
    }

    private static List<String> addressesOf(final String name)
    {
        final List<String> addresses = new ArrayList<>();
        try
        {
            final NetworkInterface networkInterface = NetworkInterface.getByName(name);
            if (null != networkInterface)
            {
                for (final InterfaceAddress address : networkInterface.getInterfaceAddresses())
                {
                    final InetAddress inet = address.getAddress();
                    String text = inet.getHostAddress();
                    final int zone = text.indexOf('%');
                    if (zone >= 0)
                    {
                        text = text.substring(0, zone);
                    }
                    addresses.add(text + "/" + address.getNetworkPrefixLength());
                }
            }
        }
        catch (final SocketException ex)
        {
            // An interface that vanished between the listing and the lookup: shown without addresses.
        }
        return addresses;
    }
}
