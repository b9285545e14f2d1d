package com.flowtriq.ftagent.config;

import java.util.List;

/**
 * Renders config values as short JSON-like text for messages, dumps and the README, redacting secrets.
 * Stateless and thread-safe.
 */
public final class ConfigValueText
{
    private ConfigValueText()
    {
    }

    /**
     * @param value Boolean, Long, Double, String, a list of them, or a list of {@link ConfigValues}.
     * @return the value in JSON form ({@code "auto"}, {@code 60}, {@code 3.0}, {@code ["a", "b"]}).
     */
    public static String json(final Object value)
    {
        if (null == value)
        {
            return "null";
        }
        if (value instanceof String s)
        {
            return quote(s);
        }
        if (value instanceof Double d)
        {
            return ConfigKey.formatDouble(d);
        }
        if (value instanceof List<?> list)
        {
            final StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++)
            {
                sb.append(i == 0 ? "" : ", ").append(json(list.get(i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }

    /**
     * @param key   the key the value belongs to.
     * @param value the value.
     * @return the value in JSON form, or its redacted form if the key is secret.
     */
    public static String display(final ConfigKey key, final Object value)
    {
        if (key.secret() && value instanceof String s)
        {
            return quote(SecretRedaction.redact(s));
        }
        return json(value);
    }

    static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
