package com.flowtriq.ftagent.capture;

import com.flowtriq.ftagent.testbed.NetnsTestBed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run as a child process by the permission tests: tries to open a source on an interface and prints the outcome
 * on one line, {@code REASON=<reason> MESSAGE=<text>} for a {@link CaptureOpenException}, {@code OPENED} if it
 * opened, {@code OTHER=<exception>} otherwise. Exit code 0 in every case the probe could report.
 *
 * <p>Arguments: {@code afpacket|pcap <interface>}.
 */
public final class CaptureOpenProbe
{
    /** setpriv from util-linux, which the permission tests use to drop capabilities. */
    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

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

    /**
     * @return true when {@link #runInRx} can drop capabilities.
     */
    static boolean canDropCapabilities()
    {
        return Files.isExecutable(SETPRIV);
    }

    /**
     * Runs the probe in a child JVM in the test bed's rx namespace, with an empty inheritable set and, if asked,
     * CAP_NET_RAW removed from the bounding set: a root process then execs java without CAP_NET_RAW.
     *
     * @param kind          {@code afpacket} or {@code pcap}.
     * @param dropNetRaw    remove CAP_NET_RAW.
     * @return the probe's stdout line, with its stderr appended when it wrote any.
     */
    static String runInRx(final NetnsTestBed bed, final String kind, final boolean dropNetRaw)
        throws IOException, InterruptedException
    {
        final String java = ProcessHandle.current().info().command().orElseThrow();
        final List<String> command = new ArrayList<>(List.of(SETPRIV.toString(), "--inh-caps=-all"));
        if (dropNetRaw)
        {
            command.add("--bounding-set=-net_raw");
        }
        command.addAll(List.of("--", java, "--enable-native-access=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), CaptureOpenProbe.class.getName(), kind, bed.rxInterface()));
        final Process probe = bed.start(bed.rxNamespace(), command);
        final String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        final String errors = new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!probe.waitFor(60, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("probe did not finish: " + output + errors);
        }
        return errors.isEmpty() ? output : output + " STDERR=" + errors;
    }

    private static PacketSource open(final String kind, final String interfaceName)
    {
        if ("afpacket".equals(kind))
        {
            return TpacketV3Source.open(new TpacketV3Source.Settings().interfaceName(interfaceName));
        }
        if ("pcap".equals(kind))
        {
            return PcapLiveSource.open(new PcapLiveSource.Settings().interfaceName(interfaceName));
        }
        throw new IllegalArgumentException("unknown source kind " + kind);
    }
}
