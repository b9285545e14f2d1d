package com.flowtriq.ftagent.report;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ApiConfig;
import com.flowtriq.ftagent.config.NotifyConfig;
import com.flowtriq.ftagent.config.StateConfig;

/**
 * Everything reporting needs from the configuration.
 *
 * @param stateDir        {@code state_dir}: outbox, journal and uuid map live here.
 * @param outbox          outbox tuning ({@code outbox_max_mb} ...), directory {@code <state_dir>/outbox}.
 * @param api             Flowtriq API settings, or null in local mode (no {@code api_key}).
 * @param notifiers       notifier settings (all null: no notifiers).
 * @param metricsListen   {@code metrics_listen}, "" disables.
 * @param journalMaxBytes size at which {@code incidents.jsonl} rotates.
 * @param journalEnabled  {@code journal_enabled}.
 */
public record ReportSettings(
    Path stateDir, OutboxSettings outbox, ApiSettings api, NotifySettings notifiers, String metricsListen,
    long journalMaxBytes,
    boolean journalEnabled)
{
    public ReportSettings
    {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(notifiers, "notifiers");
        metricsListen = metricsListen == null ? MetricsHttpServer.METRICS_LISTEN_DEFAULT : metricsListen;
    }

    /**
     * Maps the validated agent configuration onto reporting's settings.
     *
     * @param config     the loaded configuration.
     * @param version    agent version, for {@code User-Agent} and the heartbeat.
     * @param sourceName how notifications name this node (host name).
     * @return the settings; {@link #api()} is null in local mode.
     */
    public static ReportSettings from(final AgentConfig config, final String version, final String sourceName)
    {
        final StateConfig state = config.state();
        final ApiConfig apiConfig = config.api();
        ApiSettings api = null;
        if (!apiConfig.localMode())
        {
            api = ApiSettings.of(URI.create(apiConfig.apiBase()), apiConfig.apiKey(), apiConfig.nodeUuid(), version)
                .withIntervals(
                    apiConfig.heartbeatIntervalSeconds() * 1000L,
                    apiConfig.metricsIntervalSeconds() * 1000L,
                    apiConfig.configPollIntervalSeconds() * 1000L,
                    ApiSettings.CONFIG_POLL_DURING_INCIDENT_MILLIS_DEFAULT);
        }
        final NotifyConfig notify = config.notifiers();
        final NotifySettings notifiers = new NotifySettings(
            uri(notify.slackWebhookUrl()),
            uri(notify.discordWebhookUrl()),
            uri(notify.teamsWebhookUrl()),
            notify.pagerdutyRoutingKey(),
            uri(notify.pagerdutyEventsUrl()),
            uri(notify.webhookUrl()),
            notify.webhookSecret(),
            sourceName);
        final OutboxSettings outbox = OutboxSettings.defaults(state.stateDir().resolve("outbox"))
            .withMaxBytes(state.outboxMaxMb() * 1024 * 1024);
        return new ReportSettings(state.stateDir(), outbox, api, notifiers, state.metricsListen(),
            state.journalMaxMb() * 1024 * 1024, state.journalEnabled());
    }

    private static URI uri(final String text)
    {
        return text == null || text.isEmpty() ? null : URI.create(text);
    }
}
