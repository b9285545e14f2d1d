package com.flowtriq.ftagent.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the key registry: a key's path, type, default, allowed range or values, and description.
 * <p>
 * The same entry drives the defaults of {@link AgentConfig}, the validation in {@link ConfigReader} and the README
 * table ({@link ConfigTable}), so they cannot drift apart. Paths are dotted for keys inside an object
 * ({@code notify.slack.webhook_url}) and use {@code []} for the keys of each element of a list of objects
 * ({@code mitigation.rules[].action}).
 * <p>
 * Immutable and thread-safe.
 */
public final class ConfigKey
{
    private final String path;
    private final ConfigType type;
    private final Object defaultValue;
    private final long minLong;
    private final long maxLong;
    private final double minDouble;
    private final double maxDouble;
    private final List<String> allowed;
    private final ValueFormat format;
    private final boolean secret;
    private final boolean required;
    private final boolean powerOfTwo;
    private final String description;

    private ConfigKey(
        final String path,
        final ConfigType type,
        final Object defaultValue,
        final long minLong,
        final long maxLong,
        final double minDouble,
        final double maxDouble,
        final List<String> allowed,
        final ValueFormat format,
        final boolean secret,
        final boolean required,
        final boolean powerOfTwo,
        final String description)
    {
        this.path = path;
        this.type = type;
        this.defaultValue = defaultValue;
        this.minLong = minLong;
        this.maxLong = maxLong;
        this.minDouble = minDouble;
        this.maxDouble = maxDouble;
        this.allowed = List.copyOf(allowed);
        this.format = format;
        this.secret = secret;
        this.required = required;
        this.powerOfTwo = powerOfTwo;
        this.description = description;
    }

    static ConfigKey bool(final String path, final boolean defaultValue, final String description)
    {
        return new ConfigKey(
            path, ConfigType.BOOLEAN, defaultValue, 0, 0, 0, 0, List.of(), ValueFormat.ANY, false, false, false,
            description);
    }

    static ConfigKey integer(
        final String path, final long defaultValue, final long min, final long max, final String description)
    {
        return new ConfigKey(
            path, ConfigType.INTEGER, defaultValue, min, max, 0, 0, List.of(), ValueFormat.ANY, false, false, false,
            description);
    }

    static ConfigKey number(
        final String path, final double defaultValue, final double min, final double max, final String description)
    {
        return new ConfigKey(
            path, ConfigType.NUMBER, defaultValue, 0, 0, min, max, List.of(), ValueFormat.ANY, false, false, false,
            description);
    }

    static ConfigKey string(
        final String path, final String defaultValue, final ValueFormat format, final String description)
    {
        return new ConfigKey(
            path, ConfigType.STRING, defaultValue, 0, 0, 0, 0, List.of(), format, false, false, false, description);
    }

    static ConfigKey oneOf(
        final String path, final String defaultValue, final List<String> allowed, final String description)
    {
        return new ConfigKey(
            path, ConfigType.STRING, defaultValue, 0, 0, 0, 0, allowed, ValueFormat.ANY, false, false, false,
            description);
    }

    static ConfigKey list(final String path, final ValueFormat format, final String description)
    {
        return new ConfigKey(
            path, ConfigType.STRING_LIST, List.of(), 0, 0, 0, 0, List.of(), format, false, false, false,
            description);
    }

    static ConfigKey listOf(final String path, final List<String> allowed, final String description)
    {
        return new ConfigKey(
            path, ConfigType.STRING_LIST, List.of(), 0, 0, 0, 0, allowed, ValueFormat.ANY, false, false, false,
            description);
    }

    static ConfigKey section(final String path, final String description)
    {
        return new ConfigKey(
            path, ConfigType.SECTION, null, 0, 0, 0, 0, List.of(), ValueFormat.ANY, false, false, false, description);
    }

    static ConfigKey sectionList(final String path, final String description)
    {
        return new ConfigKey(
            path, ConfigType.SECTION_LIST, List.of(), 0, 0, 0, 0, List.of(), ValueFormat.ANY, false, false, false,
            description);
    }

    ConfigKey asSecret()
    {
        return new ConfigKey(
            path, type, defaultValue, minLong, maxLong, minDouble, maxDouble, allowed, format, true, required,
            powerOfTwo, description);
    }

    ConfigKey asRequired()
    {
        return new ConfigKey(
            path, type, defaultValue, minLong, maxLong, minDouble, maxDouble, allowed, format, secret, true,
            powerOfTwo, description);
    }

    ConfigKey asPowerOfTwo()
    {
        return new ConfigKey(
            path, type, defaultValue, minLong, maxLong, minDouble, maxDouble, allowed, format, secret, required,
            true, description);
    }

    /**
     * @return the registry path, e.g. {@code pcap_dir}, {@code notify.slack.webhook_url},
     * {@code mitigation.rules[].action}.
     */
    public String path()
    {
        return path;
    }

    /**
     * @return the last component of the path, the name as written in its JSON object.
     */
    public String name()
    {
        final int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    /**
     * @return the registry path of the object holding this key, with a trailing dot, or "" at the top level.
     */
    public String parentPrefix()
    {
        final int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot + 1);
    }

    public ConfigType type()
    {
        return type;
    }

    /**
     * @return the default: Boolean, Long, Double, String, List of String, or null for "none".
     */
    public Object defaultValue()
    {
        return defaultValue;
    }

    public long minLong()
    {
        return minLong;
    }

    public long maxLong()
    {
        return maxLong;
    }

    public double minDouble()
    {
        return minDouble;
    }

    public double maxDouble()
    {
        return maxDouble;
    }

    /**
     * @return the allowed values of an enumerated string (or of each element of a list), empty when free form.
     */
    public List<String> allowed()
    {
        return allowed;
    }

    public ValueFormat format()
    {
        return format;
    }

    /**
     * @return true if the value must never be printed in full (API keys, webhook URLs, tokens).
     */
    public boolean secret()
    {
        return secret;
    }

    /**
     * @return true if the key must be present in its object (only used for keys of list elements).
     */
    public boolean required()
    {
        return required;
    }

    public String description()
    {
        return description;
    }

    /**
     * @return the acceptable form of a value, as written in error messages and the README table.
     */
    public String expected()
    {
        return switch (type)
        {
            case BOOLEAN -> "true or false";
            case INTEGER -> integerExpected();
            case NUMBER -> maxDouble == Double.MAX_VALUE ?
                "a number >= " + formatDouble(minDouble) :
                "a number from " + formatDouble(minDouble) + " to " + formatDouble(maxDouble);
            case STRING -> allowed.isEmpty() ? format.expected() : "one of " + String.join(", ", allowed);
            case STRING_LIST -> "a list, each " + elementExpected();
            case SECTION -> "an object";
            case SECTION_LIST -> "a list of objects";
        };
    }

    /**
     * @return the acceptable form of one element of a list key.
     */
    public String elementExpected()
    {
        return allowed.isEmpty() ? format.expected() : "one of " + String.join(", ", allowed);
    }

    private String integerExpected()
    {
        final String range = maxLong == Long.MAX_VALUE ?
            "an integer >= " + minLong :
            "an integer from " + minLong + " to " + maxLong;
        return powerOfTwo ? range + ", a power of two" : range;
    }

    /**
     * Whether a value of the right Java type satisfies this key's range, enum or format.
     *
     * @param value Boolean, Long, Double or String for scalar keys; one element for list keys.
     * @return true if acceptable.
     */
    public boolean accepts(final Object value)
    {
        return switch (type)
        {
            case BOOLEAN -> value instanceof Boolean;
            case INTEGER -> value instanceof Long l && l >= minLong && l <= maxLong &&
                (!powerOfTwo || (l > 0 && Long.bitCount(l) == 1));
            case NUMBER -> value instanceof Double d && !d.isNaN() && d >= minDouble && d <= maxDouble;
            case STRING, STRING_LIST -> value instanceof String s &&
                (allowed.isEmpty() ? format.accepts(s) : allowed.contains(s));
            case SECTION, SECTION_LIST -> false;
        };
    }

    /**
     * Brings a value to its canonical form before validation: an enumerated string matching an allowed value except
     * for case becomes that value ({@code "info"} becomes {@code "INFO"}), since the seed agent was lenient about
     * case and operators' files must keep working.
     *
     * @param value a scalar value or one list element.
     * @return the canonical value (the same object when nothing changes).
     */
    public Object canonical(final Object value)
    {
        if (value instanceof String s && !allowed.isEmpty() && !allowed.contains(s))
        {
            for (final String candidate : allowed)
            {
                if (candidate.equalsIgnoreCase(s))
                {
                    return candidate;
                }
            }
        }
        return value;
    }

    /**
     * @return true if {@code ""} (like JSON null) leaves this key unset: a string key whose default is "none".
     */
    public boolean emptyMeansUnset()
    {
        return type == ConfigType.STRING && null == defaultValue && !required;
    }

    /**
     * @return the default in JSON form, as shown in the README table: {@code 60}, {@code "auto"}, {@code []}, or
     * {@code none}.
     */
    public String defaultText()
    {
        return switch (type)
        {
            case SECTION -> "";
            case SECTION_LIST -> "[]";
            default -> null == defaultValue ? "none" : ConfigValueText.json(defaultValue);
        };
    }

    static String formatDouble(final double value)
    {
        if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return Double.toString(value);
    }

    public boolean equals(final Object o)
    {
        return o instanceof ConfigKey other && path.equals(other.path);
    }

    public int hashCode()
    {
        return Objects.hashCode(path);
    }

    public String toString()
    {
        return path;
    }
}
