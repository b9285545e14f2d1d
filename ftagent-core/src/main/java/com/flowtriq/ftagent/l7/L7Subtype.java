package com.flowtriq.ftagent.l7;

/** Subtypes of the {@code http_flood} family, with their schema names. */
public enum L7Subtype
{
    /** One client IP sends most of the requests. */
    SINGLE_SOURCE("single_source"),
    /** Many clients, no single dominating signal. */
    DISTRIBUTED("distributed"),
    /** One path gets most of the requests (e.g. /login, /xmlrpc.php). */
    ENDPOINT_TARGETED("endpoint_targeted"),
    /** Random query strings to defeat caches. */
    CACHE_BYPASS("cache_bypass"),
    /** Mostly 4xx/5xx answers. */
    ERROR_FLOOD("error_flood"),
    /** Mostly slow requests, where the log has request times. */
    SLOW_RATE("slow_rate");

    private final String schemaName;

    L7Subtype(final String schemaName)
    {
        this.schemaName = schemaName;
    }

    /** Name in incident events. */
    public String schemaName()
    {
        return schemaName;
    }
}
