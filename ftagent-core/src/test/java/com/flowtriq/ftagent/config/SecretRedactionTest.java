package com.flowtriq.ftagent.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretRedactionTest
{
    private static final String API_KEY = "ftk_9f8e7d6c5b4a39281706abcd";
    private static final String SLACK = "https://hooks.slack.com/services/T0AAAA/B0BBBB/slackSecretPart";
    private static final String DISCORD = "https://discord.com/api/webhooks/123/discordSecretPart";
    private static final String TEAMS = "https://prod-00.westus.logic.azure.com:443/workflows/teamsSecretPart";
    private static final String PAGERDUTY = "pagerdutyRoutingKeySecret0000";
    private static final String WEBHOOK = "https://example.test/hook?token=webhookSecretPart";
    private static final String HMAC = "hmacSecretValue-0123456789";
    private static final String CLOUDFLARE = "cloudflareTokenSecret-0123456789";
    private static final List<String> SECRET_PARTS = List.of(
        "9f8e7d6c5b4a39281706", "slackSecretPart", "discordSecretPart", "teamsSecretPart", "pagerdutyRoutingKey",
        "webhookSecretPart", "hmacSecretValue", "cloudflareTokenSecret");

    private static AgentConfig configWithEverySecret()
    {
        return AgentConfig.of(ConfigValues.builder()
            .set(ConfigKeys.API_KEY, API_KEY)
            .set(ConfigKeys.NODE_UUID, "123e4567-e89b-12d3-a456-426614174000")
            .set(ConfigKeys.NOTIFY_SLACK_WEBHOOK_URL, SLACK)
            .set(ConfigKeys.NOTIFY_DISCORD_WEBHOOK_URL, DISCORD)
            .set(ConfigKeys.NOTIFY_TEAMS_WEBHOOK_URL, TEAMS)
            .set(ConfigKeys.NOTIFY_PAGERDUTY_ROUTING_KEY, PAGERDUTY)
            .set(ConfigKeys.NOTIFY_WEBHOOK_URL, WEBHOOK)
            .set(ConfigKeys.NOTIFY_WEBHOOK_SECRET, HMAC)
            .set(ConfigKeys.MITIGATION_CLOUDFLARE_API_TOKEN, CLOUDFLARE)
            .build());
    }

    @Test
    void shouldShowApiKeyPrefixAndLastFourOnly()
    {
        assertEquals("ftk_\u2026abcd", SecretRedaction.redact(API_KEY));
    }

    @Test
    void shouldShowOnlySchemeAndHostOfWebhookUrl()
    {
        assertEquals("https://hooks.slack.com/\u2026", SecretRedaction.redact(SLACK));
        assertEquals("https://prod-00.westus.logic.azure.com:443/\u2026", SecretRedaction.redact(TEAMS));
    }

    @Test
    void shouldShowNothingOfShortSecret()
    {
        assertEquals("\u2026", SecretRedaction.redact("hunter2"));
        assertEquals("none", SecretRedaction.redact(null));
    }

    @Test
    void shouldRedactEverySecretKeyInToStringAndDump()
    {
        final AgentConfig config = configWithEverySecret();
        final List<String> renderings = List.of(
            config.toString(), config.dump(), config.values().toString(), config.api().toString(),
            config.notifiers().toString(), config.mitigation().toString());

        for (final String rendering : renderings)
        {
            for (final String secretPart : SECRET_PARTS)
            {
                assertFalse(rendering.contains(secretPart), secretPart + " leaked in " + rendering);
            }
        }
        assertTrue(config.dump().contains("api_key = \"ftk_\u2026abcd\"\n"), config.dump());
        assertTrue(config.dump().contains("notify.slack.webhook_url = \"https://hooks.slack.com/\u2026\"\n"),
            config.dump());
        assertTrue(config.api().toString().contains("api_key=\"ftk_\u2026abcd\""), config.api().toString());
    }

    @Test
    void shouldMarkEverySecretKeyAsSecretInRegistry()
    {
        final List<String> secrets = ConfigKeys.all().stream().filter(ConfigKey::secret).map(ConfigKey::path).toList();

        assertEquals(List.of(
            "api_key", "notify.slack.webhook_url", "notify.discord.webhook_url", "notify.teams.webhook_url",
            "notify.pagerduty.routing_key", "notify.webhook.url", "notify.webhook.secret",
            "mitigation.cloudflare.api_token"), secrets);
        assertEquals(secrets, configWithEverySecret().secretKeysSet());
    }

    @Test
    void shouldNotLeakSecretThroughBuilderRejection()
    {
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ConfigValues.builder().set(ConfigKeys.NOTIFY_SLACK_WEBHOOK_URL, "not a url slackSecretPart"));

        assertFalse(ex.getMessage().contains("slackSecretPart"), ex.getMessage());
        assertTrue(ex.getMessage().startsWith("notify.slack.webhook_url = "), ex.getMessage());
    }
}
