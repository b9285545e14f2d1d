package com.flowtriq.ftagent.report;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

import javax.net.ssl.SSLException;

/**
 * What one HTTP exchange gave: a status and body, or the failure that prevented a reply.
 *
 * @param statusCode       HTTP status, 0 when no reply arrived.
 * @param body             reply body (empty when none).
 * @param retryAfterMillis parsed {@code Retry-After}, 0 when absent or unparseable.
 * @param failure          the exception when no reply arrived, else null.
 * @param rttNanos         time from send to reply or failure.
 */
public record HttpOutcome(int statusCode, byte[] body, long retryAfterMillis, Throwable failure, long rttNanos)
{
    public boolean isSuccess()
    {
        return statusCode >= 200 && statusCode < 300;
    }

    /**
     * @return true if the server answered in a way that says it is up: any status except 408, 429 and 5xx.
     */
    public boolean isServerReachable()
    {
        return statusCode != 0 && statusCode != 408 && statusCode != 429 && statusCode < 500;
    }

    /**
     * Classifies for the outbox: 2xx delivered; no reply, 408, 429 and 5xx retried (honouring Retry-After);
     * any other status rejected for good with the server's message.
     *
     * @param messageOf extracts the server's message from a body.
     * @return the delivery result.
     */
    public DeliveryResult toDeliveryResult(final Function<byte[], String> messageOf)
    {
        if (isSuccess())
        {
            return DeliveryResult.delivered();
        }
        if (statusCode == 0)
        {
            return DeliveryResult.retry(0, 0, diagnosis());
        }
        final String message = messageOf.apply(body);
        if (statusCode == 408 || statusCode == 429 || statusCode >= 500)
        {
            return DeliveryResult.retry(statusCode, retryAfterMillis, message);
        }
        return DeliveryResult.dead(statusCode, message);
    }

    /**
     * @return a short operator-facing reason for a failed exchange: DNS, TLS, refused, timeout or the status.
     */
    public String diagnosis()
    {
        if (failure == null)
        {
            return "HTTP " + statusCode;
        }
        Throwable cause = failure;
        while (cause != null)
        {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException)
            {
                return "DNS: cannot resolve the host (" + failure.getMessage() + ")";
            }
            if (cause instanceof SSLException)
            {
                return "TLS: handshake failed (" + cause.getMessage() + ")";
            }
            if (cause instanceof HttpConnectTimeoutException)
            {
                return "timeout while connecting";
            }
            if (cause instanceof HttpTimeoutException)
            {
                return "timeout waiting for the reply";
            }
            if (cause instanceof ConnectException)
            {
                return "connection refused or unreachable";
            }
            cause = cause.getCause();
        }
        return "I/O error: " + failure;
    }

    /**
     * @param value a {@code Retry-After} header: delta-seconds or an HTTP-date.
     * @param nowMillis current time, for HTTP-dates.
     * @return milliseconds to wait, 0 if absent or unparseable.
     */
    public static long parseRetryAfter(final String value, final long nowMillis)
    {
        if (value == null || value.isBlank())
        {
            return 0;
        }
        final String text = value.trim();
        try
        {
            final long seconds = Long.parseLong(text);
            return seconds <= 0 ? 0 : Math.min(seconds, Long.MAX_VALUE / 1000) * 1000;
        }
        catch (final NumberFormatException notSeconds)
        {
            try
            {
                final long at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant().toEpochMilli();
                return Math.max(0, at - nowMillis);
            }
            catch (final RuntimeException notDate)
            {
                return 0;
            }
        }
    }
}
