package com.flowtriq.ftagent.report;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the Flowtriq API client. Defaults match the original agent's documentation.
 *
 * @param apiBase                     {@code api_base}, e.g. {@code https://flowtriq.com/api/v1}.
 * @param apiKey                      {@code api_key}.
 * @param nodeUuid                    {@code node_uuid}.
 * @param version                     agent version for {@code User-Agent} and the heartbeat.
 * @param requestTimeout              per-request timeout, connect included.
 * @param heartbeatIntervalMillis     {@code heartbeat_interval}.
 * @param metricsIntervalMillis       {@code metrics_interval}; also the L7 interval.
 * @param configPollMillis            config poll period when calm (300 s).
 * @param configPollDuringIncidentMillis config poll period while an incident is open (10 s).
 */
public record ApiSettings(
    URI apiBase,
    String apiKey,
    String nodeUuid,
    String version,
    Duration requestTimeout,
    long heartbeatIntervalMillis,
    long metricsIntervalMillis,
    long configPollMillis,
    long configPollDuringIncidentMillis)
{
    public static final String API_BASE_DEFAULT = "https://flowtriq.com/api/v1";
    public static final long HEARTBEAT_INTERVAL_MILLIS_DEFAULT = 30_000;
    public static final long METRICS_INTERVAL_MILLIS_DEFAULT = 10_000;
    public static final long CONFIG_POLL_MILLIS_DEFAULT = 300_000;
    public static final long CONFIG_POLL_DURING_INCIDENT_MILLIS_DEFAULT = 10_000;
    public static final Duration REQUEST_TIMEOUT_DEFAULT = Duration.ofSeconds(10);

    public ApiSettings
    {
        Objects.requireNonNull(apiBase, "apiBase");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(nodeUuid, "nodeUuid");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (heartbeatIntervalMillis < 1 || metricsIntervalMillis < 1 || configPollMillis < 1 ||
            configPollDuringIncidentMillis < 1)
        {
            throw new IllegalArgumentException("intervals must be positive: " + this);
        }
    }

    /**
     * @return settings with default intervals and timeout.
     */
    public static ApiSettings of(final URI apiBase, final String apiKey, final String nodeUuid, final String version)
    {
        return new ApiSettings(apiBase, apiKey, nodeUuid, version, REQUEST_TIMEOUT_DEFAULT,
            HEARTBEAT_INTERVAL_MILLIS_DEFAULT, METRICS_INTERVAL_MILLIS_DEFAULT, CONFIG_POLL_MILLIS_DEFAULT,
            CONFIG_POLL_DURING_INCIDENT_MILLIS_DEFAULT);
    }

    public ApiSettings withIntervals(
        final long heartbeatMillis, final long metricsMillis, final long configMillis, final long configIncidentMillis)
    {
        return new ApiSettings(apiBase, apiKey, nodeUuid, version, requestTimeout, heartbeatMillis, metricsMillis,
            configMillis, configIncidentMillis);
    }

    public ApiSettings withRequestTimeout(final Duration timeout)
    {
        return new ApiSettings(apiBase, apiKey, nodeUuid, version, timeout, heartbeatIntervalMillis,
            metricsIntervalMillis, configPollMillis, configPollDuringIncidentMillis);
    }
}
