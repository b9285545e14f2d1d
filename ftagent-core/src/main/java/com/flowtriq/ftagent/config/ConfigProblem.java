package com.flowtriq.ftagent.config;

/**
 * One thing wrong with a config file: which key (its full path, with list indices), the value found (redacted if
 * secret), what was expected, and where in the file.
 * <p>
 * Rendered as {@code path = value: expected ... (line L, column C)}, or for problems without a value (unknown or
 * missing keys, malformed JSON) {@code path: detail (line L, column C)}. Immutable.
 *
 * @param path     the key's full path, e.g. {@code mitigation.rules[0].action}; "" for the file as a whole.
 * @param value    the value as found, already redacted; null when there is none.
 * @param expected what would have been accepted, or the detail of the problem when {@code value} is null.
 * @param line     1-based line in the file, 0 if unknown.
 * @param column   1-based column in the file, 0 if unknown.
 */
public record ConfigProblem(String path, String value, String expected, int line, int column)
{
    static ConfigProblem of(final String path, final String detail)
    {
        return new ConfigProblem(path, null, detail, 0, 0);
    }

    /**
     * @return the problem as one line an operator can act on.
     */
    public String message()
    {
        final StringBuilder sb = new StringBuilder();
        if (!path.isEmpty())
        {
            sb.append(path);
        }
        if (null != value)
        {
            sb.append(" = ").append(value).append(": expected ").append(expected);
        }
        else
        {
            sb.append(path.isEmpty() ? "" : ": ").append(expected);
        }
        if (line > 0)
        {
            sb.append(" (line ").append(line).append(", column ").append(column).append(')');
        }
        return sb.toString();
    }

    public String toString()
    {
        return message();
    }
}
