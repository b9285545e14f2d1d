package com.flowtriq.ftagent.report;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts notifier entries (JSON) to one configured URL. With a secret, each request carries
 * {@code X-Ftagent-Signature: sha256=<hex HMAC-SHA256 of the exact body>}; the secret stays in memory, never in
 * the outbox. Its channel's delivery thread only.
 */
public final class HttpNotifierDestination implements Destination
{
    public static final String SIGNATURE_HEADER = "X-Ftagent-Signature";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String channel;
    private final URI url;
    private final HttpClient http;
    private final Duration timeout;
    private final String userAgent;
    private final FlowtriqJson json;
    private final byte[] secret;

    /**
     * @param channel   channel name ({@code slack}, {@code discord}, ...).
     * @param url       where to post.
     * @param http      shared client.
     * @param timeout   request timeout.
     * @param userAgent {@code ftagent/<version>}.
     * @param json      for server messages in errors.
     * @param secret    HMAC key, or null for unsigned requests.
     */
    public HttpNotifierDestination(
        final String channel,
        final URI url,
        final HttpClient http,
        final Duration timeout,
        final String userAgent,
        final FlowtriqJson json,
        final String secret)
    {
        this.channel = channel;
        this.url = url;
        this.http = http;
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.json = json;
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String channel()
    {
        return channel;
    }

    @Override
    public DeliveryResult deliver(final OutboxEntry entry)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", userAgent)
            .POST(HttpRequest.BodyPublishers.ofByteArray(entry.body()));
        if (secret != null)
        {
            request.header(SIGNATURE_HEADER, "sha256=" + hmacSha256Hex(secret, entry.body()));
        }
        return FlowtriqApiClient.exchange(request.build(), http).toDeliveryResult(json::messageOf);
    }

    /**
     * @param key  HMAC key.
     * @param body message.
     * @return lower-case hex of HMAC-SHA256(key, body).
     */
    public static String hmacSha256Hex(final byte[] key, final byte[] body)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            final byte[] digest = mac.doFinal(body);
            final char[] hex = new char[digest.length * 2];
            for (int i = 0; i < digest.length; i++)
            {
                hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
                hex[2 * i + 1] = HEX[digest[i] & 0xF];
            }
            return new String(hex);
        }
        catch (final GeneralSecurityException ex)
        {
            // HmacSHA256 is mandatory in every JDK; reaching this is a broken runtime.
            throw new IllegalStateException(ex);
        }
    }
}
