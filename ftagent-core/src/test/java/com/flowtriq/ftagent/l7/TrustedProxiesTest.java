package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest
{
    private static final TrustedProxies LOCAL_PROXIES = TrustedProxies.parse(List.of("10.0.0.0/8", "127.0.0.1"));

    private static String client(final TrustedProxies proxies, final String line)
    {
        final byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        final AccessLogRecord record = new AccessLogRecord();
        assertEquals(ParseStatus.OK,
            AccessLogFormat.NGINX_COMBINED.newParser(proxies).parse(new UnsafeBuffer(bytes), 0, bytes.length, record));
        return new String(bytes, record.clientOffset(), record.clientLength(), StandardCharsets.US_ASCII);
    }

    @Test
    void shouldTakeRightmostUntrustedForwardedAddressWhenPeerIsTrustedProxy()
    {
        final String line = "10.0.0.5 - - [01/Mar/2026:12:00:05 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\" " +
            "\"198.51.100.1, 203.0.113.9, 10.0.0.7\"";
        assertEquals("203.0.113.9", client(LOCAL_PROXIES, line));
        assertEquals("10.0.0.5", client(TrustedProxies.NONE, line));
    }

    @Test
    void shouldIgnoreForwardedAddressesFromUntrustedPeer()
    {
        final String line = "198.51.100.77 - - [01/Mar/2026:12:00:05 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\" " +
            "\"1.1.1.1\"";
        assertEquals("198.51.100.77", client(LOCAL_PROXIES, line));
    }

    @Test
    void shouldResolveForwardedListWrittenInClientPosition()
    {
        final String line = "example.com 203.0.113.9, 10.0.0.1, 127.0.0.1 - - [01/Mar/2026:12:00:05 +0000] " +
            "\"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"";
        assertEquals("203.0.113.9", client(LOCAL_PROXIES, line));
        assertEquals("127.0.0.1", client(TrustedProxies.NONE, line));
    }

    @Test
    void shouldMatchIpv4AndIpv6Ranges()
    {
        final TrustedProxies proxies = TrustedProxies.parse(List.of("2001:db8::/32", "192.0.2.0/24", "::1"));
        final AccessLogRecord record = new AccessLogRecord();
        assertTrue(contains(proxies, "2001:db8:1::5", record));
        assertFalse(contains(proxies, "2001:db9::1", record));
        assertTrue(contains(proxies, "192.0.2.200", record));
        assertFalse(contains(proxies, "192.0.3.1", record));
        assertTrue(contains(proxies, "::1", record));
        assertFalse(contains(proxies, "::2", record));
        assertTrue(contains(TrustedProxies.parse(List.of("0.0.0.0/0")), "8.8.8.8", record));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("10.0.0.0/33")));
        assertEquals("l7_trusted_proxies=proxy.example",
            assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("proxy.example")))
                .getMessage());
    }

    private static boolean contains(final TrustedProxies proxies, final String address, final AccessLogRecord record)
    {
        final byte[] bytes = address.getBytes(StandardCharsets.US_ASCII);
        final int family = ClientAddressText.parse(new UnsafeBuffer(bytes), 0, bytes.length, record);
        return proxies.contains(family, record.clientHigh(), record.clientLow());
    }
}
