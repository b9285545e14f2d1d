package com.flowtriq.ftagent.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Shortens a secret so that an operator can recognise it without it being usable: an API key {@code ftk_…abcd},
 * a webhook URL {@code https://hooks.slack.com/…}, any other token {@code …abcd}.
 * <p>
 * Short secrets (under 12 characters) show no characters at all, since four of them would be a large share.
 * Stateless and thread-safe.
 */
public final class SecretRedaction
{
    /** The marker put where characters were removed. */
    public static final String ELLIPSIS = "\u2026";

    private static final int MIN_LENGTH_TO_SHOW_TAIL = 12;
    private static final int TAIL_LENGTH = 4;
    private static final int MAX_PREFIX_LENGTH = 8;

    private SecretRedaction()
    {
    }

    /**
     * @param secret the secret value, or null.
     * @return its redacted form; "none" for null.
     */
    public static String redact(final String secret)
    {
        if (null == secret)
        {
            return "none";
        }
        if (secret.isEmpty())
        {
            return "";
        }
        if (secret.startsWith("http://") || secret.startsWith("https://"))
        {
            return redactUrl(secret);
        }

        final int underscore = secret.indexOf('_');
        final String prefix = underscore > 0 && underscore < MAX_PREFIX_LENGTH ? secret.substring(0, underscore + 1) : "";
        final String rest = secret.substring(prefix.length());
        final String tail = rest.length() >= MIN_LENGTH_TO_SHOW_TAIL ? rest.substring(rest.length() - TAIL_LENGTH) : "";
        return prefix + ELLIPSIS + tail;
    }

    private static String redactUrl(final String url)
    {
        try
        {
            final URI uri = new URI(url);
            if (null != uri.getHost())
            {
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") +
                    "/" + ELLIPSIS;
            }
        }
        catch (final URISyntaxException ignore)
        {
            // Not a parseable URL: fall through to showing nothing of it.
        }
        return ELLIPSIS;
    }
}
