package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Sends one request to the Flowtriq agent API with the documented headers ({@code Authorization: Bearer},
 * {@code X-Node-UUID}, {@code Content-Type}, {@code User-Agent: ftagent/<version>}) and returns what came back.
 * Blocks the caller up to the request timeout, so it is called only on the reporting thread (or by
 * {@code ftagent test}). Never throws for a network failure: the failure is in the {@link HttpOutcome}.
 */
public final class FlowtriqApiClient
{
    public static final String JSON = "application/json";

    private final ApiSettings settings;
    private final HttpClient http;
    private final String baseUrl;

    /**
     * @param settings API settings.
     * @param http     shared client (its connect timeout should not exceed the request timeout).
     */
    public FlowtriqApiClient(final ApiSettings settings, final HttpClient http)
    {
        this.settings = settings;
        this.http = http;
        final String base = settings.apiBase().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public ApiSettings settings()
    {
        return settings;
    }

    /**
     * @param path        path below the base, starting with {@code /}.
     * @param contentType body type.
     * @param body        body.
     * @param extraHeaders headers on top of the standard ones (chunk headers).
     * @return the outcome.
     */
    public HttpOutcome post(
        final String path, final String contentType, final byte[] body, final Map<String, String> extraHeaders)
    {
        final HttpRequest.Builder builder = request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        extraHeaders.forEach(builder::header);
        return exchange(builder.build(), http);
    }

    /**
     * @param path path below the base.
     * @return the outcome.
     */
    public HttpOutcome get(final String path)
    {
        return exchange(request(path).header("Content-Type", JSON).GET().build(), http);
    }

    private HttpRequest.Builder request(final String path)
    {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(settings.requestTimeout())
            .header("Authorization", "Bearer " + settings.apiKey())
            .header("X-Node-UUID", settings.nodeUuid())
            .header("User-Agent", "ftagent/" + settings.version());
    }

    /**
     * Sends a request and captures the reply or the failure. Also used by other HTTPS destinations of the outbox
     * (Cloudflare), so every remote call classifies failures and Retry-After the same way.
     *
     * @param request the request, with its timeout set.
     * @param http    the client.
     * @return the outcome.
     */
    public static HttpOutcome exchange(final HttpRequest request, final HttpClient http)
    {
        final long start = System.nanoTime();
        try
        {
            final HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            final long retryAfter = HttpOutcome.parseRetryAfter(
                response.headers().firstValue("Retry-After").orElse(null), System.currentTimeMillis());
            final byte[] body = response.body() == null ? new byte[0] : response.body();
            return new HttpOutcome(response.statusCode(), body, retryAfter, null, System.nanoTime() - start);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return new HttpOutcome(0, new byte[0], 0, ex, System.nanoTime() - start);
        }
        catch (final IOException | RuntimeException ex)
        {
            return new HttpOutcome(0, new byte[0], 0, ex, System.nanoTime() - start);
        }
    }
}
