package com.flowtriq.ftagent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values set in a config file (or by the setup wizard), keyed by registry path; keys not set read as their
 * registry default.
 * <p>
 * Values are Boolean, Long, Double, String, an unmodifiable List of String, or, for a list of objects, an
 * unmodifiable List of {@code ConfigValues} (one per element, keyed by the element keys' registry paths such as
 * {@code mitigation.rules[].action}). Immutable and thread-safe once built.
 */
public final class ConfigValues
{
    private static final ConfigValues EMPTY = new ConfigValues(Map.of());

    private final Map<String, Object> values;

    private ConfigValues(final Map<String, Object> values)
    {
        this.values = values;
    }

    /**
     * @return values with nothing set: every key reads as its default.
     */
    public static ConfigValues empty()
    {
        return EMPTY;
    }

    /**
     * @return a builder that validates each value it is given.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @param key a registered key.
     * @return true if the key was set explicitly.
     */
    public boolean isSet(final ConfigKey key)
    {
        return values.containsKey(key.path());
    }

    /**
     * @param key a registered key.
     * @return its value, or its default when not set.
     */
    public Object value(final ConfigKey key)
    {
        final Object value = values.get(key.path());
        return null != value ? value : key.defaultValue();
    }

    public boolean bool(final ConfigKey key)
    {
        return (Boolean)value(key);
    }

    public long longValue(final ConfigKey key)
    {
        return (Long)value(key);
    }

    public int intValue(final ConfigKey key)
    {
        return Math.toIntExact((Long)value(key));
    }

    public double doubleValue(final ConfigKey key)
    {
        return (Double)value(key);
    }

    /**
     * @return the string value, or null when the key is unset and has no default.
     */
    public String string(final ConfigKey key)
    {
        return (String)value(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(final ConfigKey key)
    {
        return (List<String>)value(key);
    }

    @SuppressWarnings("unchecked")
    public List<ConfigValues> elements(final ConfigKey key)
    {
        return (List<ConfigValues>)value(key);
    }

    /**
     * @return a builder holding these values, to change some of them (the setup wizard, server overrides).
     */
    public Builder toBuilder()
    {
        final Builder builder = new Builder();
        builder.values.putAll(values);
        return builder;
    }

    /**
     * @return the explicitly set values in registry order (an unmodifiable view).
     */
    public Map<String, Object> setValues()
    {
        return values;
    }

    public boolean equals(final Object o)
    {
        return o instanceof ConfigValues other && values.equals(other.values);
    }

    public int hashCode()
    {
        return Objects.hashCode(values);
    }

    /**
     * @return the set values as {@code path = value} pairs, secrets redacted.
     */
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (final Map.Entry<String, Object> entry : values.entrySet())
        {
            sb.append(first ? "" : ", ").append(entry.getKey()).append('=')
                .append(ConfigValueText.display(ConfigKeys.find(entry.getKey()), entry.getValue()));
            first = false;
        }
        return sb.append('}').toString();
    }

    /**
     * Collects values for a {@link ConfigValues}. Not thread-safe; used by one thread, then discarded.
     */
    public static final class Builder
    {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder()
        {
        }

        /**
         * Sets a scalar or string-list key. Integer-valued numbers may be given as Integer or Long; numbers for a
         * {@link ConfigType#NUMBER} key as any Number.
         *
         * @param key   a registered key that is not a section.
         * @param value the value.
         * @return this.
         * @throws IllegalArgumentException if the value is of the wrong type or not acceptable; the message names
         *                                  the key, the value and what is expected.
         */
        public Builder set(final ConfigKey key, final Object value)
        {
            if (key.emptyMeansUnset() && "".equals(value))
            {
                return unset(key);
            }
            final Object normalised = key.canonical(normalise(key, value));
            if (key.type() == ConfigType.STRING_LIST)
            {
                final List<Object> canonical = new ArrayList<>();
                for (final Object element : (List<?>)normalised)
                {
                    final Object canonicalElement = key.canonical(element);
                    if (!key.accepts(canonicalElement))
                    {
                        throw new IllegalArgumentException(key.path() + " = " + ConfigValueText.display(key, element) +
                            ": expected " + key.elementExpected());
                    }
                    canonical.add(canonicalElement);
                }
                values.put(key.path(), List.copyOf(canonical));
                return this;
            }
            else if (key.type() == ConfigType.SECTION_LIST)
            {
                for (final Object element : (List<?>)normalised)
                {
                    if (!(element instanceof ConfigValues))
                    {
                        throw new IllegalArgumentException(key.path() + ": elements must be ConfigValues");
                    }
                }
            }
            else if (!key.accepts(normalised))
            {
                throw new IllegalArgumentException(key.path() + " = " + ConfigValueText.display(key, normalised) +
                    ": expected " + key.expected());
            }
            values.put(key.path(), normalised);
            return this;
        }

        /**
         * Sets a key from text as an operator types it (the setup wizard's prompts, command-line flags): booleans as
         * true/false/yes/no/on/off, numbers in decimal, lists comma-separated.
         *
         * @param key  a registered key that is not a section.
         * @param text the text.
         * @return this.
         * @throws IllegalArgumentException naming the key, the text and the expected form, if it does not parse or
         *                                  is not acceptable.
         */
        public Builder setText(final ConfigKey key, final String text)
        {
            final String trimmed = text.strip();
            final Object value = switch (key.type())
            {
                case BOOLEAN -> switch (trimmed.toLowerCase(java.util.Locale.ROOT))
                {
                    case "true", "yes", "y", "on" -> Boolean.TRUE;
                    case "false", "no", "n", "off" -> Boolean.FALSE;
                    default -> null;
                };
                case INTEGER -> parseLong(trimmed);
                case NUMBER -> parseDouble(trimmed);
                case STRING -> trimmed;
                case STRING_LIST -> trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s*,\\s*"));
                case SECTION, SECTION_LIST -> throw new IllegalArgumentException(
                    key.path() + " is " + key.expected() + ": it cannot be set from text");
            };
            if (null == value)
            {
                throw new IllegalArgumentException(key.path() + " = " + ConfigValueText.display(key, trimmed) +
                    ": expected " + key.expected());
            }
            return set(key, value);
        }

        private static Long parseLong(final String text)
        {
            try
            {
                return Long.parseLong(text);
            }
            catch (final NumberFormatException ex)
            {
                return null;
            }
        }

        private static Double parseDouble(final String text)
        {
            try
            {
                final double value = Double.parseDouble(text);
                return Double.isFinite(value) ? value : null;
            }
            catch (final NumberFormatException ex)
            {
                return null;
            }
        }

        /**
         * Removes a key so that it reads as its default.
         *
         * @param key a registered key.
         * @return this.
         */
        public Builder unset(final ConfigKey key)
        {
            values.remove(key.path());
            return this;
        }

        /**
         * Puts an already validated value (from {@link ConfigReader}).
         */
        Builder put(final ConfigKey key, final Object value)
        {
            values.put(key.path(), value);
            return this;
        }

        boolean contains(final ConfigKey key)
        {
            return values.containsKey(key.path());
        }

        /**
         * @return the values, ordered as in the registry.
         */
        public ConfigValues build()
        {
            final Map<String, Object> ordered = new LinkedHashMap<>();
            for (final ConfigKey key : ConfigKeys.all())
            {
                final Object value = values.get(key.path());
                if (null != value)
                {
                    ordered.put(key.path(), value);
                }
            }
            return new ConfigValues(Collections.unmodifiableMap(ordered));
        }

        private static Object normalise(final ConfigKey key, final Object value)
        {
            Objects.requireNonNull(value, key.path());
            return switch (key.type())
            {
                case INTEGER -> value instanceof Integer || value instanceof Long || value instanceof Short ?
                    (Object)((Number)value).longValue() : value;
                case NUMBER -> value instanceof Number n ? (Object)n.doubleValue() : value;
                case STRING_LIST, SECTION_LIST -> value instanceof List<?> l ? List.copyOf(l) : badList(key, value);
                case SECTION -> throw new IllegalArgumentException(key.path() + " is an object: set its keys instead");
                default -> value;
            };
        }

        private static Object badList(final ConfigKey key, final Object value)
        {
            throw new IllegalArgumentException(
                key.path() + " = " + ConfigValueText.display(key, value) + ": expected " + key.expected());
        }
    }

    static List<ConfigValues> copyOfElements(final List<ConfigValues> elements)
    {
        return Collections.unmodifiableList(new ArrayList<>(elements));
    }
}
