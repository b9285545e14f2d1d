package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Lines written by hand from each server's documented default format (nginx JSON has no real sample in realdata),
 * edge cases (IPv6, escaped quotes, "-" fields), and hostile input: binary noise, truncation at every byte, 1 MB lines.
 */
class AccessLogParserGeneratedTest
{
    private final AccessLogRecord record = new AccessLogRecord();

    private ParseStatus parse(final AccessLogFormat format, final String line)
    {
        final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        // Place the line at an offset inside a larger buffer, so absolute offsets are exercised.
        final byte[] padded = new byte[bytes.length + 16];
        System.arraycopy(bytes, 0, padded, 7, bytes.length);
        buffer = new UnsafeBuffer(padded);
        return format.newParser().parse(buffer, 7, bytes.length, record);
    }

    private UnsafeBuffer buffer;

    private String text(final int offset, final int length)
    {
        final byte[] out = new byte[length];
        buffer.getBytes(offset, out);
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void shouldParseNginxJsonLineWithQuotedNumbersAndIso8601Time()
    {
        final String line = "{\"time_iso8601\":\"2026-03-01T12:00:05+01:00\",\"remote_addr\":\"2001:db8::1\"," +
            "\"request\":\"GET /search?q=a%20b HTTP/2.0\",\"status\":\"429\",\"body_bytes_sent\":\"12\"," +
            "\"request_time\":\"0.250\",\"http_referrer\":\"\",\"http_user_agent\":\"curl/8.5.0 \\\"x\\\"\"}";
        assertEquals(ParseStatus.OK, parse(AccessLogFormat.NGINX_JSON, line));
        assertEquals(Instant.parse("2026-03-01T11:00:05Z").toEpochMilli(), record.timestampMillis());
        assertEquals(AccessLogRecord.CLIENT_IPV6, record.clientFamily());
        assertEquals(0x20010db800000000L, record.clientHigh());
        assertEquals(1L, record.clientLow());
        assertEquals("/search", text(record.pathOffset(), record.pathLength()));
        assertEquals("q=a%20b", text(record.queryOffset(), record.queryLength()));
        assertEquals(429, record.status());
        assertEquals(12, record.bytes());
        assertEquals(250_000, record.requestTimeMicros());
        assertEquals("curl/8.5.0 \\\"x\\\"", text(record.userAgentOffset(), record.userAgentLength()));
    }

    @Test
    void shouldParseNginxJsonWithSplitMethodAndUriAndNumericStatus()
    {
        final String line = "{\"msec\":\"1772366405.123\",\"remote_addr\":\"198.18.0.9\",\"request_method\":\"POST\"," +
            "\"request_uri\":\"/login\",\"status\":200,\"bytes_sent\":0}";
        assertEquals(ParseStatus.OK, parse(AccessLogFormat.NGINX_JSON, line));
        assertEquals(1772366405123L, record.timestampMillis());
        assertEquals(HttpMethod.POST, record.method());
        assertEquals("/login", text(record.pathOffset(), record.pathLength()));
        assertEquals(0xC612_0009L, record.clientLow());
    }

    @Test
    void shouldCountJsonLineWithoutStatusOrTimeAsMissingField()
    {
        assertEquals(ParseStatus.MISSING_FIELD,
            parse(AccessLogFormat.NGINX_JSON, "{\"time_iso8601\":\"2026-03-01T12:00:05Z\",\"remote_addr\":\"1.2.3.4\"," +
                "\"request\":\"GET / HTTP/1.1\",\"status\":\"200\"}".replace(",\"status\":\"200\"", "")));
        assertEquals(ParseStatus.MISSING_FIELD, parse(AccessLogFormat.NGINX_JSON, "{\"status\":\"200\"}"));
        assertEquals(ParseStatus.BAD_JSON, parse(AccessLogFormat.CADDY_JSON, "[1,2,3]"));
        assertEquals(ParseStatus.TRUNCATED, parse(AccessLogFormat.CADDY_JSON, "{\"ts\":1.5,\"request\":{\"uri\":\"/"));
    }

    @Test
    void shouldParseCaddyDefaultLineWithIpv6PeerAndNoClientIp()
    {
        final String line = "{\"level\":\"info\",\"ts\":1772366405.5,\"logger\":\"http.log.access.log0\"," +
            "\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"2001:db8:0:1::25\",\"remote_port\":\"50000\"," +
            "\"proto\":\"HTTP/2.0\",\"method\":\"GET\",\"host\":\"example.com\",\"uri\":\"/a?b=c\",\"headers\":" +
            "{\"Accept\":[\"*/*\"],\"User-Agent\":[\"Mozilla/5.0 \\\"quoted\\\"\"]},\"tls\":{\"resumed\":false}}," +
            "\"bytes_read\":0,\"user_id\":\"\",\"duration\":2.7e-06,\"size\":1024,\"status\":200,\"resp_headers\":{}}";
        assertEquals(ParseStatus.OK, parse(AccessLogFormat.CADDY_JSON, line));
        assertEquals(AccessLogRecord.CLIENT_IPV6, record.clientFamily());
        assertEquals(0x20010db800000001L, record.clientHigh());
        assertEquals(0x25L, record.clientLow());
        assertEquals("example.com", text(record.vhostOffset(), record.vhostLength()));
        assertEquals("b=c", text(record.queryOffset(), record.queryLength()));
        assertEquals(0, record.requestTimeMicros());
        assertEquals(1024, record.bytes());
    }

    @Test
    void shouldParseApacheLinesWithEscapedQuotesIpv6AndDashFields()
    {
        final String line = "2001:db8::ffff:1.2.3.4 - frank [10/Oct/2000:13:55:36 -0700] " +
            "\"GET /a\\\"b HTTP/1.0\" 200 - \"-\" \"Agent \\\"with\\\" quotes\"";
        assertEquals(ParseStatus.OK, parse(AccessLogFormat.APACHE_COMBINED, line));
        assertEquals(Instant.parse("2000-10-10T20:55:36Z").toEpochMilli(), record.timestampMillis());
        assertEquals(AccessLogRecord.CLIENT_IPV6, record.clientFamily());
        assertEquals(0x20010db800000000L, record.clientHigh());
        assertEquals(0x0000ffff01020304L, record.clientLow());
        assertEquals("/a\\\"b", text(record.pathOffset(), record.pathLength()));
        assertEquals(AccessLogRecord.ABSENT, record.bytes());
        assertEquals("Agent \\\"with\\\" quotes", text(record.userAgentOffset(), record.userAgentLength()));

        assertEquals(ParseStatus.OK, parse(AccessLogFormat.APACHE_COMMON,
            "::1 - - [10/Oct/2000:13:55:36 +0000] \"OPTIONS * HTTP/1.0\" 200 0"));
        assertEquals(HttpMethod.OPTIONS, record.method());
        assertEquals(0, record.clientHigh());
        assertEquals(1, record.clientLow());
    }

    @Test
    void shouldParseIpv6TextFormsLikeTheJdk() throws Exception
    {
        final String[] forms = {
            "::", "::1", "1::", "2001:db8::", "fe80::1:2:3:4", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
            "1:2:3::6:7:8", "2001:DB8:0:0:8:800:200C:417A", "::ffff:192.0.2.128", "64:ff9b::192.0.2.33",
            "1:2:3:4:5::192.0.2.1" };
        for (final String form : forms)
        {
            final byte[] expected = InetAddress.getByName(form).getAddress();
            final AccessLogRecord parsed = new AccessLogRecord();
            final UnsafeBuffer text = new UnsafeBuffer(form.getBytes(StandardCharsets.US_ASCII));
            final int family = ClientAddressText.parse(text, 0, form.length(), parsed);
            if (expected.length == 4)
            {
                // The JDK folds ::ffff:a.b.c.d into IPv4; we keep it as written.
                assertEquals(AccessLogRecord.CLIENT_IPV6, family, form);
                assertEquals(0xFFFF_0000_0000L | (ByteBuffer.wrap(expected).getInt() & 0xFFFF_FFFFL), parsed.clientLow(),
                    form);
                continue;
            }
            final ByteBuffer bytes = ByteBuffer.wrap(expected);
            assertEquals(AccessLogRecord.CLIENT_IPV6, family, form);
            assertEquals(bytes.getLong(0), parsed.clientHigh(), form);
            assertEquals(bytes.getLong(8), parsed.clientLow(), form);
        }
        final String[] notAddresses = { "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":1", "1:", "g::1", "localhost",
            "256.1.1.1", "1.2.3", "unix:" };
        for (final String text : notAddresses)
        {
            final AccessLogRecord parsed = new AccessLogRecord();
            assertEquals(AccessLogRecord.CLIENT_NAME,
                ClientAddressText.parse(new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII)), 0, text.length(),
                    parsed), text);
        }
    }

    @Test
    void shouldParseHaproxyLineWithIpv6ClientAndIsoSyslogHeader()
    {
        final String line = "2026-03-01T12:00:05+00:00 lb1 haproxy[99]: 2001:db8::7:51000 " +
            "[01/Mar/2026:12:00:05.250] www~ app/s1 10/0/1/20/31 503 212 - - sH-- 5/5/0/0/0 0/0 " +
            "{ua \"x\"|host} \"POST /api/v1/items?id=3 HTTP/1.1\"";
        assertEquals(ParseStatus.OK, parse(AccessLogFormat.HAPROXY_HTTP, line));
        assertEquals(AccessLogRecord.CLIENT_IPV6, record.clientFamily());
        assertEquals(0x7L, record.clientLow());
        assertEquals(503, record.status());
        assertEquals(31_000, record.requestTimeMicros());
        assertEquals(Instant.parse("2026-03-01T12:00:05.250Z").toEpochMilli(), record.timestampMillis());
        assertEquals("/api/v1/items", text(record.pathOffset(), record.pathLength()));
        assertEquals(HttpMethod.POST, record.method());
    }

    @Test
    void shouldCountTruncationAtEveryByteWithoutThrowingInEveryFormat()
    {
        final String[][] lines = {
            { "NGINX_COMBINED", "203.0.113.5 - - [01/Mar/2026:12:00:05 +0000] \"GET /x?y HTTP/1.1\" 200 5 \"-\" \"ua\"" },
            { "APACHE_VHOST_COMBINED",
                "h:80 203.0.113.5 - - [01/Mar/2026:12:00:05 +0000] \"GET /x HTTP/1.1\" 200 5 \"-\" \"ua\"" },
            { "CADDY_JSON", "{\"ts\":1.5,\"logger\":\"http.log.access\",\"request\":{\"remote_ip\":\"1.2.3.4\"," +
                "\"uri\":\"/\",\"headers\":{\"User-Agent\":[\"u\"]}},\"status\":200}" },
            { "NGINX_JSON", "{\"msec\":\"1.5\",\"remote_addr\":\"1.2.3.4\",\"request\":\"GET / HTTP/1.1\",\"status\":\"200\"}" },
            { "HAPROXY_HTTP", "Mar  1 12:00:05 lb haproxy[1]: 1.2.3.4:5 [01/Mar/2026:12:00:05.250] f b/s 1/2/3/4/5 200 6 " +
                "- - ---- 1/1/1/1/0 0/0 \"GET / HTTP/1.1\"" } };
        for (final String[] entry : lines)
        {
            final AccessLogFormat format = AccessLogFormat.valueOf(entry[0]);
            final String line = entry[1];
            assertEquals(ParseStatus.OK, parse(format, line), line);
            int malformed = 0;
            // Cut after the timestamp field has started: every shorter line must be counted as malformed.
            for (int cut = 0; cut < line.length() - 1; cut++)
            {
                final ParseStatus status = parse(format, line.substring(0, cut));
                if (status != ParseStatus.OK)
                {
                    malformed++;
                }
            }
            // Cuts inside an optional trailing field (combined's referer/UA) are still requests; the rest are not.
            assertTrue(malformed >= line.length() / 2, format + " malformed=" + malformed);
        }
    }

    @Test
    void shouldCountBinaryNoiseAndNeverThrowInAnyFormat()
    {
        final Random random = new Random(1);
        final byte[] noise = new byte[4096];
        final AccessLogRecord reused = new AccessLogRecord();
        for (final AccessLogFormat format : AccessLogFormat.values())
        {
            final AccessLogParser parser = format.newParser();
            final long[] counts = new long[ParseStatus.count()];
            for (int round = 0; round < 2000; round++)
            {
                random.nextBytes(noise);
                final int length = random.nextInt(noise.length);
                final ParseStatus status = parser.parse(new UnsafeBuffer(noise), 0, length, reused);
                counts[status.ordinal()]++;
            }
            assertEquals(0, counts[ParseStatus.OK.ordinal()], format.configName());
        }
    }

    @Test
    void shouldCountOneMegabyteLinesInEveryFormatWithoutThrowing()
    {
        final byte[] huge = new byte[1024 * 1024];
        java.util.Arrays.fill(huge, (byte)'"');
        for (final AccessLogFormat format : AccessLogFormat.values())
        {
            assertNotEquals(ParseStatus.OK, format.newParser().parse(new UnsafeBuffer(huge), 0, huge.length, record));
        }
        // A deeply nested JSON value is skipped iteratively, not recursively.
        final StringBuilder nested = new StringBuilder("{\"ts\":1.5,\"status\":200,\"x\":");
        for (int i = 0; i < 200_000; i++)
        {
            nested.append('[');
        }
        assertEquals(ParseStatus.TRUNCATED, parse(AccessLogFormat.CADDY_JSON, nested.toString()));
    }

    @Test
    void shouldNotCarryFieldsOverFromPreviousLine()
    {
        assertEquals(ParseStatus.OK, parse(AccessLogFormat.NGINX_COMBINED,
            "1.2.3.4 - - [01/Mar/2026:12:00:05 +0000] \"GET /x?y HTTP/1.1\" 200 5 \"-\" \"ua\""));
        assertEquals(ParseStatus.OK, parse(AccessLogFormat.NGINX_COMBINED,
            "1.2.3.4 - - [01/Mar/2026:12:00:05 +0000] \"-\" 408 -"));
        assertEquals(0, record.queryLength());
        assertEquals(0, record.userAgentLength());
        assertEquals(AccessLogRecord.ABSENT, record.bytes());
        assertEquals(HttpMethod.NONE, record.method());
    }

    @Test
    void shouldFindJsonStringEndsAtEveryAlignmentWithEscapesAnywhere()
    {
        for (int before = 0; before < 20; before++)
        {
            for (int after = 0; after < 20; after++)
            {
                final String uri = "/" + "a".repeat(before) + "\\\"q\\\\" + "b".repeat(after);
                final String line = "{\"ts\":1.5,\"status\":200,\"logger\":\"http.log.access\"," +
                    "\"request\":{\"uri\":\"" + uri + "\",\"method\":\"GET\"}}";
                assertEquals(ParseStatus.OK, parse(AccessLogFormat.CADDY_JSON, line), line);
                assertEquals(uri, text(record.pathOffset(), record.pathLength()), line);
                assertEquals(HttpMethod.GET, record.method());
                assertEquals(ParseStatus.TRUNCATED,
                    parse(AccessLogFormat.CADDY_JSON, line.substring(0, line.indexOf(uri) + uri.length())), line);
            }
        }
    }
}
