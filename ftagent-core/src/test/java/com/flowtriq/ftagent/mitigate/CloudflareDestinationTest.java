package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.report.DeliveryResult;
import com.flowtriq.ftagent.report.OutboxEntry;
import com.flowtriq.ftagent.report.OutboxEntryKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One delivery attempt of {@link CloudflareDestination} at a time, against {@link FakeCloudflare}: how each reply
 * is classified for the outbox, and what the listener is told.
 */
class CloudflareDestinationTest
{
    static final IpAddress ADDRESS = IpAddress.of("198.18.200.1");

    @TempDir
    Path dir;

    FakeCloudflare cloudflare;
    HttpClient http;
    CloudflareRuleIds ids;
    CloudflareDestination destination;
    final List<String> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException
    {
        cloudflare = new FakeCloudflare().start();
        http = HttpClient.newHttpClient();
        ids = new CloudflareRuleIds(dir);
        destination = new CloudflareDestination(http, cloudflare.apiBase() + "/zones/zone123/firewall/access_rules/rules",
            FakeCloudflare.TOKEN, Duration.ofSeconds(5), ids);
        destination.outcomes((incident, action, target, revert, ok, detail) ->
            told.add(incident + " " + action + " " + target.text() + (revert ? " revert " : " apply ") + ok + " " +
                detail));
    }

    @AfterEach
    void tearDown()
    {
        cloudflare.close();
        http.close();
    }

    static OutboxEntry entry(final OutboxEntryKind kind, final String incidentId)
    {
        return new OutboxEntry(1, kind, CloudflareDestination.CHANNEL, incidentId, 0,
            CloudflareDestination.requestBody(ADDRESS));
    }

    @Test
    void shouldAskTheOutboxToWaitAsLongAsRetryAfterSaysOnRateLimit()
    {
        cloudflare.forceStatus(null, 429, "7");

        final DeliveryResult result = destination.deliver(entry(OutboxEntryKind.MITIGATION_APPLY, "inc-1"));

        assertEquals(DeliveryResult.Outcome.RETRY, result.outcome());
        assertEquals(7_000, result.retryAfterMillis());
        assertTrue(told.isEmpty(), "a retry is not an outcome: " + told);
    }

    @Test
    void shouldRecordTheCreatedRuleIdAndTellTheListener()
    {
        final DeliveryResult result = destination.deliver(entry(OutboxEntryKind.MITIGATION_APPLY, "inc-1"));

        assertEquals(DeliveryResult.Outcome.DELIVERED, result.outcome());
        assertEquals("r1", ids.idOf(CloudflareRuleIds.key("inc-1", ADDRESS)));
        assertEquals(List.of("inc-1 cloudflare_block 198.18.200.1 apply true null"), told);
    }

    @Test
    void shouldNotCreateAgainWhenTheRuleIdIsAlreadyKnown() throws IOException
    {
        ids.put(CloudflareRuleIds.key("inc-1", ADDRESS), "r7");

        final DeliveryResult result = destination.deliver(entry(OutboxEntryKind.MITIGATION_APPLY, "inc-1"));

        assertEquals(DeliveryResult.Outcome.DELIVERED, result.outcome());
        assertTrue(cloudflare.requests.isEmpty(), cloudflare.requests.toString());
    }

    @Test
    void shouldTreatARuleAlreadyGoneAsDeleted() throws IOException
    {
        ids.put(CloudflareRuleIds.key("inc-1", ADDRESS), "r7");

        final DeliveryResult result = destination.deliver(entry(OutboxEntryKind.MITIGATION_REVERT, "inc-1"));

        assertEquals(DeliveryResult.Outcome.DELIVERED, result.outcome());
        assertEquals(List.of("DELETE " + FakeCloudflare.RULES_PATH + "/r7 auth=Bearer " + FakeCloudflare.TOKEN),
            cloudflare.requests);
        assertNull(ids.idOf(CloudflareRuleIds.key("inc-1", ADDRESS)));
        assertEquals(List.of("inc-1 cloudflare_block 198.18.200.1 revert true null"), told);
    }

    @Test
    void shouldDeadLetterARejectedDeleteAndTellTheListenerWhy() throws IOException
    {
        ids.put(CloudflareRuleIds.key("inc-1", ADDRESS), "r7");
        cloudflare.forceStatus("DELETE", 403, null);

        final DeliveryResult result = destination.deliver(entry(OutboxEntryKind.MITIGATION_REVERT, "inc-1"));

        assertEquals(DeliveryResult.Outcome.DEAD, result.outcome());
        assertEquals("r7", ids.idOf(CloudflareRuleIds.key("inc-1", ADDRESS)), "kept: the rule may still exist");
        assertEquals(List.of("inc-1 cloudflare_block 198.18.200.1 revert false HTTP 403: 10000 Authentication error"),
            told);
    }

    @Test
    void shouldRefuseAnEntryItDidNotWrite()
    {
        final DeliveryResult result = destination.deliver(new OutboxEntry(1, OutboxEntryKind.MITIGATION_APPLY,
            CloudflareDestination.CHANNEL, "inc-1; rm -rf /", 0,
            "{\"address\":\"-F\"}".getBytes(StandardCharsets.UTF_8)));

        assertEquals(DeliveryResult.Outcome.DEAD, result.outcome());
        assertTrue(cloudflare.requests.isEmpty());
    }
}
