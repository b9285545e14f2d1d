package com.flowtriq.ftagent.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Format rules for string values: each says whether a string is acceptable and how to describe the acceptable form.
 * <p>
 * Nothing here resolves names: addresses are parsed as literals ({@link InetAddress#ofLiteral(String)}), so a check
 * never touches DNS. Stateless and thread-safe.
 */
public enum ValueFormat
{
    /** Any string. */
    ANY("a string")
    {
        boolean accepts(final String value)
        {
            return true;
        }
    },

    /** Any non-empty string. */
    NON_EMPTY("a non-empty string")
    {
        boolean accepts(final String value)
        {
            return !value.isBlank();
        }
    },

    /** An absolute filesystem path. */
    ABSOLUTE_PATH("an absolute path")
    {
        boolean accepts(final String value)
        {
            return value.startsWith("/") && value.indexOf('\0') < 0;
        }
    },

    /** An absolute filesystem path, or "" to switch the feature off. */
    ABSOLUTE_PATH_OR_EMPTY("an absolute path, or \"\" for none")
    {
        boolean accepts(final String value)
        {
            return value.isEmpty() || ABSOLUTE_PATH.accepts(value);
        }
    },

    /** An http or https URL with a host. */
    HTTP_URL("an http:// or https:// URL")
    {
        boolean accepts(final String value)
        {
            try
            {
                final URI uri = new URI(value);
                final String scheme = uri.getScheme();
                return ("https".equals(scheme) || "http".equals(scheme)) && null != uri.getHost();
            }
            catch (final URISyntaxException ex)
            {
                return false;
            }
        }
    },

    /** A UUID in its 8-4-4-4-12 hex form. */
    UUID("a UUID like 123e4567-e89b-12d3-a456-426614174000")
    {
        boolean accepts(final String value)
        {
            return UUID_PATTERN.matcher(value).matches();
        }
    },

    /** An IPv4 or IPv6 address, or a CIDR prefix of one. */
    CIDR("an IPv4/IPv6 address or CIDR like 198.51.100.0/24 or 2001:db8::/32")
    {
        boolean accepts(final String value)
        {
            return isCidr(value);
        }
    },

    /** "auto", or a Linux interface name (1 to 15 characters, no '/', ':' or whitespace). */
    INTERFACE("\"auto\" or an interface name like eth0 (1-15 characters, no '/', ':' or spaces)")
    {
        boolean accepts(final String value)
        {
            return IFNAME_PATTERN.matcher(value).matches() && !".".equals(value) && !"..".equals(value);
        }
    },

    /** host:port to listen on, or "" to switch the listener off. */
    LISTEN_ADDRESS("host:port like 127.0.0.1:9108 or [::1]:9108, or \"\" to disable")
    {
        boolean accepts(final String value)
        {
            return value.isEmpty() || isListenAddress(value);
        }
    };

    private static final Pattern UUID_PATTERN =
        Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern IFNAME_PATTERN = Pattern.compile("[^/:\\s]{1,15}");
    private static final Pattern HOSTNAME_PATTERN =
        Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final String expected;

    ValueFormat(final String expected)
    {
        this.expected = expected;
    }

    abstract boolean accepts(String value);

    /**
     * @return the acceptable form, as an operator reads it.
     */
    public String expected()
    {
        return expected;
    }

    static boolean isCidr(final String value)
    {
        final int slash = value.indexOf('/');
        final String address = slash < 0 ? value : value.substring(0, slash);
        final boolean v6 = address.indexOf(':') >= 0;
        if (!v6 && !isDottedQuad(address))
        {
            return false;
        }
        if (!isAddressLiteral(address))
        {
            return false;
        }
        if (slash < 0)
        {
            return true;
        }
        final String bits = value.substring(slash + 1);
        if (bits.isEmpty() || bits.length() > 3)
        {
            return false;
        }
        for (int i = 0; i < bits.length(); i++)
        {
            if (bits.charAt(i) < '0' || bits.charAt(i) > '9')
            {
                return false;
            }
        }
        final int prefix = Integer.parseInt(bits);
        return prefix <= (v6 ? 128 : 32);
    }

    private static boolean isDottedQuad(final String address)
    {
        final String[] parts = address.split("\\.", -1);
        if (parts.length != 4)
        {
            return false;
        }
        for (final String part : parts)
        {
            if (part.isEmpty() || part.length() > 3)
            {
                return false;
            }
            for (int i = 0; i < part.length(); i++)
            {
                if (part.charAt(i) < '0' || part.charAt(i) > '9')
                {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isAddressLiteral(final String address)
    {
        try
        {
            InetAddress.ofLiteral(address);
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    private static boolean isListenAddress(final String value)
    {
        final int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1)
        {
            return false;
        }
        String host = value.substring(0, colon);
        final String port = value.substring(colon + 1);
        for (int i = 0; i < port.length(); i++)
        {
            if (port.charAt(i) < '0' || port.charAt(i) > '9')
            {
                return false;
            }
        }
        if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)
        {
            return false;
        }
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
            return host.indexOf(':') >= 0 && isAddressLiteral(host);
        }
        if (host.indexOf(':') >= 0)
        {
            return false;
        }
        return isDottedQuad(host) || (HOSTNAME_PATTERN.matcher(host).matches() && !allDigitsAndDots(host));
    }

    private static boolean allDigitsAndDots(final String host)
    {
        for (int i = 0; i < host.length(); i++)
        {
            final char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9'))
            {
                return false;
            }
        }
        return true;
    }
}
