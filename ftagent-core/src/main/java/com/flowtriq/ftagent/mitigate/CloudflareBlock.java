package com.flowtriq.ftagent.mitigate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cloudflare_block}: one Cloudflare IP Access Rule (mode {@code block}) per source, with a note naming the
 * incident; revert lists the rules for that address and note and deletes them, so no rule id has to survive a
 * crash and a repeated revert finds nothing to delete.
 * <pre>
 *   POST   {base}/zones/{zone}/firewall/access_rules/rules   {"mode":"block","configuration":{"target":"ip",
 *          "value":"198.18.200.1"},"notes":"ftagent incident inc-1"}
 *   GET    {base}/zones/{zone}/firewall/access_rules/rules?configuration.value=198.18.200.1&amp;notes=...
 *   DELETE {base}/zones/{zone}/firewall/access_rules/rules/{id}
 * </pre>
 * ({@code accounts/{account}} instead of {@code zones/{zone}} for account scope.) Bodies are generated with
 * jackson-core from validated values; rule ids from responses are used only if they are plain hex/alnum.
 * Synchronous with a timeout; delivery retries across restarts are left to the reconcile path.
 * <p>
 * Threading: engine worker only. The token is never logged.
 */
public final class CloudflareBlock implements IncidentAction
{
    public static final String ACTION = "cloudflare_block";
    public static final String NOTE_PREFIX = "ftagent incident ";

    private static final JsonFactory JSON = new JsonFactory();

    private final HttpClient client;
    private final String rulesUrl;
    private final String token;
    private final Duration timeout;

    /**
     * @param apiBase   e.g. {@code https://api.cloudflare.com/client/v4}.
     * @param zoneId    zone scope, or null.
     * @param accountId account scope, used when zoneId is null.
     * @param token     API token.
     * @param timeout   per request.
     */
    public CloudflareBlock(
        final String apiBase, final String zoneId, final String accountId, final String token, final Duration timeout)
    {
        final String scope = null != zoneId ? "zones/" + pathSegment(zoneId) : "accounts/" + pathSegment(accountId);
        this.rulesUrl = apiBase + (apiBase.endsWith("/") ? "" : "/") + scope + "/firewall/access_rules/rules";
        this.token = token;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    public String action()
    {
        return ACTION;
    }

    public CommandOutcome apply(final List<TemplateValues> targets)
    {
        CommandOutcome failed = null;
        for (final TemplateValues target : targets)
        {
            final IpAddress address = null != target.sourceIp() ? target.sourceIp() : target.destinationIp();
            if (null == address)
            {
                continue;
            }
            final CommandOutcome outcome = send("POST", rulesUrl, createBody(address, target.incidentId()));
            if (!outcome.succeeded())
            {
                failed = outcome;
            }
        }
        return null == failed ? ok("POST") : failed;
    }

    public CommandOutcome revert(final List<TemplateValues> targets)
    {
        CommandOutcome failed = null;
        for (final TemplateValues target : targets)
        {
            final IpAddress address = null != target.sourceIp() ? target.sourceIp() : target.destinationIp();
            if (null == address)
            {
                continue;
            }
            final String query = "?configuration.value=" + address.text() + "&notes=" +
                URLEncoder.encode(NOTE_PREFIX + target.incidentId(), StandardCharsets.UTF_8);
            final CommandOutcome listed = send("GET", rulesUrl + query, null);
            if (!listed.succeeded())
            {
                failed = listed;
                continue;
            }
            for (final String id : ruleIds(listed.stdout()))
            {
                final CommandOutcome deleted = send("DELETE", rulesUrl + "/" + id, null);
                if (!deleted.succeeded() && !deleted.stderr().startsWith("HTTP 404"))
                {
                    failed = deleted;
                }
            }
        }
        return null == failed ? ok("DELETE") : failed;
    }

    private CommandOutcome send(final String method, final String url, final byte[] body)
    {
        final List<String> argv = List.of(method, url);
        try
        {
            final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
            request.method(method, null == body ?
                HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            final HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            final String text = response.body().length() > ArgvRunner.MAX_CAPTURE_BYTES ?
                response.body().substring(0, ArgvRunner.MAX_CAPTURE_BYTES) : response.body();
            final int status = response.statusCode();
            return status / 100 == 2 ?
                new CommandOutcome(argv, 0, false, text, "") :
                new CommandOutcome(argv, status, false, text, "HTTP " + status);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return new CommandOutcome(argv, -1, false, "", "request failed: " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return new CommandOutcome(argv, -1, false, "", "interrupted");
        }
    }

    static byte[] createBody(final IpAddress address, final String incidentId)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (JsonGenerator out = JSON.createGenerator(bytes))
        {
            out.writeStartObject();
            out.writeStringField("mode", "block");
            out.writeObjectFieldStart("configuration");
            out.writeStringField("target", address.isIpv4() ? "ip" : "ip6");
            out.writeStringField("value", address.text());
            out.writeEndObject();
            out.writeStringField("notes", NOTE_PREFIX + incidentId);
            out.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex); // in-memory stream
        }
        return bytes.toByteArray();
    }

    /**
     * @return ids of {@code result[].id} in a list response that are plain alphanumeric (anything else skipped).
     */
    static List<String> ruleIds(final String body)
    {
        final List<String> ids = new ArrayList<>();
        try (JsonParser in = JSON.createParser(body))
        {
            int depth = 0;
            boolean inResult = false;
            for (JsonToken token = in.nextToken(); null != token; token = in.nextToken())
            {
                switch (token)
                {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY ->
                    {
                        depth--;
                        if (depth <= 1)
                        {
                            inResult = false;
                        }
                    }
                    case FIELD_NAME ->
                    {
                        if (1 == depth && "result".equals(in.currentName()))
                        {
                            inResult = true;
                        }
                        else if (inResult && 3 == depth && "id".equals(in.currentName()) &&
                            JsonToken.VALUE_STRING == in.nextToken() && in.getText().matches("[A-Za-z0-9]{1,64}"))
                        {
                            ids.add(in.getText());
                        }
                    }
                    default ->
                    {
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            return ids;
        }
        return ids;
    }

    private static String pathSegment(final String id)
    {
        if (null == id || !id.matches("[A-Za-z0-9]{1,64}"))
        {
            throw new IllegalArgumentException("Cloudflare zone/account id must be alphanumeric: " +
                Printable.quote(id));
        }
        return id;
    }

    private static CommandOutcome ok(final String method)
    {
        return new CommandOutcome(List.of(method), 0, false, "", "");
    }

    public String toString()
    {
        return "CloudflareBlock{rulesUrl=" + rulesUrl + "}";
    }
}
