package com.flowtriq.ftagent.config;

import java.util.List;

/**
 * Notifier endpoints. Every URL and key here is a secret: the accessors return them for the HTTP client only;
 * {@link #toString()} redacts them. Unset endpoints are null. Immutable; thread-safe.
 */
public final class NotifyConfig
{
    static final List<ConfigKey> KEYS = List.of(
        ConfigKeys.NOTIFY_SLACK_WEBHOOK_URL, ConfigKeys.NOTIFY_DISCORD_WEBHOOK_URL, ConfigKeys.NOTIFY_TEAMS_WEBHOOK_URL,
        ConfigKeys.NOTIFY_PAGERDUTY_ROUTING_KEY, ConfigKeys.NOTIFY_PAGERDUTY_EVENTS_URL, ConfigKeys.NOTIFY_WEBHOOK_URL,
        ConfigKeys.NOTIFY_WEBHOOK_SECRET);

    private final ConfigValues values;
    private final String slackWebhookUrl;
    private final String discordWebhookUrl;
    private final String teamsWebhookUrl;
    private final String pagerdutyRoutingKey;
    private final String pagerdutyEventsUrl;
    private final String webhookUrl;
    private final String webhookSecret;

    NotifyConfig(final ConfigValues values)
    {
        this.values = values;
        slackWebhookUrl = values.string(ConfigKeys.NOTIFY_SLACK_WEBHOOK_URL);
        discordWebhookUrl = values.string(ConfigKeys.NOTIFY_DISCORD_WEBHOOK_URL);
        teamsWebhookUrl = values.string(ConfigKeys.NOTIFY_TEAMS_WEBHOOK_URL);
        pagerdutyRoutingKey = values.string(ConfigKeys.NOTIFY_PAGERDUTY_ROUTING_KEY);
        pagerdutyEventsUrl = values.string(ConfigKeys.NOTIFY_PAGERDUTY_EVENTS_URL);
        webhookUrl = values.string(ConfigKeys.NOTIFY_WEBHOOK_URL);
        webhookSecret = values.string(ConfigKeys.NOTIFY_WEBHOOK_SECRET);
    }

    public String slackWebhookUrl()
    {
        return slackWebhookUrl;
    }

    public String discordWebhookUrl()
    {
        return discordWebhookUrl;
    }

    public String teamsWebhookUrl()
    {
        return teamsWebhookUrl;
    }

    public String pagerdutyRoutingKey()
    {
        return pagerdutyRoutingKey;
    }

    public String pagerdutyEventsUrl()
    {
        return pagerdutyEventsUrl;
    }

    public String webhookUrl()
    {
        return webhookUrl;
    }

    /**
     * @return the HMAC-SHA256 secret for {@code X-Ftagent-Signature}, or null for unsigned requests.
     */
    public String webhookSecret()
    {
        return webhookSecret;
    }

    /**
     * @return true if at least one notifier is configured.
     */
    public boolean anyConfigured()
    {
        return null != slackWebhookUrl || null != discordWebhookUrl || null != teamsWebhookUrl ||
            null != pagerdutyRoutingKey || null != webhookUrl;
    }

    public String toString()
    {
        return "NotifyConfig" + ConfigDump.inline(values, KEYS);
    }
}
