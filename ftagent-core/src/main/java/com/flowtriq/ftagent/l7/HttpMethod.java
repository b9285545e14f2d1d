package com.flowtriq.ftagent.l7;

import org.agrona.DirectBuffer;

/**
 * Request method of an access-log record. {@link #NONE} means the log had no request line ("-" or ""),
 * {@link #INVALID} that the request line did not start with a method token (TLS bytes sent to a plain-HTTP port,
 * "&lt;BADREQ&gt;", free text), {@link #OTHER} an uppercase token that is not one of the listed methods (WebDAV and
 * friends).
 */
public enum HttpMethod
{
    NONE,
    INVALID,
    OTHER,
    GET,
    HEAD,
    POST,
    PUT,
    DELETE,
    OPTIONS,
    PATCH,
    CONNECT,
    TRACE;

    private static final HttpMethod[] VALUES = values();
    private static final long GET_TOKEN = pack("GET");
    private static final long PUT_TOKEN = pack("PUT");
    private static final long HEAD_TOKEN = pack("HEAD");
    private static final long POST_TOKEN = pack("POST");
    private static final long PATCH_TOKEN = pack("PATCH");
    private static final long TRACE_TOKEN = pack("TRACE");
    private static final long DELETE_TOKEN = pack("DELETE");
    private static final long OPTIONS_TOKEN = pack("OPTIONS");
    private static final long CONNECT_TOKEN = pack("CONNECT");

    /** Number of values, for per-method counter arrays indexed by {@link #ordinal()}. */
    public static int count()
    {
        return VALUES.length;
    }

    /** The value with the given ordinal. */
    public static HttpMethod byOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /**
     * Classifies the method token at [offset, offset + length): no allocation, no String.
     *
     * @return {@link #NONE} for an empty token, {@link #INVALID} unless the token is 1-16 bytes of A-Z,
     * else the method or {@link #OTHER}.
     */
    public static HttpMethod parse(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length == 0)
        {
            return NONE;
        }
        if (length > 16)
        {
            return INVALID;
        }
        long packed = 0;
        for (int i = 0; i < length; i++)
        {
            final int c = buffer.getByte(offset + i);
            if (c < 'A' || c > 'Z')
            {
                return INVALID;
            }
            if (i < 8)
            {
                packed = (packed << 8) | c;
            }
        }
        if (length > 7)
        {
            return OTHER;
        }
        return switch (length)
        {
            case 3 -> packed == GET_TOKEN ? GET : packed == PUT_TOKEN ? PUT : OTHER;
            case 4 -> packed == HEAD_TOKEN ? HEAD : packed == POST_TOKEN ? POST : OTHER;
            case 5 -> packed == PATCH_TOKEN ? PATCH : packed == TRACE_TOKEN ? TRACE : OTHER;
            case 6 -> packed == DELETE_TOKEN ? DELETE : OTHER;
            case 7 -> packed == OPTIONS_TOKEN ? OPTIONS : packed == CONNECT_TOKEN ? CONNECT : OTHER;
            default -> OTHER;
        };
    }

    private static long pack(final String token)
    {
        long packed = 0;
        for (int i = 0; i < token.length(); i++)
        {
            packed = (packed << 8) | token.charAt(i);
        }
        return packed;
    }
}
