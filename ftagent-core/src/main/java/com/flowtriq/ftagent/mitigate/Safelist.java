package com.flowtriq.ftagent.mitigate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Prefixes that are never blocked: the configured safelist plus loopback, the host's own addresses and its IPv4
 * default gateway, so an incident whose "sources" include ourselves (reflection, spoofing) cannot cut the host off.
 * Immutable; thread-safe.
 */
public final class Safelist
{
    /** Loopback prefixes, always included. */
    public static final List<Cidr> LOOPBACK = List.of(Cidr.of("127.0.0.0/8"), Cidr.of("::1/128"));

    private static final System.Logger LOGGER = System.getLogger(Safelist.class.getName());
    private static final Path IPV4_ROUTES = Path.of("/proc/net/route");

    private final List<Cidr> prefixes;

    /**
     * @param prefixes the prefixes never to block; loopback is added.
     */
    public Safelist(final List<Cidr> prefixes)
    {
        final List<Cidr> all = new ArrayList<>(LOOPBACK);
        for (final Cidr prefix : prefixes)
        {
            if (!all.contains(prefix))
            {
                all.add(prefix);
            }
        }
        this.prefixes = Collections.unmodifiableList(all);
    }

    /**
     * The run-time safelist: configured CIDRs, extra addresses (the API host's resolved addresses), loopback, the
     * addresses of this network namespace's interfaces and its IPv4 default gateway.
     *
     * @param configured  CIDR strings from {@code mitigation.safelist} (already validated by config).
     * @param extra       further addresses to protect, e.g. the API host's.
     * @throws IllegalArgumentException if a configured entry is not a CIDR.
     */
    public static Safelist forHost(final List<String> configured, final List<IpAddress> extra)
    {
        final List<Cidr> prefixes = new ArrayList<>();
        for (final String entry : configured)
        {
            prefixes.add(Cidr.of(entry));
        }
        for (final IpAddress address : extra)
        {
            prefixes.add(Cidr.host(address));
        }
        prefixes.addAll(hostAddresses());
        final IpAddress gateway = defaultGatewayV4(IPV4_ROUTES);
        if (null != gateway)
        {
            prefixes.add(Cidr.host(gateway));
        }
        return new Safelist(prefixes);
    }

    /**
     * @return host prefixes for every address on this namespace's interfaces; empty if they cannot be listed.
     */
    public static List<Cidr> hostAddresses()
    {
        final List<Cidr> result = new ArrayList<>();
        try
        {
            final Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
            while (null != interfaces && interfaces.hasMoreElements())
            {
                final Enumeration<InetAddress> addresses = interfaces.nextElement().getInetAddresses();
                while (addresses.hasMoreElements())
                {
                    result.add(Cidr.host(IpAddress.ofBytes(addresses.nextElement().getAddress())));
                }
            }
        }
        catch (final SocketException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "cannot list host addresses for the safelist: " + ex);
        }
        return result;
    }

    /**
     * Reads the IPv4 default gateway from a {@code /proc/net/route} style table (hex, little-endian fields).
     *
     * @return the gateway, or null if there is none or the file cannot be read.
     */
    static IpAddress defaultGatewayV4(final Path routes)
    {
        try
        {
            for (final String line : Files.readAllLines(routes))
            {
                final String[] fields = line.trim().split("\\s+");
                if (fields.length > 2 && "00000000".equals(fields[1]) && 8 == fields[2].length())
                {
                    final long value = Long.parseLong(fields[2], 16);
                    if (0 != value)
                    {
                        return IpAddress.ofBytes(new byte[]{
                            (byte)value, (byte)(value >>> 8), (byte)(value >>> 16), (byte)(value >>> 24) });
                    }
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            return null;
        }
        return null;
    }

    /**
     * @return true if {@code address} lies in any safelisted prefix.
     */
    public boolean contains(final IpAddress address)
    {
        for (final Cidr prefix : prefixes)
        {
            if (prefix.contains(address))
            {
                return true;
            }
        }
        return false;
    }

    public List<Cidr> prefixes()
    {
        return prefixes;
    }

    public String toString()
    {
        return "Safelist" + prefixes;
    }
}
