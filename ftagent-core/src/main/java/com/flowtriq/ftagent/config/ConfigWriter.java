package com.flowtriq.ftagent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a config file (for {@code ftagent setup}) with jackson-core's {@link JsonGenerator}: only the keys that
 * are set, nested as the registry paths say, in registry order.
 * <p>
 * The write is atomic and private: a temp file (mode 0600) in the same directory, fsync'd, renamed over the
 * target, then the directory fsync'd. A reader sees the old file or the new one, never half of one. Optionally the
 * previous file is kept as {@code <name>.bak} (also 0600). Stateless; thread-safe for different files.
 */
public final class ConfigWriter
{
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().build();

    private ConfigWriter()
    {
    }

    /**
     * @param values the values to write.
     * @return the JSON document, pretty-printed, UTF-8, with a trailing newline.
     */
    public static byte[] toJson(final ConfigValues values)
    {
        return toJson(tree(values, ""));
    }

    /**
     * A complete example document: every key that has a default, at its value in {@code values} (set or
     * default); keys whose default is "none" appear only when set. For packaging an example config and for
     * {@code config check --print}.
     *
     * @param values the values.
     * @return the JSON document, pretty-printed, UTF-8, with a trailing newline.
     */
    public static byte[] toJsonWithDefaults(final ConfigValues values)
    {
        final ConfigValues.Builder effective = ConfigValues.builder();
        for (final ConfigKey key : ConfigKeys.all())
        {
            final Object value = values.value(key);
            if (key.type() != ConfigType.SECTION && !key.path().contains("[]") && null != value)
            {
                effective.put(key, value);
            }
        }
        return toJson(tree(effective.build(), ""));
    }

    private static byte[] toJson(final Map<String, Object> tree)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON_FACTORY.createGenerator(out))
        {
            generator.useDefaultPrettyPrinter();
            writeObject(generator, tree);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("writing to memory cannot fail", ex);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Writes the config atomically with mode 0600, replacing any existing file.
     *
     * @param file       the target path; its directory is created if absent.
     * @param config     the config to write.
     * @param keepBackup if true and the file exists, it is first copied to {@code <file>.bak} (0600).
     * @throws IOException if the file cannot be written; the target is then unchanged.
     */
    public static void write(final Path file, final AgentConfig config, final boolean keepBackup) throws IOException
    {
        final byte[] json = toJson(config.values());
        final Path target = file.toAbsolutePath();
        final Path dir = target.getParent();
        Files.createDirectories(dir);

        if (keepBackup && Files.exists(target))
        {
            final Path backup = target.resolveSibling(target.getFileName() + ".bak");
            final byte[] previous = Files.readAllBytes(target);
            AtomicFileWrite.write(backup, previous, previous.length);
        }
        AtomicFileWrite.write(target, json, json.length);
    }

    /**
     * Nests the set values by path: {@code notify.slack.webhook_url} becomes {@code notify -> slack -> webhook_url}.
     */
    private static Map<String, Object> tree(final ConfigValues values, final String stripPrefix)
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        for (final Map.Entry<String, Object> entry : values.setValues().entrySet())
        {
            final ConfigKey key = ConfigKeys.find(entry.getKey());
            final String[] parts = entry.getKey().substring(stripPrefix.length()).split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++)
            {
                @SuppressWarnings("unchecked")
                final Map<String, Object> child =
                    (Map<String, Object>)node.computeIfAbsent(parts[i], (ignore) -> new LinkedHashMap<String, Object>());
                node = child;
            }
            Object value = entry.getValue();
            if (key.type() == ConfigType.SECTION_LIST)
            {
                final List<Object> elements = new ArrayList<>();
                for (final ConfigValues element : values.elements(key))
                {
                    elements.add(tree(element, key.path() + "[]."));
                }
                value = elements;
            }
            node.put(parts[parts.length - 1], value);
        }
        return root;
    }

    private static void writeObject(final JsonGenerator generator, final Map<String, Object> object) throws IOException
    {
        generator.writeStartObject();
        for (final Map.Entry<String, Object> entry : object.entrySet())
        {
            generator.writeFieldName(entry.getKey());
            writeValue(generator, entry.getValue());
        }
        generator.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(final JsonGenerator generator, final Object value) throws IOException
    {
        switch (value)
        {
            case Boolean b -> generator.writeBoolean(b);
            case Long l -> generator.writeNumber(l);
            case Double d -> generator.writeNumber(d);
            case String s -> generator.writeString(s);
            case Map<?, ?> map -> writeObject(generator, (Map<String, Object>)map);
            case List<?> list ->
            {
                generator.writeStartArray();
                for (final Object element : list)
                {
                    writeValue(generator, element);
                }
                generator.writeEndArray();
            }
            default -> throw new IllegalStateException("not a config value: " + value.getClass());
        }
    }
}
