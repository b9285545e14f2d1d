package com.flowtriq.ftagent.l7;

/**
 * The access-log formats L7 reads, with the names the {@code l7_logs[].format} config key uses.
 */
public enum AccessLogFormat
{
    /** nginx's default "combined" (and "main", which appends "$http_x_forwarded_for"). */
    NGINX_COMBINED("nginx_combined"),
    /** nginx {@code log_format ... escape=json} with the usual variable names as keys. */
    NGINX_JSON("nginx_json"),
    /** Apache "combined": CLF plus referer and user agent. */
    APACHE_COMBINED("apache_combined"),
    /** Apache "common" (CLF). */
    APACHE_COMMON("apache_common"),
    /** Debian's Apache "vhost_combined": "%v:%p" in front of combined. */
    APACHE_VHOST_COMBINED("apache_vhost_combined"),
    /** Caddy's default structured access log (JSON, request fields nested under "request"). */
    CADDY_JSON("caddy_json"),
    /** LiteSpeed / OpenLiteSpeed access log (combined layout). */
    LITESPEED("litespeed"),
    /** HAProxy "option httplog" line, with or without a syslog header. */
    HAPROXY_HTTP("haproxy_http");

    private static final AccessLogFormat[] VALUES = values();

    private final String configName;

    AccessLogFormat(final String configName)
    {
        this.configName = configName;
    }

    /** The name used in configuration and in status output. */
    public String configName()
    {
        return configName;
    }

    /** The format with the given config name, or null (cold path: config loading). */
    public static AccessLogFormat byConfigName(final String name)
    {
        for (final AccessLogFormat format : VALUES)
        {
            if (format.configName.equals(name))
            {
                return format;
            }
        }
        return null;
    }

    /** A new parser for this format that trusts no proxy; each log file gets its own. */
    public AccessLogParser newParser()
    {
        return newParser(TrustedProxies.NONE);
    }

    /**
     * A new parser for this format. Forwarded addresses are used by the NCSA-family formats only: Caddy resolves
     * {@code client_ip} with its own trusted_proxies, and HAProxy's client is the TCP peer.
     */
    public AccessLogParser newParser(final TrustedProxies trustedProxies)
    {
        return switch (this)
        {
            case NGINX_COMBINED, APACHE_COMBINED, APACHE_COMMON, LITESPEED ->
                new CombinedLogParser(this, false, trustedProxies);
            case APACHE_VHOST_COMBINED -> new CombinedLogParser(this, true, trustedProxies);
            case CADDY_JSON -> new JsonAccessLogParser(this, JsonAccessLogParser.CADDY_KEYS);
            case NGINX_JSON -> new JsonAccessLogParser(this, JsonAccessLogParser.NGINX_KEYS);
            case HAPROXY_HTTP -> new HaproxyHttpLogParser();
        };
    }
}
