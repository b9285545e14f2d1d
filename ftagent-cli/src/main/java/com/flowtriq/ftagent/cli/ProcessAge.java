package com.flowtriq.ftagent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long ago this process started, from {@code /proc}: the start in clock ticks since boot
 * ({@code /proc/self/stat}, field 22) against the time since boot ({@code /proc/uptime}), both good to 10 ms.
 * {@code ProcessHandle.Info.startInstant()} is not used: it adds the boot time, which the kernel gives in whole
 * seconds, so it can be a second off.
 *
 * <p>Cold path, any thread.
 */
final class ProcessAge
{
    /** USER_HZ, the unit of {@code /proc/self/stat} times: 100 on every Linux architecture we run on. */
    static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private ProcessAge()
    {
    }

    /** @return seconds since this process started, or NaN where {@code /proc} cannot be read. */
    static double seconds()
    {
        try
        {
            final String uptime = Files.readString(Path.of("/proc/uptime"));
            final String stat = Files.readString(Path.of("/proc/self/stat"));
            return secondsSinceStart(uptime, stat);
        }
        catch (final IOException | RuntimeException ex)
        {
            return Double.NaN;
        }
    }

    /**
     * @param uptime contents of {@code /proc/uptime}: seconds since boot, then idle seconds.
     * @param stat   contents of {@code /proc/self/stat}; the command name in parentheses may hold spaces.
     * @return seconds from the process start to the uptime, or NaN if either text is not as expected.
     */
    static double secondsSinceStart(final String uptime, final String stat)
    {
        final int nameEnd = stat.lastIndexOf(')');
        final String[] uptimeFields = uptime.trim().split(" ");
        if (nameEnd < 0 || uptimeFields.length < 1)
        {
            return Double.NaN;
        }
        // Fields after the name start with field 3 (state); field 22 (starttime) is the 20th of them.
        final String[] fields = stat.substring(nameEnd + 1).trim().split(" ");
        if (fields.length < 20)
        {
            return Double.NaN;
        }
        try
        {
            final double sinceBoot = Double.parseDouble(uptimeFields[0]);
            final double startedAfterBoot = Long.parseLong(fields[19]) / CLOCK_TICKS_PER_SECOND;
            return sinceBoot - startedAfterBoot;
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }
}
