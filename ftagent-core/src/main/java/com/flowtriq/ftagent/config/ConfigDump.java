package com.flowtriq.ftagent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders effective values (set or default) of a list of keys, with secrets redacted. Used by every
 * {@code toString} of the config classes, so that no dump can leak a secret. Stateless; thread-safe.
 */
public final class ConfigDump
{
    private ConfigDump()
    {
    }

    /**
     * @param values the values.
     * @param keys   the keys to show, in order; sections are skipped.
     * @return {@code {name=value, ...}} with the keys' last path components as names.
     */
    public static String inline(final ConfigValues values, final List<ConfigKey> keys)
    {
        final StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (final ConfigKey key : keys)
        {
            if (key.type() == ConfigType.SECTION)
            {
                continue;
            }
            sb.append(first ? "" : ", ").append(key.name()).append('=').append(text(values, key));
            first = false;
        }
        return sb.append('}').toString();
    }

    /**
     * @param values the values.
     * @return one {@code path = value} line per top-level and section key, list elements inline; secrets redacted.
     */
    public static String lines(final ConfigValues values)
    {
        final StringBuilder sb = new StringBuilder();
        for (final ConfigKey key : ConfigKeys.all())
        {
            if (key.type() == ConfigType.SECTION || key.path().contains("[]"))
            {
                continue;
            }
            sb.append(key.path()).append(" = ").append(text(values, key))
                .append(values.isSet(key) ? "" : "  (default)").append('\n');
        }
        return sb.toString();
    }

    static String text(final ConfigValues values, final ConfigKey key)
    {
        if (key.type() == ConfigType.SECTION_LIST)
        {
            final List<ConfigValues> elements = values.elements(key);
            final List<ConfigKey> elementKeys = elementKeys(key);
            final StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < elements.size(); i++)
            {
                sb.append(i == 0 ? "" : ", ").append(inline(elements.get(i), elementKeys));
            }
            return sb.append(']').toString();
        }
        final Object value = values.value(key);
        return null == value ? "none" : ConfigValueText.display(key, value);
    }

    static List<ConfigKey> elementKeys(final ConfigKey listKey)
    {
        final String prefix = listKey.path() + "[].";
        final List<ConfigKey> keys = new ArrayList<>();
        for (final ConfigKey key : ConfigKeys.all())
        {
            if (key.path().startsWith(prefix))
            {
                keys.add(key);
            }
        }
        return keys;
    }
}
