package com.flowtriq.ftagent.frames;

/** Hex text to bytes and back, for frames written into tests as hex dumps. */
public final class Hex
{
    private Hex()
    {
    }

    /** Parses hex digits, ignoring whitespace, colons and dashes ({@code "00 1b:2c"}). */
    public static byte[] parse(final String text)
    {
        final StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (Character.digit(c, 16) >= 0)
            {
                digits.append(c);
            }
            else if (!Character.isWhitespace(c) && c != ':' && c != '-')
            {
                throw new IllegalArgumentException("not a hex digit: '" + c + "' at " + i);
            }
        }
        if ((digits.length() & 1) != 0)
        {
            throw new IllegalArgumentException("odd number of hex digits: " + digits.length());
        }
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(digits, 2 * i, 2 * i + 2, 16);
        }
        return bytes;
    }

    /** Lower-case hex without separators. */
    public static String format(final byte[] bytes)
    {
        final StringBuilder text = new StringBuilder(bytes.length * 2);
        for (final byte b : bytes)
        {
            text.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }
}
