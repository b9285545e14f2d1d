package com.flowtriq.ftagent.l7;

import org.agrona.DirectBuffer;

/**
 * Reads a client address as access logs write it (IPv4 dotted quad, IPv6 in any RFC 4291 text form including "::"
 * and an embedded IPv4 tail, optionally in brackets) into an {@link AccessLogRecord}, with no allocation. Text that
 * is not an address (a hostname, "unix:") is kept as a {@link AccessLogRecord#CLIENT_NAME} so it still counts as a
 * client.
 */
public final class ClientAddressText
{
    private ClientAddressText()
    {
    }

    /**
     * Fills the client fields of the record from [offset, offset + length).
     *
     * @return the family stored; {@link AccessLogRecord#CLIENT_NONE} for an empty field or "-".
     */
    public static int parse(final DirectBuffer buffer, final int offset, final int length, final AccessLogRecord record)
    {
        int start = offset;
        int len = length;
        if (len >= 2 && buffer.getByte(start) == '[' && buffer.getByte(start + len - 1) == ']')
        {
            start++;
            len -= 2;
        }
        record.clientOffset = start;
        record.clientLength = len;
        record.clientHigh = 0;
        record.clientLow = 0;
        if (len == 0 || (len == 1 && buffer.getByte(start) == '-'))
        {
            record.clientFamily = AccessLogRecord.CLIENT_NONE;
            record.clientLength = 0;
            return AccessLogRecord.CLIENT_NONE;
        }
        final long ipv4 = parseIpv4(buffer, start, len);
        if (ipv4 >= 0)
        {
            record.clientFamily = AccessLogRecord.CLIENT_IPV4;
            record.clientLow = ipv4;
            return AccessLogRecord.CLIENT_IPV4;
        }
        if (parseIpv6(buffer, start, len, record))
        {
            record.clientFamily = AccessLogRecord.CLIENT_IPV6;
            return AccessLogRecord.CLIENT_IPV6;
        }
        record.clientHigh = 0;
        record.clientLow = 0;
        record.clientFamily = AccessLogRecord.CLIENT_NAME;
        return AccessLogRecord.CLIENT_NAME;
    }

    /**
     * @return the address as an unsigned 32-bit value widened to long, or -1 if the text is not a dotted quad.
     */
    public static long parseIpv4(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 7 || length > 15)
        {
            return -1;
        }
        long address = 0;
        int octet = 0;
        int digitCount = 0;
        int dots = 0;
        final int end = offset + length;
        for (int i = offset; i < end; i++)
        {
            final byte c = buffer.getByte(i);
            if (c >= '0' && c <= '9')
            {
                octet = octet * 10 + (c - '0');
                if (++digitCount > 3 || octet > 255)
                {
                    return -1;
                }
            }
            else if (c == '.' && digitCount > 0 && dots < 3)
            {
                address = (address << 8) | octet;
                octet = 0;
                digitCount = 0;
                dots++;
            }
            else
            {
                return -1;
            }
        }
        if (dots != 3 || digitCount == 0)
        {
            return -1;
        }
        return (address << 8) | octet;
    }

    private static boolean parseIpv6(
        final DirectBuffer buffer, final int offset, final int length, final AccessLogRecord record)
    {
        if (length < 2 || length > 45)
        {
            return false;
        }
        // Up to 8 groups collected in two longs; groups after "::" are shifted in once we know how many there are.
        long head = 0;
        long headHigh = 0;
        int headGroups = 0;
        long tail = 0;
        long tailHigh = 0;
        int tailGroups = 0;
        boolean compressed = false;
        int i = offset;
        final int end = offset + length;
        if (buffer.getByte(i) == ':')
        {
            if (buffer.getByte(i + 1) != ':')
            {
                return false;
            }
            compressed = true;
            i += 2;
        }
        while (i < end)
        {
            // Embedded IPv4 tail: a group containing '.' takes the last 32 bits.
            int j = i;
            boolean hasDot = false;
            while (j < end && buffer.getByte(j) != ':')
            {
                if (buffer.getByte(j) == '.')
                {
                    hasDot = true;
                }
                j++;
            }
            if (hasDot)
            {
                if (j != end)
                {
                    return false;
                }
                final long v4 = parseIpv4(buffer, i, j - i);
                if (v4 < 0)
                {
                    return false;
                }
                for (int k = 0; k < 2; k++)
                {
                    final int group = (int)((v4 >>> (16 * (1 - k))) & 0xFFFF);
                    if (compressed)
                    {
                        tailHigh = (tailHigh << 16) | (tail >>> 48);
                        tail = (tail << 16) | group;
                        tailGroups++;
                    }
                    else
                    {
                        headHigh = (headHigh << 16) | (head >>> 48);
                        head = (head << 16) | group;
                        headGroups++;
                    }
                }
                i = end;
                break;
            }
            final int groupLength = j - i;
            if (groupLength < 1 || groupLength > 4)
            {
                return false;
            }
            int group = 0;
            for (int k = i; k < j; k++)
            {
                final int nibble = hexValue(buffer.getByte(k));
                if (nibble < 0)
                {
                    return false;
                }
                group = (group << 4) | nibble;
            }
            if (compressed)
            {
                tailHigh = (tailHigh << 16) | (tail >>> 48);
                tail = (tail << 16) | group;
                tailGroups++;
            }
            else
            {
                headHigh = (headHigh << 16) | (head >>> 48);
                head = (head << 16) | group;
                headGroups++;
            }
            i = j;
            if (i < end)
            {
                i++;
                if (i < end && buffer.getByte(i) == ':')
                {
                    if (compressed)
                    {
                        return false;
                    }
                    compressed = true;
                    i++;
                }
                else if (i == end)
                {
                    return false;
                }
            }
        }
        final int groups = headGroups + tailGroups;
        if (groups > 8 || (!compressed && groups != 8) || (compressed && groups > 7))
        {
            return false;
        }
        // Place head groups at the top and tail groups at the bottom of the 128 bits.
        final int headShift = (8 - headGroups) * 16;
        long high;
        long low;
        if (headGroups == 0)
        {
            high = 0;
            low = 0;
        }
        else if (headShift >= 64)
        {
            high = head << (headShift - 64);
            low = 0;
            if (headShift == 64)
            {
                high = head;
            }
        }
        else
        {
            // head spans both halves: headHigh holds the bits shifted out of head.
            high = (headHigh << headShift) | (head >>> (64 - headShift));
            low = head << headShift;
            if (headShift == 0)
            {
                high = headHigh;
                low = head;
            }
        }
        if (tailGroups > 4)
        {
            high |= tailHigh & ((1L << ((tailGroups - 4) * 16)) - 1);
            low |= tail;
        }
        else
        {
            low |= tail;
        }
        record.clientHigh = high;
        record.clientLow = low;
        return true;
    }

    private static int hexValue(final byte c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    }
}
