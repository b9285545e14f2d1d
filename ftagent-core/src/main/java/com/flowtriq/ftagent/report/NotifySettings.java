package com.flowtriq.ftagent.report;

import java.net.URI;

/**
 * The {@code notify} section: each notifier is on when its URL (or routing key) is set, off when null.
 * URLs come from configuration only, never from the server or an incident.
 *
 * @param slackWebhookUrl     {@code notify.slack_webhook_url}: a Slack incoming webhook.
 * @param discordWebhookUrl   {@code notify.discord_webhook_url}.
 * @param teamsWebhookUrl     {@code notify.teams_webhook_url}: a Teams Workflows webhook.
 * @param pagerDutyRoutingKey {@code notify.pagerduty_routing_key}: an Events API v2 integration key.
 * @param pagerDutyUrl        {@code notify.pagerduty_url}, default {@link #PAGERDUTY_URL_DEFAULT}.
 * @param webhookUrl          {@code notify.webhook_url}: receives the incident JSON.
 * @param webhookSecret       {@code notify.webhook_secret}: when set, requests carry {@code X-Ftagent-Signature}.
 * @param sourceName          how this node names itself in messages (host name or node uuid).
 */
public record NotifySettings(
    URI slackWebhookUrl,
    URI discordWebhookUrl,
    URI teamsWebhookUrl,
    String pagerDutyRoutingKey,
    URI pagerDutyUrl,
    URI webhookUrl,
    String webhookSecret,
    String sourceName)
{
    public static final URI PAGERDUTY_URL_DEFAULT = URI.create("https://events.pagerduty.com/v2/enqueue");

    public NotifySettings
    {
        pagerDutyUrl = pagerDutyUrl == null ? PAGERDUTY_URL_DEFAULT : pagerDutyUrl;
        sourceName = sourceName == null || sourceName.isBlank() ? "ftagent" : sourceName;
        webhookSecret = webhookSecret == null || webhookSecret.isEmpty() ? null : webhookSecret;
    }
}
