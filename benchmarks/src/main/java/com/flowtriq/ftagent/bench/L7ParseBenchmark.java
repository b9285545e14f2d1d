package com.flowtriq.ftagent.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.flowtriq.ftagent.l7.AccessLogFormat;
import com.flowtriq.ftagent.l7.AccessLogParser;
import com.flowtriq.ftagent.l7.AccessLogRecord;
import com.flowtriq.ftagent.l7.L7Window;
import com.flowtriq.ftagent.l7.ParseStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Access-log parse throughput per format, one operation = one line, so the score is lines/s and
 * {@code gc.alloc.rate.norm} (with {@code -prof gc}) is bytes allocated per line. Lines follow each server's default
 * format with varied clients (IPv4 and IPv6), paths, statuses and user agents, laid out back to back in one
 * direct buffer as a tailer would hand them over.
 * <p>
 * {@code parseAndCount} adds the per-second window (top-K sketches, HyperLogLog, status classes) to the parse.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = { "--enable-native-access=ALL-UNNAMED",
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow" })
public class L7ParseBenchmark
{
    static final int LINES = 4096;

    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148" };
    private static final String[] PATHS = {
        "/", "/index.html", "/images/logo.png", "/api/v1/items?id=42&sort=asc", "/login", "/search?q=ddos+agent",
        "/wp-login.php", "/static/app.3f9c2.js" };
    private static final String[] MONTHS = { "Jan", "Feb", "Mar" };

    @Param({ "nginx_combined", "apache_common", "apache_vhost_combined", "litespeed", "caddy_json", "nginx_json",
        "haproxy_http" })
    public String format;

    private final AccessLogRecord record = new AccessLogRecord();
    private final int[] offsets = new int[LINES];
    private final int[] lengths = new int[LINES];
    private UnsafeBuffer buffer;
    private AccessLogParser parser;
    private L7Window window;

    @Setup
    public void setup()
    {
        final AccessLogFormat logFormat = AccessLogFormat.byConfigName(format);
        parser = logFormat.newParser();
        window = new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY);
        window.reset(0);
        final Random random = new Random(11);
        final StringBuilder all = new StringBuilder();
        final int[] starts = new int[LINES];
        for (int i = 0; i < LINES; i++)
        {
            starts[i] = all.length();
            all.append(line(logFormat, random, i)).append('\n');
        }
        final byte[] bytes = all.toString().getBytes(StandardCharsets.US_ASCII);
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        buffer.putBytes(0, bytes);
        for (int i = 0; i < LINES; i++)
        {
            offsets[i] = starts[i];
            final int next = i + 1 < LINES ? starts[i + 1] : bytes.length;
            lengths[i] = next - starts[i] - 1;
            if (parser.parse(buffer, offsets[i], lengths[i], record) != ParseStatus.OK)
            {
                throw new IllegalStateException("benchmark line does not parse: " + format + " " + i);
            }
        }
    }

    static String line(final AccessLogFormat format, final Random random, final int i)
    {
        final String ip = random.nextInt(8) == 0 ?
            "2001:db8:" + Integer.toHexString(random.nextInt(65536)) + "::" + Integer.toHexString(random.nextInt(65536)) :
            "198.18." + random.nextInt(256) + "." + random.nextInt(256);
        final String path = PATHS[random.nextInt(PATHS.length)];
        final String agent = AGENTS[random.nextInt(AGENTS.length)];
        final int status = random.nextInt(10) == 0 ? 404 : 200;
        final int bytes = random.nextInt(100_000);
        final int second = i % 60;
        final String clf = String.format("%02d/%s/2026:12:%02d:%02d +0000", 1 + random.nextInt(28),
            MONTHS[random.nextInt(3)], i / 60 % 60, second);
        final String method = path.equals("/login") ? "POST" : "GET";
        return switch (format)
        {
            case NGINX_COMBINED, APACHE_COMBINED, LITESPEED -> ip + " - - [" + clf + "] \"" + method + " " + path +
                " HTTP/1.1\" " + status + " " + bytes + " \"https://example.com/\" \"" + agent + "\"";
            case APACHE_COMMON -> ip + " - - [" + clf + "] \"" + method + " " + path + " HTTP/1.1\" " + status + " " +
                bytes;
            case APACHE_VHOST_COMBINED -> "www.example.com:443 " + ip + " - - [" + clf + "] \"" + method + " " + path +
                " HTTP/1.1\" " + status + " " + bytes + " \"-\" \"" + agent + "\"";
            case CADDY_JSON -> "{\"level\":\"info\",\"ts\":" + (1772366400 + i) + ".7564995,\"logger\":" +
                "\"http.log.access.log0\",\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"" + ip +
                "\",\"remote_port\":\"44790\",\"client_ip\":\"" + ip + "\",\"proto\":\"HTTP/2.0\",\"method\":\"" +
                method + "\",\"host\":\"example.com\",\"uri\":\"" + path + "\",\"headers\":{\"Accept\":[\"*/*\"]," +
                "\"User-Agent\":[\"" + agent + "\"],\"Accept-Encoding\":[\"gzip\"]},\"tls\":{\"resumed\":false," +
                "\"version\":772,\"cipher_suite\":4865,\"proto\":\"h2\",\"server_name\":\"example.com\"}}," +
                "\"bytes_read\":0,\"user_id\":\"\",\"duration\":0.000" + (100 + random.nextInt(900)) + ",\"size\":" +
                bytes + ",\"status\":" + status + ",\"resp_headers\":{\"Server\":[\"Caddy\"],\"Content-Type\":" +
                "[\"text/html; charset=utf-8\"]}}";
            case NGINX_JSON -> "{\"time_iso8601\":\"2026-03-01T12:" + String.format("%02d:%02d", i / 60 % 60, second) +
                "+00:00\",\"remote_addr\":\"" + ip + "\",\"request\":\"" + method + " " + path + " HTTP/1.1\"," +
                "\"status\":\"" + status + "\",\"body_bytes_sent\":\"" + bytes + "\",\"request_time\":\"0.0" +
                random.nextInt(10) + "2\",\"http_referrer\":\"\",\"http_user_agent\":\"" + agent + "\"}";
            case HAPROXY_HTTP -> "Mar  1 12:00:" + String.format("%02d", second) + " lb1 haproxy[7]: " + ip + ":" +
                (1024 + random.nextInt(60000)) + " [01/Mar/2026:12:00:" + String.format("%02d", second) +
                ".143] www~ app/web1 0/0/7/" + random.nextInt(2000) + "/1487 " + status + " " + bytes +
                " - - ---- 2/1/0/0/0 0/0 \"" + method + " " + path + " HTTP/1.1\"";
        };
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parse(final Blackhole blackhole)
    {
        final AccessLogParser parser = this.parser;
        final AccessLogRecord record = this.record;
        for (int i = 0; i < LINES; i++)
        {
            blackhole.consume(parser.parse(buffer, offsets[i], lengths[i], record));
        }
        blackhole.consume(record.status());
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parseAndCount(final Blackhole blackhole)
    {
        final AccessLogParser parser = this.parser;
        final AccessLogRecord record = this.record;
        for (int i = 0; i < LINES; i++)
        {
            if (parser.parse(buffer, offsets[i], lengths[i], record) == ParseStatus.OK)
            {
                window.onRequest(buffer, record);
            }
        }
        blackhole.consume(window.requests());
    }
}
