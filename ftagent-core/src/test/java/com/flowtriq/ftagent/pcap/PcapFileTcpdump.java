package com.flowtriq.ftagent.pcap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the system's tcpdump, when there is one, as an independent reader of capture files.
 */
public final class PcapFileTcpdump
{
    private static final Pattern PACKET_LINE = Pattern.compile("^(\\d+)\\.(\\d+) ");
    private static final Boolean AVAILABLE = probe();

    private PcapFileTcpdump()
    {
    }

    /** Whether {@code tcpdump --version} runs here. */
    public static boolean available()
    {
        return AVAILABLE;
    }

    /**
     * Runs {@code tcpdump -nn -tt [extra...] -r file}.
     */
    public static Result read(final Path file, final String... extra) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("tcpdump", "-nn", "-tt"));
        command.addAll(List.of(extra));
        command.add("-r");
        command.add(file.toString());
        final Process process = new ProcessBuilder(command).start();
        final String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        final int exitCode = process.waitFor();
        return new Result(exitCode, stdout.lines().toList(), stderr);
    }

    private static Boolean probe()
    {
        try
        {
            final Process process = new ProcessBuilder("tcpdump", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * What tcpdump printed. One packet per line that starts with a {@code seconds.fraction} timestamp; other lines
     * continue the packet before them.
     */
    public record Result(int exitCode, List<String> lines, String stderr)
    {
        /** Timestamps of the packets, in nanoseconds, whatever number of fraction digits tcpdump printed. */
        public List<Long> timestampsNanos()
        {
            final List<Long> timestamps = new ArrayList<>();
            for (final String line : lines)
            {
                final Matcher matcher = PACKET_LINE.matcher(line);
                if (matcher.find())
                {
                    final String fraction = matcher.group(2);
                    long nanos = Long.parseLong(fraction);
                    for (int digits = fraction.length(); digits < 9; digits++)
                    {
                        nanos *= 10;
                    }
                    timestamps.add(Long.parseLong(matcher.group(1)) * 1_000_000_000L + nanos);
                }
            }
            return timestamps;
        }
    }
}
