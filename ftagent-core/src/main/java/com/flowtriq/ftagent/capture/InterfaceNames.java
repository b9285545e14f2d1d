package com.flowtriq.ftagent.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of the network interfaces the calling thread can see, for error messages that tell an operator what
 * to type instead. Cold path.
 *
 * <p>Read from {@code /proc/thread-self/net/dev}, which reflects the calling thread's network namespace (a thread
 * that joined a namespace with setns(2) sees that namespace's interfaces; {@code /sys/class/net} would show the
 * namespace sysfs was mounted in instead).
 */
public final class InterfaceNames
{
    private static final Path THREAD_NET_DEV = Path.of("/proc/thread-self/net/dev");

    private InterfaceNames()
    {
    }

    /**
     * @return the interface names in the calling thread's network namespace, in kernel order; empty if they
     * cannot be read.
     */
    public static List<String> inCallersNamespace()
    {
        try
        {
            return parseNetDev(Files.readString(THREAD_NET_DEV, StandardCharsets.US_ASCII));
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    /**
     * Parses the text of {@code /proc/net/dev}: two header lines, then one {@code "  name: counters..."} line per
     * interface.
     *
     * @param netDev the file's text.
     * @return the interface names.
     */
    static List<String> parseNetDev(final String netDev)
    {
        final List<String> names = new ArrayList<>();
        for (final String line : netDev.split("\n"))
        {
            final int colon = line.indexOf(':');
            if (colon > 0 && !line.contains("|"))
            {
                final String name = line.substring(0, colon).strip();
                if (!name.isEmpty())
                {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * @return the operator text for an interface that does not exist, listing the ones that do.
     */
    static String noSuchInterfaceMessage(final String interfaceName, final List<String> existing)
    {
        return "no network interface named '" + interfaceName + "' in this network namespace; interfaces present: " +
            (existing.isEmpty() ? "(none readable from " + THREAD_NET_DEV + ")" : String.join(", ", existing)) +
            ". Set the 'interface' key (or --interface) to one of them.";
    }
}
