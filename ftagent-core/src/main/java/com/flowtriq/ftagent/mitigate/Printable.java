package com.flowtriq.ftagent.mitigate;

/**
 * Renders untrusted text for logs and refusal reasons: control characters escaped, length capped, so an attacker's
 * string cannot forge log lines. Stateless.
 */
public final class Printable
{
    static final int MAX_LENGTH = 80;

    private Printable()
    {
    }

    public static String quote(final String input)
    {
        if (null == input)
        {
            return "null";
        }
        final StringBuilder out = new StringBuilder(Math.min(input.length(), MAX_LENGTH) + 8).append('"');
        final int length = Math.min(input.length(), MAX_LENGTH);
        for (int i = 0; i < length; i++)
        {
            final char c = input.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
            {
                out.append(String.format("\\x%02x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        out.append('"');
        if (input.length() > MAX_LENGTH)
        {
            out.append("...(").append(input.length()).append(" chars)");
        }
        return out.toString();
    }
}
