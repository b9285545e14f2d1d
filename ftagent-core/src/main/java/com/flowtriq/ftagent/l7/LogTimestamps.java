package com.flowtriq.ftagent.l7;

import org.agrona.DirectBuffer;

/**
 * Parses the timestamps access logs write, straight from bytes to epoch milliseconds (UTC), with no allocation.
 * Each parse method returns {@link #INVALID} when the bytes are not a valid timestamp of that shape.
 */
public final class LogTimestamps
{
    /** Returned for bytes that are not a timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    /** Length of "10/Oct/2000:13:55:36" without zone or fraction. */
    public static final int CLF_BASE_LENGTH = 20;

    private LogTimestamps()
    {
    }

    /**
     * Common Log Format time, as Apache, nginx, LiteSpeed and HAProxy write it:
     * <pre>
     *   dd/Mon/yyyy:HH:MM:SS[.mmm][ +hhmm]
     * </pre>
     * A missing zone is taken as UTC (HAProxy logs local time without a zone).
     */
    public static long parseClf(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < CLF_BASE_LENGTH ||
            buffer.getByte(offset + 2) != '/' || buffer.getByte(offset + 6) != '/' ||
            buffer.getByte(offset + 11) != ':' || buffer.getByte(offset + 14) != ':' ||
            buffer.getByte(offset + 17) != ':')
        {
            return INVALID;
        }
        final int day = digits(buffer, offset, 2);
        final int month = month(buffer, offset + 3);
        final int year = digits(buffer, offset + 7, 4);
        final int hour = digits(buffer, offset + 12, 2);
        final int minute = digits(buffer, offset + 15, 2);
        final int second = digits(buffer, offset + 18, 2);
        if (day < 1 || day > 31 || month < 1 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
            second < 0 || second > 60)
        {
            return INVALID;
        }
        int i = offset + CLF_BASE_LENGTH;
        final int end = offset + length;
        final int fractionEnd = fractionEnd(buffer, i, end);
        final int millis = fractionMillis(buffer, i, fractionEnd);
        i = fractionEnd;
        long zoneSeconds = 0;
        if (i < end && buffer.getByte(i) == ' ')
        {
            i++;
            if (end - i < 5)
            {
                return INVALID;
            }
            final byte sign = buffer.getByte(i);
            final int hh = digits(buffer, i + 1, 2);
            final int mm = digits(buffer, i + 3, 2);
            if ((sign != '+' && sign != '-') || hh < 0 || mm < 0)
            {
                return INVALID;
            }
            zoneSeconds = (hh * 3600L + mm * 60L) * (sign == '-' ? -1 : 1);
            i += 5;
        }
        if (i != end)
        {
            return INVALID;
        }
        final long epochSecond = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second -
            zoneSeconds;
        return epochSecond * 1000L + millis;
    }

    /**
     * ISO-8601 time as nginx's {@code $time_iso8601} writes it: {@code yyyy-mm-ddTHH:MM:SS[.fff](Z|+hh:mm)}.
     */
    public static long parseIso8601(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 19 || buffer.getByte(offset + 4) != '-' || buffer.getByte(offset + 7) != '-' ||
            (buffer.getByte(offset + 10) != 'T' && buffer.getByte(offset + 10) != ' ') ||
            buffer.getByte(offset + 13) != ':' || buffer.getByte(offset + 16) != ':')
        {
            return INVALID;
        }
        final int year = digits(buffer, offset, 4);
        final int month = digits(buffer, offset + 5, 2);
        final int day = digits(buffer, offset + 8, 2);
        final int hour = digits(buffer, offset + 11, 2);
        final int minute = digits(buffer, offset + 14, 2);
        final int second = digits(buffer, offset + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 ||
            minute > 59 || second < 0 || second > 60)
        {
            return INVALID;
        }
        int i = offset + 19;
        final int end = offset + length;
        final int fractionEnd = fractionEnd(buffer, i, end);
        final int millis = fractionMillis(buffer, i, fractionEnd);
        i = fractionEnd;
        long zoneSeconds = 0;
        if (i < end)
        {
            final byte sign = buffer.getByte(i);
            if (sign == 'Z')
            {
                i++;
            }
            else if ((sign == '+' || sign == '-') && end - i >= 6 && buffer.getByte(i + 3) == ':')
            {
                final int hh = digits(buffer, i + 1, 2);
                final int mm = digits(buffer, i + 4, 2);
                if (hh < 0 || mm < 0)
                {
                    return INVALID;
                }
                zoneSeconds = (hh * 3600L + mm * 60L) * (sign == '-' ? -1 : 1);
                i += 6;
            }
            else
            {
                return INVALID;
            }
        }
        if (i != end)
        {
            return INVALID;
        }
        return (daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - zoneSeconds) *
            1000L + millis;
    }

    /**
     * Unix time in seconds with an optional fraction, as Caddy's "ts" (1693840791.7564995); exponents are rejected.
     */
    public static long parseEpochSecondsDecimal(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int i = offset;
        long seconds = 0;
        int intDigits = 0;
        while (i < end && isDigit(buffer.getByte(i)))
        {
            if (++intDigits > 12)
            {
                return INVALID;
            }
            seconds = seconds * 10 + (buffer.getByte(i) - '0');
            i++;
        }
        if (intDigits == 0)
        {
            return INVALID;
        }
        final int fractionEnd = fractionEnd(buffer, i, end);
        final int millis = fractionMillis(buffer, i, fractionEnd);
        i = fractionEnd;
        return i == end ? seconds * 1000L + millis : INVALID;
    }

    /**
     * End of an optional fraction ".ddd..." starting at {@code i}: {@code i} itself when there is no '.', else the
     * index after its last digit.
     */
    private static int fractionEnd(final DirectBuffer buffer, final int i, final int end)
    {
        if (i >= end || buffer.getByte(i) != '.')
        {
            return i;
        }
        int j = i + 1;
        while (j < end && isDigit(buffer.getByte(j)))
        {
            j++;
        }
        return j;
    }

    /** Milliseconds of the fraction in [start, fractionEnd) (0 when empty); digits past the third are dropped. */
    private static int fractionMillis(final DirectBuffer buffer, final int start, final int fractionEnd)
    {
        int millis = 0;
        int scale = 100;
        for (int j = start + 1; j < fractionEnd; j++)
        {
            millis += (buffer.getByte(j) - '0') * scale;
            scale /= 10;
        }
        return millis;
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil), so no Calendar or
     * java.time object is made per line.
     */
    static long daysFromCivil(final int year, final int month, final int day)
    {
        final int y = month <= 2 ? year - 1 : year;
        final int era = (y >= 0 ? y : y - 399) / 400;
        final int yearOfEra = y - era * 400;
        final int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        final int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    private static int month(final DirectBuffer buffer, final int offset)
    {
        final int packed = ((buffer.getByte(offset) | 0x20) << 16) | ((buffer.getByte(offset + 1) | 0x20) << 8) |
            (buffer.getByte(offset + 2) | 0x20);
        return switch (packed)
        {
            case ('j' << 16) | ('a' << 8) | 'n' -> 1;
            case ('f' << 16) | ('e' << 8) | 'b' -> 2;
            case ('m' << 16) | ('a' << 8) | 'r' -> 3;
            case ('a' << 16) | ('p' << 8) | 'r' -> 4;
            case ('m' << 16) | ('a' << 8) | 'y' -> 5;
            case ('j' << 16) | ('u' << 8) | 'n' -> 6;
            case ('j' << 16) | ('u' << 8) | 'l' -> 7;
            case ('a' << 16) | ('u' << 8) | 'g' -> 8;
            case ('s' << 16) | ('e' << 8) | 'p' -> 9;
            case ('o' << 16) | ('c' << 8) | 't' -> 10;
            case ('n' << 16) | ('o' << 8) | 'v' -> 11;
            case ('d' << 16) | ('e' << 8) | 'c' -> 12;
            default -> -1;
        };
    }

    /** Reads count ASCII digits as a non-negative int, or -1 if any byte is not a digit. */
    static int digits(final DirectBuffer buffer, final int offset, final int count)
    {
        int value = 0;
        for (int i = 0; i < count; i++)
        {
            final byte c = buffer.getByte(offset + i);
            if (!isDigit(c))
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static boolean isDigit(final byte c)
    {
        return c >= '0' && c <= '9';
    }
}
