package com.flowtriq.ftagent.capture;

/**
 * Run as a child process by the permission tests: tries to open a source on an interface and prints the outcome
 * on one line, {@code REASON=<reason> MESSAGE=<text>} for a {@link CaptureOpenException}, {@code OPENED} if it
 * opened, {@code OTHER=<exception>} otherwise. Exit code 0 in every case the probe could report.
 *
 * <p>Arguments: {@code afpacket|pcap <interface>}.
 */
public final class CaptureOpenProbe
{
    private CaptureOpenProbe()
    {
    }

    public static void main(final String[] args)
    {
        final String kind = args[0];
        final String interfaceName = args[1];
        try (PacketSource source = open(kind, interfaceName))
        {
            System.out.println("OPENED " + source.describe());
        }
        catch (final CaptureOpenException ex)
        {
            System.out.println("REASON=" + ex.reason() + " MESSAGE=" + ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            System.out.println("OTHER=" + ex);
        }
    }

    private static PacketSource open(final String kind, final String interfaceName)
    {
        if ("afpacket".equals(kind))
        {
            return TpacketV3Source.open(new TpacketV3Source.Settings().interfaceName(interfaceName));
        }
        throw new IllegalArgumentException("unknown source kind " + kind);
    }
}
