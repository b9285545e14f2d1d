package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogFormatDetectorTest
{
    @TempDir
    Path root;

    private static AccessLogFormat detect(final String file, final AccessLogFormat fallback) throws Exception
    {
        final byte[] bytes = Files.readAllBytes(RealDataLogs.log(file));
        return AccessLogFormatDetector.detect(new UnsafeBuffer(bytes), 0, bytes.length, fallback);
    }

    @Test
    void shouldDetectEachRealLogFormatFromItsFirstLines() throws Exception
    {
        assertEquals(AccessLogFormat.CADDY_JSON, detect("caddy_json__crowdsec-hub.log", null));
        assertEquals(AccessLogFormat.HAPROXY_HTTP, detect("haproxy_syslog__lnav.log", null));
        assertEquals(AccessLogFormat.APACHE_VHOST_COMBINED, detect("apache_vhost_combined__crowdsec-hub.log", null));
        assertEquals(AccessLogFormat.NGINX_COMBINED, detect("nginx_combined_xff__lnav-shop-access.log", null));
        assertEquals(AccessLogFormat.APACHE_COMBINED,
            detect("apache_combined__elastic-examples_first1000.log", AccessLogFormat.APACHE_COMBINED));
        assertNull(detect("litespeed_error__crowdsec-hub.log", AccessLogFormat.LITESPEED));
        assertNull(detect("nginx_error_limit_req__crowdsec-hub.log", null));
    }

    @Test
    void shouldDetectNginxJsonFromGeneratedLines()
    {
        final byte[] sample = ("{\"time_iso8601\":\"2026-03-01T12:00:05+00:00\",\"remote_addr\":\"1.2.3.4\"," +
            "\"request\":\"GET / HTTP/1.1\",\"status\":\"200\"}\n").repeat(3).getBytes(StandardCharsets.US_ASCII);
        assertEquals(AccessLogFormat.NGINX_JSON,
            AccessLogFormatDetector.detect(new UnsafeBuffer(sample), 0, sample.length, null));
    }

    @Test
    void shouldDiscoverOnlyDefaultLogsThatExist() throws Exception
    {
        assertEquals(List.of(), AccessLogDiscovery.discover(root));
        final Path nginx = root.resolve("var/log/nginx/access.log");
        final Path rhel = root.resolve("var/log/httpd/access_log");
        final Path haproxy = root.resolve("var/log/haproxy.log");
        for (final Path path : List.of(nginx, rhel, haproxy))
        {
            Files.createDirectories(path.getParent());
            Files.createFile(path);
        }
        Files.createDirectories(root.resolve("var/log/caddy/access.log"));
        assertEquals(List.of(
            new AccessLogDiscovery.DiscoveredLog(nginx, AccessLogFormat.NGINX_COMBINED),
            new AccessLogDiscovery.DiscoveredLog(rhel, AccessLogFormat.APACHE_COMBINED),
            new AccessLogDiscovery.DiscoveredLog(haproxy, AccessLogFormat.HAPROXY_HTTP)),
            AccessLogDiscovery.discover(root));
    }
}
