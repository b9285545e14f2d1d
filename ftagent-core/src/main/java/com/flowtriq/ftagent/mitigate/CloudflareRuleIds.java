package com.flowtriq.ftagent.mitigate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The id Cloudflare gave each access rule we created, by rule key ({@code <incident id> <address>}), kept on disk
 * ({@code <state_dir>/cloudflare-rules.tsv}) so that a delete replayed after a restart still finds the rule its
 * create made: the same role as the reporter's incident uuid map. The file is a log of {@code put<TAB>key<TAB>id}
 * and {@code del<TAB>key} lines, each forced before the call returns; it is compacted to the live rules when
 * loaded.
 * <p>
 * Threading: the Cloudflare outbox thread only (loaded by the constructor before that thread starts).
 */
final class CloudflareRuleIds
{
    static final String FILE_NAME = "cloudflare-rules.tsv";
    private static final String PUT = "put";
    private static final String DELETE = "del";

    private final Path file;
    private final Map<String, String> ids = new LinkedHashMap<>();

    /**
     * @param stateDir directory of the file; the file is loaded and compacted if present.
     * @throws IOException if it exists and cannot be read or rewritten.
     */
    CloudflareRuleIds(final Path stateDir) throws IOException
    {
        Files.createDirectories(stateDir);
        this.file = stateDir.resolve(FILE_NAME);
        if (Files.exists(file))
        {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (final String line : lines)
            {
                final String[] fields = line.split("\t", -1);
                if (3 == fields.length && PUT.equals(fields[0]) && CloudflareDestination.isRuleId(fields[2]))
                {
                    ids.put(fields[1], fields[2]);
                }
                else if (2 == fields.length && DELETE.equals(fields[0]))
                {
                    ids.remove(fields[1]);
                }
                // anything else is a torn last line: ignored
            }
            compact();
        }
    }

    static String key(final String incidentId, final IpAddress address)
    {
        return incidentId + " " + address.text();
    }

    /**
     * @return the rule id of a key, or null if no create was confirmed (or its rule was deleted).
     */
    String idOf(final String key)
    {
        return ids.get(key);
    }

    /**
     * Records a created rule and forces it to disk before returning.
     *
     * @throws IOException if it cannot be written (the id is still kept in memory).
     */
    void put(final String key, final String id) throws IOException
    {
        ids.put(key, id);
        append(PUT + "\t" + key + "\t" + id + "\n");
    }

    /**
     * Forgets a deleted rule, on disk too.
     *
     * @throws IOException if it cannot be written.
     */
    void remove(final String key) throws IOException
    {
        if (null != ids.remove(key))
        {
            append(DELETE + "\t" + key + "\n");
        }
    }

    /**
     * @return the keys of the rules known now, oldest first; a copy.
     */
    List<String> keys()
    {
        return List.copyOf(ids.keySet());
    }

    /**
     * @param key a key of {@link #keys()}.
     * @return its incident id, or null if the key is malformed.
     */
    static String incidentOf(final String key)
    {
        final int space = key.lastIndexOf(' ');
        return space <= 0 ? null : key.substring(0, space);
    }

    /**
     * @param key a key of {@link #keys()}.
     * @return its address, or null if the key is malformed.
     */
    static IpAddress addressOf(final String key)
    {
        final int space = key.lastIndexOf(' ');
        return space <= 0 ? null : IpAddress.parse(key.substring(space + 1));
    }

    int size()
    {
        return ids.size();
    }

    private void append(final String line) throws IOException
    {
        try (FileChannel channel = FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        }
    }

    private void compact() throws IOException
    {
        final StringBuilder text = new StringBuilder(ids.size() * 48);
        for (final Map.Entry<String, String> entry : ids.entrySet())
        {
            text.append(PUT).append('\t').append(entry.getKey()).append('\t').append(entry.getValue()).append('\n');
        }
        final Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
