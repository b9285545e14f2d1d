package com.flowtriq.ftagent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The usual access log locations of the web servers the L7 detector reads (nginx, Apache, Caddy, LiteSpeed,
 * HAProxy) on Debian/Ubuntu and RHEL-family hosts, and which of them exist here. Stateless.
 */
final class AccessLogLocations
{
    /** Absolute paths, most common first. */
    static final List<String> DEFAULTS = List.of(
        "/var/log/nginx/access.log",
        "/var/log/apache2/access.log",
        "/var/log/apache2/other_vhosts_access.log",
        "/var/log/httpd/access_log",
        "/var/log/caddy/access.log",
        "/usr/local/lsws/logs/access.log",
        "/var/log/haproxy.log",
        "/var/log/haproxy/access.log");

    private AccessLogLocations()
    {
    }

    /**
     * @param root the file system root the defaults are resolved under ({@code /} on a host, a temp dir in tests).
     * @return the default paths (as absolute paths of this host, not prefixed by {@code root}) whose file exists
     * and is a regular file under {@code root}.
     */
    static List<String> found(final Path root)
    {
        final List<String> found = new ArrayList<>();
        for (final String path : DEFAULTS)
        {
            if (Files.isRegularFile(root.resolve(path.substring(1))))
            {
                found.add(path);
            }
        }
        return found;
    }
}
