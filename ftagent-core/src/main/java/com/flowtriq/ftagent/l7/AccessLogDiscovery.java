package com.flowtriq.ftagent.l7;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The usual access-log locations of the web servers L7 knows, used when {@code l7_logs} is not configured: whatever
 * of them exists is followed, with the server's default format. Cold path.
 */
public final class AccessLogDiscovery
{
    /** A log found at a default location. */
    public record DiscoveredLog(Path path, AccessLogFormat format)
    {
    }

    /** Default locations relative to the filesystem root, with the format each server writes there by default. */
    private static final String[][] DEFAULT_LOGS = {
        { "var/log/nginx/access.log", "nginx_combined" },
        { "var/log/apache2/access.log", "apache_combined" },
        { "var/log/apache2/other_vhosts_access.log", "apache_vhost_combined" },
        { "var/log/httpd/access_log", "apache_combined" },
        { "var/log/httpd/ssl_access_log", "apache_common" },
        { "var/log/caddy/access.log", "caddy_json" },
        { "usr/local/lsws/logs/access.log", "litespeed" },
        { "var/log/haproxy.log", "haproxy_http" } };

    private AccessLogDiscovery()
    {
    }

    /**
     * @param root filesystem root ("/" in production, a test directory in tests).
     * @return the default logs that exist as readable files (symlinks followed), in a fixed order.
     */
    public static List<DiscoveredLog> discover(final Path root)
    {
        final List<DiscoveredLog> found = new ArrayList<>();
        for (final String[] entry : DEFAULT_LOGS)
        {
            final Path path = root.resolve(entry[0]);
            if (Files.isRegularFile(path) && Files.isReadable(path))
            {
                found.add(new DiscoveredLog(path, AccessLogFormat.byConfigName(entry[1])));
            }
        }
        return found;
    }
}
