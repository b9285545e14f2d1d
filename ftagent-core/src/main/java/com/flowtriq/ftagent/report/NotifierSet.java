package com.flowtriq.ftagent.report;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The notifiers configured under {@code notify}: for each one set, a {@link Destination} for the outbox and a
 * renderer for its {@link NotificationPublisher}. Built once at start-up.
 */
public final class NotifierSet
{
    public static final String SLACK = "slack";
    public static final String DISCORD = "discord";
    public static final String TEAMS = "teams";
    public static final String PAGERDUTY = "pagerduty";
    public static final String WEBHOOK = "webhook";

    private record Notifier(Destination destination, NotificationRenderer renderer)
    {
    }

    private final List<Notifier> notifiers = new ArrayList<>();

    /**
     * @param settings  the notify section.
     * @param http      shared client.
     * @param timeout   request timeout.
     * @param userAgent {@code ftagent/<version>}.
     * @param json      JSON writer.
     */
    public NotifierSet(
        final NotifySettings settings,
        final HttpClient http,
        final Duration timeout,
        final String userAgent,
        final FlowtriqJson json)
    {
        final String source = settings.sourceName();
        add(SLACK, settings.slackWebhookUrl(), null, new SlackMessage(json, source), http, timeout, userAgent, json);
        add(DISCORD, settings.discordWebhookUrl(), null, new DiscordMessage(json, source), http, timeout, userAgent,
            json);
        add(TEAMS, settings.teamsWebhookUrl(), null, new TeamsMessage(json, source), http, timeout, userAgent, json);
        if (settings.pagerDutyRoutingKey() != null && !settings.pagerDutyRoutingKey().isBlank())
        {
            add(PAGERDUTY, settings.pagerDutyUrl(), null,
                new PagerDutyEvent(json, settings.pagerDutyRoutingKey(), source), http, timeout, userAgent, json);
        }
        final IncidentJson incidentJson = new IncidentJson(json);
        add(WEBHOOK, settings.webhookUrl(), settings.webhookSecret(), incidentJson::toJson, http, timeout, userAgent,
            json);
    }

    private void add(
        final String channel,
        final URI url,
        final String secret,
        final NotificationRenderer renderer,
        final HttpClient http,
        final Duration timeout,
        final String userAgent,
        final FlowtriqJson json)
    {
        if (url != null)
        {
            notifiers.add(new Notifier(
                new HttpNotifierDestination(channel, url, http, timeout, userAgent, json, secret), renderer));
        }
    }

    /**
     * @return one destination per configured notifier, for the outbox.
     */
    public List<Destination> destinations()
    {
        return notifiers.stream().map(Notifier::destination).toList();
    }

    /**
     * @param outbox the outbox built with {@link #destinations()}.
     * @return one publisher per configured notifier, for the incident fan-out.
     */
    public List<IncidentListener> publishers(final DurableOutbox outbox)
    {
        final List<IncidentListener> publishers = new ArrayList<>();
        for (final Notifier notifier : notifiers)
        {
            publishers.add(new NotificationPublisher(notifier.destination().channel(), notifier.renderer(), outbox));
        }
        return publishers;
    }

    /**
     * Renderers by channel, for sending a test message outside the outbox.
     */
    public interface Renderers
    {
        NotificationRenderer of(String channel);
    }

    /**
     * @return the renderer of each configured channel.
     */
    public Renderers renderers()
    {
        return (channel) -> notifiers.stream().filter((n) -> n.destination().channel().equals(channel))
            .map(Notifier::renderer).findFirst().orElse((event) -> null);
    }

    /**
     * @return true if no notifier is configured.
     */
    public boolean isEmpty()
    {
        return notifiers.isEmpty();
    }
}
