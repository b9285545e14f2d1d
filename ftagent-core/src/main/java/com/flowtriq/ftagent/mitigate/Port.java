package com.flowtriq.ftagent.mitigate;

/**
 * A validated transport port, 0..65535. Immutable; thread-safe.
 */
public record Port(int value)
{
    public static final int MAX_VALUE = 65_535;

    public Port
    {
        if (value < 0 || value > MAX_VALUE)
        {
            throw new IllegalArgumentException("port " + value + " is not 0.." + MAX_VALUE);
        }
    }

    /**
     * Parses untrusted text: 1 to 5 ASCII digits, nothing else.
     *
     * @return the port or null.
     */
    public static Port parse(final String input)
    {
        if (null == input || input.isEmpty() || input.length() > 5)
        {
            return null;
        }
        int value = 0;
        for (int i = 0; i < input.length(); i++)
        {
            final char c = input.charAt(i);
            if (c < '0' || c > '9')
            {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        return value > MAX_VALUE ? null : new Port(value);
    }

    /**
     * @return the port for an int from a trusted decoder, or null if out of range.
     */
    public static Port valueOf(final int value)
    {
        return value < 0 || value > MAX_VALUE ? null : new Port(value);
    }

    public String text()
    {
        return Integer.toString(value);
    }

    public String toString()
    {
        return text();
    }
}
