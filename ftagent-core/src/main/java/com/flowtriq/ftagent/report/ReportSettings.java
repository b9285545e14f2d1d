package com.flowtriq.ftagent.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything reporting needs from the configuration.
 *
 * @param stateDir        {@code state_dir}: outbox, journal and uuid map live here.
 * @param outbox          outbox tuning ({@code outbox_max_mb} ...), directory {@code <state_dir>/outbox}.
 * @param api             Flowtriq API settings, or null in local mode (no {@code api_key}).
 * @param notifiers       notifier settings (all null: no notifiers).
 * @param metricsListen   {@code metrics_listen}, "" disables.
 * @param journalMaxBytes size at which {@code incidents.jsonl} rotates.
 */
public record ReportSettings(
    Path stateDir, OutboxSettings outbox, ApiSettings api, NotifySettings notifiers, String metricsListen,
    long journalMaxBytes)
{
    public ReportSettings
    {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(notifiers, "notifiers");
        metricsListen = metricsListen == null ? MetricsHttpServer.METRICS_LISTEN_DEFAULT : metricsListen;
    }
}
