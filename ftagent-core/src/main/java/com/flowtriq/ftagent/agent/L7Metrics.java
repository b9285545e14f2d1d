package com.flowtriq.ftagent.agent;

import com.fasterxml.jackson.core.JsonGenerator;
import com.flowtriq.ftagent.l7.L7LogStatistics;
import com.flowtriq.ftagent.l7.ParseStatus;
import com.flowtriq.ftagent.report.MetricsWriter;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The L7 stage on {@code /metrics} and {@code /health}: per followed access log (label {@code log}, the path) its
 * lines, requests, unparseable and too-long lines, rotations, truncations and read errors as counters, and the
 * latest second's requests, the detector's threshold and baseline and whether an incident is open as gauges.
 * <p>
 * Cold path (a scrape or a health request, on the listener's thread): reads the volatile fields the L7 thread
 * publishes in {@link L7LogStatistics}.
 */
public final class L7Metrics
{
    private static final String LABEL = "log";

    private L7Metrics()
    {
    }

    /** Writes every L7 family, one series per log. */
    public static void collect(final MetricsWriter w, final List<L7LogStatistics> logs)
    {
        for (final L7LogStatistics log : logs)
        {
            final String path = log.path();
            w.counter("ftagent_l7_lines_total", "Complete lines read from the access log.", LABEL, path,
                log.lines());
            w.counter("ftagent_l7_requests_total", "Access-log lines parsed as requests.", LABEL, path,
                log.requests());
            w.counter("ftagent_l7_lines_unparseable_total",
                "Access-log lines that are not requests of the log's format (counted, skipped).", LABEL, path,
                log.unparseable());
            w.counter("ftagent_l7_lines_too_long_total",
                "Access-log lines longer than l7_max_line_bytes (counted, skipped).", LABEL, path, log.tooLong());
            w.counter("ftagent_l7_rotations_total",
                "Switches to a new file at the access log's path (rename, delete and recreate, symlink swap).",
                LABEL, path, log.rotations());
            w.counter("ftagent_l7_truncations_total", "Truncations of the access log (copytruncate).", LABEL, path,
                log.truncations());
            w.counter("ftagent_l7_read_errors_total", "I/O errors reading the access log.", LABEL, path,
                log.readErrors());
            w.gauge("ftagent_l7_requests_per_second", "Requests logged in the latest closed second.", LABEL, path,
                log.requestsPerSecond());
            w.gauge("ftagent_l7_threshold_requests_per_second", "L7 request rate threshold in force.", LABEL, path,
                log.thresholdRps());
            w.gauge("ftagent_l7_baseline_requests_per_second", "L7 learned baseline request rate.", LABEL, path,
                log.baselineRps());
            w.counter("ftagent_l7_incidents_total", "HTTP flood incidents opened since the start.", LABEL, path,
                log.incidentsOpened());
            w.gauge("ftagent_l7_incident_open", "1 while an HTTP flood incident is open.", LABEL, path,
                log.incidentOpen() ? 1 : 0);
        }
    }

    /** The reasons seen so far (so that {@code status} says why lines do not parse, e.g. a wrong format). */
    private static void writeReasons(final JsonGenerator json, final L7LogStatistics log) throws IOException
    {
        json.writeObjectFieldStart("unparseable_by_reason");
        for (int i = 0; i < ParseStatus.count(); i++)
        {
            final ParseStatus reason = ParseStatus.byOrdinal(i);
            final long count = log.unparseable(reason);
            if (reason != ParseStatus.OK && count > 0)
            {
                json.writeNumberField(reason.name().toLowerCase(Locale.ROOT), count);
            }
        }
        json.writeEndObject();
    }

    /** Writes {@code "l7": {"logs": [...]}} into the health object. */
    public static void writeHealth(final JsonGenerator json, final List<L7LogStatistics> logs) throws IOException
    {
        json.writeObjectFieldStart("l7");
        json.writeArrayFieldStart("logs");
        for (final L7LogStatistics log : logs)
        {
            json.writeStartObject();
            json.writeStringField("path", log.path());
            json.writeStringField("format", log.format());
            json.writeBooleanField("found", log.filesOpened() > 0);
            json.writeNumberField("lines", log.lines());
            json.writeNumberField("requests", log.requests());
            json.writeNumberField("unparseable", log.unparseable());
            writeReasons(json, log);
            json.writeNumberField("too_long", log.tooLong());
            json.writeNumberField("rotations", log.rotations());
            json.writeNumberField("truncations", log.truncations());
            json.writeNumberField("read_errors", log.readErrors());
            json.writeNumberField("requests_per_second", log.requestsPerSecond());
            json.writeNumberField("threshold_rps", log.thresholdRps());
            json.writeNumberField("baseline_rps", log.baselineRps());
            json.writeNumberField("incidents", log.incidentsOpened());
            json.writeBooleanField("incident_open", log.incidentOpen());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
