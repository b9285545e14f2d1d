package com.flowtriq.ftagent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The build's version, from a resource Maven filters at build time. */
final class Version
{
    private Version()
    {
    }

    static String current()
    {
        try (InputStream in = Version.class.getResourceAsStream("/ftagent-version.properties"))
        {
            if (in == null)
            {
                return "unknown";
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
