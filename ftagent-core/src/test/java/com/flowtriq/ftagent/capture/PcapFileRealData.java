package com.flowtriq.ftagent.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Locates the shared real captures ({@code <ftagent.repo.root>/../shared/realdata}) and the packet counts their
 * README lists.
 */
final class PcapFileRealData
{
    /** A README table row: first cell names the file in backticks, fifth cell is the packet count. */
    private static final Pattern ROW = Pattern.compile(
        "^\\|\\s*`([^`]+\\.pcap)`[^|]*\\|[^|]*\\|[^|]*\\|[^|]*\\|\\s*([0-9,]+)\\s*\\|");

    private PcapFileRealData()
    {
    }

    /** The realdata directory, or null when the property is unset or the directory is absent. */
    static Path directory()
    {
        final String root = System.getProperty("ftagent.repo.root");
        if (root == null)
        {
            return null;
        }
        final Path directory = Path.of(root).resolve("../shared/realdata").normalize();
        return Files.isDirectory(directory.resolve("pcaps")) ? directory : null;
    }

    static String absentReason()
    {
        return "realdata absent: set -Dftagent.repo.root so that <root>/../shared/realdata/pcaps exists (root=" +
            System.getProperty("ftagent.repo.root") + ")";
    }

    /** File name to packet count, from the README's PCAPs table. */
    static Map<String, Long> readmeCounts(final Path directory) throws IOException
    {
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (final String line : Files.readAllLines(directory.resolve("README.md")))
        {
            final Matcher matcher = ROW.matcher(line);
            if (matcher.find())
            {
                counts.put(matcher.group(1), Long.parseLong(matcher.group(2).replace(",", "")));
            }
        }
        return counts;
    }
}
