package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local incident id to the server's uuid, kept on disk ({@code <state_dir>/incident-uuids.tsv}, one
 * {@code local<TAB>uuid} line per mapping, forced on write) so that an update or resolve replayed after a restart
 * still finds its uuid. Only the reporting thread uses it. Holds the most recent {@link #MAX_ENTRIES} in memory.
 */
public final class IncidentUuidMap
{
    public static final int MAX_ENTRIES = 10_000;
    public static final String FILE_NAME = "incident-uuids.tsv";

    private final Path file;
    private final Map<String, String> uuids = new LinkedHashMap<>(256, 0.75f, false)
    {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, String> eldest)
        {
            return size() > MAX_ENTRIES;
        }
    };

    /**
     * @param stateDir directory of the mapping file; loaded if present.
     * @throws IOException if the file exists and cannot be read.
     */
    public IncidentUuidMap(final Path stateDir) throws IOException
    {
        Files.createDirectories(stateDir);
        this.file = stateDir.resolve(FILE_NAME);
        if (Files.exists(file))
        {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (final String line : lines)
            {
                final int tab = line.indexOf('\t');
                if (tab > 0 && tab < line.length() - 1)
                {
                    uuids.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
    }

    /**
     * @return the server uuid of a local incident, or null if its open has not been acknowledged.
     */
    public String uuidOf(final String incidentId)
    {
        return uuids.get(incidentId);
    }

    /**
     * Records a mapping and forces it to disk before returning.
     *
     * @throws IOException if it cannot be written (the mapping is still kept in memory).
     */
    public void put(final String incidentId, final String uuid) throws IOException
    {
        uuids.put(incidentId, uuid);
        final String safeId = incidentId.replace('\t', ' ').replace('\n', ' ');
        try (FileChannel channel = FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap((safeId + "\t" + uuid + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        }
    }
}
