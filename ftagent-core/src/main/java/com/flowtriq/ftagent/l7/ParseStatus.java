package com.flowtriq.ftagent.l7;

/**
 * Outcome of parsing one access-log line. Every value except {@link #OK} is a reason the line was not taken as a
 * request; each has a stable dotted name for metrics. A parser returns one of these and never throws.
 */
public enum ParseStatus
{
    /** The line is a request; the record is filled. */
    OK("l7.parse.ok"),
    /** Nothing but whitespace. */
    EMPTY("l7.parse.empty"),
    /** The line ended inside a field that must be there. */
    TRUNCATED("l7.parse.truncated"),
    /** No timestamp where the format has one, or a timestamp that does not parse. */
    BAD_TIMESTAMP("l7.parse.bad_timestamp"),
    /** The quoted request field is missing or not closed. */
    BAD_REQUEST_FIELD("l7.parse.bad_request_field"),
    /** The status code is missing or not numeric. */
    BAD_STATUS("l7.parse.bad_status"),
    /** The response size is neither a number nor '-'. */
    BAD_BYTES("l7.parse.bad_bytes"),
    /** The vhost prefix the format requires is missing. */
    MISSING_VHOST("l7.parse.missing_vhost"),
    /** JSON syntax error, or a non-object line given to a JSON format. */
    BAD_JSON("l7.parse.bad_json"),
    /** A JSON line without a field the format requires (status or time). */
    MISSING_FIELD("l7.parse.missing_field"),
    /** A well-formed line of the server's log that is not a request (a Caddy debug entry, an HAProxy notice). */
    NOT_ACCESS_LOG("l7.parse.not_access_log"),
    /** Anything else that does not have the shape of the format. */
    BAD_SYNTAX("l7.parse.bad_syntax");

    private static final ParseStatus[] VALUES = values();

    private final String metricName;

    ParseStatus(final String metricName)
    {
        this.metricName = metricName;
    }

    /** Stable dotted name for metrics and status output. */
    public String metricName()
    {
        return metricName;
    }

    /** Number of values, for sizing per-reason counter arrays indexed by {@link #ordinal()}. */
    public static int count()
    {
        return VALUES.length;
    }

    /** The value with the given ordinal. */
    public static ParseStatus byOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
