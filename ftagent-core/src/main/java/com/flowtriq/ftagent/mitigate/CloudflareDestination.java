package com.flowtriq.ftagent.mitigate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.flowtriq.ftagent.report.DeliveryResult;
import com.flowtriq.ftagent.report.Destination;
import com.flowtriq.ftagent.report.FlowtriqApiClient;
import com.flowtriq.ftagent.report.HttpOutcome;
import com.flowtriq.ftagent.report.OutboxEntry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers {@code cloudflare_block} requests from the durable outbox to the Cloudflare IP Access Rules API:
 * <pre>
 *   MITIGATION_APPLY  → POST   {rules}        {"mode":"block","configuration":{"target":"ip","value":"198.18.200.1"},
 *                                             "notes":"ftagent incident inc-1"}   reply {"result":{"id":"..."}}
 *   MITIGATION_REVERT → DELETE {rules}/{id}   id from the create's reply, kept in {@link CloudflareRuleIds}
 *                       (GET {rules}?configuration.value=..&amp;notes=.. when no id is known, e.g. the reply was lost)
 * </pre>
 * where {rules} is {@code {base}/zones/{zone}/firewall/access_rules/rules} (or {@code accounts/{account}}).
 * The outbox delivers one entry at a time in order, so a delete never overtakes its create: by the time it is the
 * head, the create was confirmed (its id recorded) or rejected for good (nothing to delete). A create whose rule
 * id is already known (replayed after a crash between the reply and the entry's removal) is not sent again; a
 * delete that finds the rule gone (404) is done.
 * <p>
 * Failures are classified as for the reporter ({@link HttpOutcome#toDeliveryResult}): no reply, 408, 429 and 5xx are
 * retried with backoff and Retry-After; other 4xx go to {@code dead/}. Final outcomes are told to a
 * {@link DeferredOutcomeListener} (the engine) for the incident's {@code mitigation} section and the failure count.
 * <p>
 * Threading: the Cloudflare outbox thread only, except {@link #outcomes}, which any thread may set. The token is
 * never logged.
 */
final class CloudflareDestination implements Destination
{
    static final String CHANNEL = "cloudflare";

    private static final System.Logger LOGGER = System.getLogger(CloudflareDestination.class.getName());
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_RULE_ID_LENGTH = 64;

    private final HttpClient http;
    private final String rulesUrl;
    private final String token;
    private final Duration timeout;
    private final CloudflareRuleIds ruleIds;
    private volatile DeferredOutcomeListener outcomes = (incident, action, target, revert, ok, detail) -> {};

    /**
     * @param http     client (no redirects followed).
     * @param rulesUrl the access rules collection URL of the zone or account.
     * @param token    API token.
     * @param timeout  per request.
     * @param ruleIds  rule ids by key, persisted.
     */
    CloudflareDestination(
        final HttpClient http,
        final String rulesUrl,
        final String token,
        final Duration timeout,
        final CloudflareRuleIds ruleIds)
    {
        this.http = http;
        this.rulesUrl = rulesUrl;
        this.token = token;
        this.timeout = timeout;
        this.ruleIds = ruleIds;
    }

    void outcomes(final DeferredOutcomeListener listener)
    {
        this.outcomes = listener;
    }

    @Override
    public String channel()
    {
        return CHANNEL;
    }

    @Override
    public DeliveryResult deliver(final OutboxEntry entry)
    {
        final IpAddress address = addressOf(entry.body());
        if (null == address || !IncidentId.isValid(entry.incidentId()))
        {
            return DeliveryResult.dead(0, "malformed cloudflare_block request");
        }
        return switch (entry.kind())
        {
            case MITIGATION_APPLY -> create(entry.incidentId(), address);
            case MITIGATION_REVERT -> delete(entry.incidentId(), address);
            default -> DeliveryResult.dead(0, entry.kind() + " routed to the cloudflare channel");
        };
    }

    private DeliveryResult create(final String incidentId, final IpAddress address)
    {
        final String key = CloudflareRuleIds.key(incidentId, address);
        if (null != ruleIds.idOf(key))
        {
            return DeliveryResult.delivered();
        }
        final HttpOutcome outcome = send(request(rulesUrl).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(createBody(address, incidentId))));
        if (!outcome.isSuccess())
        {
            return settle(incidentId, address, false, outcome);
        }
        final String id = createdRuleId(outcome.body());
        if (null == id)
        {
            LOGGER.log(System.Logger.Level.WARNING, "incident " + incidentId + ": Cloudflare created the rule for " +
                address.text() + " without a usable id; its delete will look it up by note");
        }
        else
        {
            try
            {
                ruleIds.put(key, id);
            }
            catch (final IOException ex)
            {
                LOGGER.log(System.Logger.Level.WARNING, "incident " + incidentId + ": cannot persist Cloudflare rule " +
                    "id for " + address.text() + ", a delete after a restart will look it up by note: " + ex);
            }
        }
        outcomes.onDeferredOutcome(incidentId, CloudflareBlock.ACTION, address, false, true, null);
        return DeliveryResult.delivered();
    }

    private DeliveryResult delete(final String incidentId, final IpAddress address)
    {
        final String key = CloudflareRuleIds.key(incidentId, address);
        final String known = ruleIds.idOf(key);
        final List<String> ids;
        if (null != known)
        {
            ids = List.of(known);
        }
        else
        {
            final String query = "?configuration.value=" + URLEncoder.encode(address.text(), StandardCharsets.UTF_8) +
                "&notes=" + URLEncoder.encode(CloudflareBlock.NOTE_PREFIX + incidentId, StandardCharsets.UTF_8);
            final HttpOutcome listed = send(request(rulesUrl + query).GET());
            if (!listed.isSuccess())
            {
                return settle(incidentId, address, true, listed);
            }
            ids = listedRuleIds(listed.body());
        }
        for (final String id : ids)
        {
            final HttpOutcome deleted = send(request(rulesUrl + "/" + id).DELETE());
            if (!deleted.isSuccess() && 404 != deleted.statusCode())
            {
                return settle(incidentId, address, true, deleted);
            }
        }
        try
        {
            ruleIds.remove(key);
        }
        catch (final IOException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "incident " + incidentId + ": cannot record the delete of the " +
                "Cloudflare rule for " + address.text() + ": " + ex);
        }
        outcomes.onDeferredOutcome(incidentId, CloudflareBlock.ACTION, address, true, true, null);
        return DeliveryResult.delivered();
    }

    /**
     * Classifies a failed exchange; a permanent rejection is final, so the listener hears of it.
     */
    private DeliveryResult settle(
        final String incidentId, final IpAddress address, final boolean revert, final HttpOutcome outcome)
    {
        final DeliveryResult result = outcome.toDeliveryResult(CloudflareDestination::errorMessage);
        if (DeliveryResult.Outcome.DEAD == result.outcome())
        {
            outcomes.onDeferredOutcome(incidentId, CloudflareBlock.ACTION, address, revert, false,
                "HTTP " + result.statusCode() + ": " + result.message());
        }
        return result;
    }

    private HttpRequest.Builder request(final String url)
    {
        return HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token);
    }

    private HttpOutcome send(final HttpRequest.Builder request)
    {
        return FlowtriqApiClient.exchange(request.build(), http);
    }

    /**
     * @return the outbox body of a request for one address.
     */
    static byte[] requestBody(final IpAddress address)
    {
        return write(out -> out.writeStringField("address", address.text()));
    }

    /**
     * @return the address of an outbox body, or null if it is not one we wrote.
     */
    static IpAddress addressOf(final byte[] body)
    {
        try (JsonParser in = JSON.createParser(body))
        {
            if (JsonToken.START_OBJECT != in.nextToken())
            {
                return null;
            }
            while (JsonToken.FIELD_NAME == in.nextToken())
            {
                final String name = in.currentName();
                final JsonToken value = in.nextToken();
                if ("address".equals(name) && JsonToken.VALUE_STRING == value)
                {
                    return IpAddress.parse(in.getText());
                }
                in.skipChildren();
            }
        }
        catch (final IOException ex)
        {
            return null;
        }
        return null;
    }

    static byte[] createBody(final IpAddress address, final String incidentId)
    {
        return write(out ->
        {
            out.writeStringField("mode", "block");
            out.writeObjectFieldStart("configuration");
            out.writeStringField("target", address.isIpv4() ? "ip" : "ip6");
            out.writeStringField("value", address.text());
            out.writeEndObject();
            out.writeStringField("notes", CloudflareBlock.NOTE_PREFIX + incidentId);
        });
    }

    static boolean isRuleId(final String text)
    {
        if (null == text || text.isEmpty() || text.length() > MAX_RULE_ID_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return {@code result.id} of a create reply if it is a plain alphanumeric id, else null.
     */
    static String createdRuleId(final byte[] body)
    {
        final List<String> ids = resultIds(body, false);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /**
     * @return the plain alphanumeric {@code result[].id} values of a list reply (anything else skipped).
     */
    static List<String> listedRuleIds(final byte[] body)
    {
        return resultIds(body, true);
    }

    private static List<String> resultIds(final byte[] body, final boolean array)
    {
        final List<String> ids = new ArrayList<>();
        try (JsonParser in = JSON.createParser(body))
        {
            if (JsonToken.START_OBJECT != in.nextToken())
            {
                return ids;
            }
            while (JsonToken.FIELD_NAME == in.nextToken())
            {
                final String name = in.currentName();
                final JsonToken value = in.nextToken();
                if (!"result".equals(name))
                {
                    in.skipChildren();
                }
                else if (array && JsonToken.START_ARRAY == value)
                {
                    while (JsonToken.START_OBJECT == in.nextToken())
                    {
                        addId(in, ids);
                    }
                }
                else if (!array && JsonToken.START_OBJECT == value)
                {
                    addId(in, ids);
                }
                else
                {
                    in.skipChildren();
                }
            }
        }
        catch (final IOException ex)
        {
            return ids;
        }
        return ids;
    }

    /** Reads one object's fields (parser on its START_OBJECT) and keeps its top-level {@code id} if valid. */
    private static void addId(final JsonParser in, final List<String> ids) throws IOException
    {
        while (JsonToken.FIELD_NAME == in.nextToken())
        {
            final String name = in.currentName();
            final JsonToken value = in.nextToken();
            if ("id".equals(name) && JsonToken.VALUE_STRING == value && isRuleId(in.getText()))
            {
                ids.add(in.getText());
            }
            else
            {
                in.skipChildren();
            }
        }
    }

    /**
     * @return Cloudflare's {@code errors[0].message} (with its code), else the body's start.
     */
    static String errorMessage(final byte[] body)
    {
        try (JsonParser in = JSON.createParser(body))
        {
            if (JsonToken.START_OBJECT == in.nextToken())
            {
                while (JsonToken.FIELD_NAME == in.nextToken())
                {
                    final String name = in.currentName();
                    final JsonToken value = in.nextToken();
                    if ("errors".equals(name) && JsonToken.START_ARRAY == value &&
                        JsonToken.START_OBJECT == in.nextToken())
                    {
                        String message = null;
                        long code = 0;
                        while (JsonToken.FIELD_NAME == in.nextToken())
                        {
                            final String field = in.currentName();
                            final JsonToken fieldValue = in.nextToken();
                            if ("message".equals(field) && JsonToken.VALUE_STRING == fieldValue)
                            {
                                message = in.getText();
                            }
                            else if ("code".equals(field) && JsonToken.VALUE_NUMBER_INT == fieldValue)
                            {
                                code = in.getLongValue();
                            }
                            else
                            {
                                in.skipChildren();
                            }
                        }
                        if (null != message)
                        {
                            return IncidentMitigations.printable((0 == code ? "" : code + " ") + message, 160);
                        }
                        return "";
                    }
                    in.skipChildren();
                }
            }
        }
        catch (final IOException ex)
        {
            // not JSON: the raw start below
        }
        return IncidentMitigations.printable(new String(body, StandardCharsets.UTF_8), 160);
    }

    @FunctionalInterface
    private interface Fields
    {
        void write(JsonGenerator out) throws IOException;
    }

    private static byte[] write(final Fields fields)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (JsonGenerator out = JSON.createGenerator(bytes))
        {
            out.writeStartObject();
            fields.write(out);
            out.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex); // in-memory stream
        }
        return bytes.toByteArray();
    }
}
