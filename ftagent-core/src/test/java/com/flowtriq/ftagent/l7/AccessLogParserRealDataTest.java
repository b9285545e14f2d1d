package com.flowtriq.ftagent.l7;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;

import org.junit.jupiter.api.Test;

/**
 * Every format against the shared real logs. Expected counts come from the files themselves, counted independently
 * with grep/awk (the command is in each comment), not from this parser.
 */
class AccessLogParserRealDataTest
{
    @Test
    void shouldParseEveryLineOfRealApacheCombinedLogWithItsStatusMix() throws Exception
    {
        final RealDataLogs.Outcome outcome = RealDataLogs.parseFile(
            RealDataLogs.log("apache_combined__elastic-examples_first1000.log"),
            AccessLogFormat.APACHE_COMBINED.newParser());

        assertEquals(1000, outcome.count(ParseStatus.OK));
        assertEquals(0, outcome.malformed());
        // awk '{print $9}' | sort | uniq -c: 896 200, 17 206, 53 301, 17 304, 17 404
        assertEquals(896, Collections.frequency(outcome.statuses, 200));
        assertEquals(17, Collections.frequency(outcome.statuses, 206));
        assertEquals(53, Collections.frequency(outcome.statuses, 301));
        assertEquals(17, Collections.frequency(outcome.statuses, 404));
        // awk '{print $1}' | sort -u | wc -l
        assertEquals(220, new HashSet<>(outcome.clients).size());
        // awk '{print $7}' | grep -c '?'
        assertEquals(135, outcome.queries.stream().filter(q -> !q.isEmpty()).count());
        // awk '{s+=$10} END {print s}'
        assertEquals(101366732L, outcome.bytes.stream().mapToLong(b -> b < 0 ? 0 : b).sum());
        // awk -F'"' '{print $6}' | sort | uniq -c: 92 msnbot, 53 "-"
        assertEquals(92, Collections.frequency(outcome.userAgents, "msnbot/2.0b (+http://search.msn.com/msnbot.htm)"));
        assertEquals(53, Collections.frequency(outcome.userAgents, ""));
        assertEquals(Instant.parse("2015-05-17T10:05:03Z").toEpochMilli(), outcome.timestamps.get(0));
        assertEquals("/presentations/logstash-monitorama-2013/images/kibana-search.png", outcome.paths.get(0));
        assertEquals(HttpMethod.GET, outcome.methods.get(0));
    }

    @Test
    void shouldParseRealNginxMainLogWithTrailingForwardedForField() throws Exception
    {
        final RealDataLogs.Outcome outcome = RealDataLogs.parseFile(
            RealDataLogs.log("nginx_combined_xff__lnav-shop-access.log"), AccessLogFormat.NGINX_COMBINED.newParser());

        assertEquals(1000, outcome.count(ParseStatus.OK));
        // awk '{print $9}' | sort | uniq -c: 938 200, 11 301, 20 302, 7 304, 24 404
        assertEquals(938, Collections.frequency(outcome.statuses, 200));
        assertEquals(20, Collections.frequency(outcome.statuses, 302));
        assertEquals(24, Collections.frequency(outcome.statuses, 404));
        assertEquals(101, new HashSet<>(outcome.clients).size());
        // The +0330 zone: 03:56:14 local is 00:26:14 UTC.
        assertEquals(Instant.parse("2019-01-22T00:26:14Z").toEpochMilli(), outcome.timestamps.get(0));
    }

    @Test
    void shouldCountEveryNginxAndApacheFixtureLineAsRequest() throws Exception
    {
        // grep -cE '\[dd/Mon/yyyy:HH:MM:SS +zzzz\] "..." ddd (-|n)' equals the line count for each of these.
        final String[] nginx = {
            "nginx_combined__crowdsec-hub.log", "nginx_combined__filebeat-access.log",
            "nginx_edgecases_xff__filebeat-test.log", "nginx_vhost__crowdsec-hub.log",
            "nginx_vhost_edgecases__filebeat-test-with-host.log" };
        final int[] nginxLines = { 104, 13, 7, 5, 10 };
        for (int i = 0; i < nginx.length; i++)
        {
            final RealDataLogs.Outcome outcome = RealDataLogs.parseFile(
                RealDataLogs.log(nginx[i]), AccessLogFormat.NGINX_COMBINED.newParser());
            assertEquals(nginxLines[i], outcome.count(ParseStatus.OK), nginx[i]);
            assertEquals(0, outcome.malformed(), nginx[i]);
        }
        final String[] apache = {
            "apache_combined__crowdsec-hub.log", "apache_common__crowdsec-hub.log",
            "apache_common__filebeat-darwin.log", "apache_mixed_edgecases__filebeat-test.log" };
        final int[] apacheLines = { 18, 93, 6, 7 };
        for (int i = 0; i < apache.length; i++)
        {
            final RealDataLogs.Outcome outcome = RealDataLogs.parseFile(
                RealDataLogs.log(apache[i]), AccessLogFormat.APACHE_COMBINED.newParser());
            assertEquals(apacheLines[i], outcome.count(ParseStatus.OK), apache[i]);
        }
    }

    @Test
    void shouldTakeLastProxyListEntryAndIpv6ClientsFromNginxEdgeCases() throws Exception
    {
        final RealDataLogs.Outcome outcome = RealDataLogs.parseFile(
            RealDataLogs.log("nginx_edgecases_xff__filebeat-test.log"), AccessLogFormat.NGINX_COMBINED.newParser());

        assertEquals("127.0.0.1", outcome.clients.get(0));
        assertEquals("85.181.35.98", outcome.clients.get(2));
        assertEquals("10.2.1.185", outcome.clients.get(4));
        assertEquals("10.2.2.121", outcome.clients.get(5));
        // The empty request "" with status 400 is a request without a method.
        assertEquals(HttpMethod.NONE, outcome.methods.get(6));
        assertEquals(400, outcome.statuses.get(6));

        final RealDataLogs.Outcome hosts = RealDataLogs.parseFile(
            RealDataLogs.log("nginx_vhost_edgecases__filebeat-test-with-host.log"),
            AccessLogFormat.NGINX_COMBINED.newParser());
        assertEquals("example.com", hosts.vhosts.get(0));
        assertEquals("example.com:80", hosts.vhosts.get(3));
        assertEquals(AccessLogRecord.CLIENT_NAME, hosts.families.get(7));
        assertEquals(HttpMethod.INVALID, hosts.methods.get(7));

        final RealDataLogs.Outcome darwin = RealDataLogs.parseFile(
            RealDataLogs.log("apache_common__filebeat-darwin.log"), AccessLogFormat.APACHE_COMMON.newParser());
        assertEquals(AccessLogRecord.CLIENT_IPV6, darwin.families.get(0));
        assertEquals(408, darwin.statuses.get(2));
        assertEquals(AccessLogRecord.ABSENT, darwin.bytes.get(2));
    }

    @Test
    void shouldRequireVhostPrefixForVhostCombined() throws Exception
    {
        final RealDataLogs.Outcome vhost = RealDataLogs.parseFile(
            RealDataLogs.log("apache_vhost_combined__crowdsec-hub.log"),
            AccessLogFormat.APACHE_VHOST_COMBINED.newParser());
        assertEquals(2, vhost.count(ParseStatus.OK));
        assertEquals("website.com:443", vhost.vhosts.get(1));
        assertEquals("1.2.3.4", vhost.clients.get(1));

        final RealDataLogs.Outcome plain = RealDataLogs.parseFile(
            RealDataLogs.log("apache_combined__elastic-examples_first1000.log"),
            AccessLogFormat.APACHE_VHOST_COMBINED.newParser());
        assertEquals(1000, plain.count(ParseStatus.MISSING_VHOST));
    }

    @Test
    void shouldParseLiteSpeedAccessLogAndRejectItsErrorLog() throws Exception
    {
        final RealDataLogs.Outcome access = RealDataLogs.parseFile(
            RealDataLogs.log("litespeed_access__crowdsec-hub.log"), AccessLogFormat.LITESPEED.newParser());
        assertEquals(7, access.count(ParseStatus.OK));
        assertEquals("/.env", access.paths.get(1));
        assertEquals(401, access.statuses.get(1));

        final RealDataLogs.Outcome errors = RealDataLogs.parseFile(
            RealDataLogs.log("litespeed_error__crowdsec-hub.log"), AccessLogFormat.LITESPEED.newParser());
        assertEquals(0, errors.count(ParseStatus.OK));
        assertEquals(11, errors.malformed());

        final RealDataLogs.Outcome nginxErrors = RealDataLogs.parseFile(
            RealDataLogs.log("nginx_error_limit_req__crowdsec-hub.log"), AccessLogFormat.NGINX_COMBINED.newParser());
        assertEquals(0, nginxErrors.count(ParseStatus.OK));
        assertEquals(9, nginxErrors.malformed());
    }

    @Test
    void shouldParseCaddyAccessEntriesAndCountDebugEntryAsNotAccessLog() throws Exception
    {
        final RealDataLogs.Outcome outcome = RealDataLogs.parseFile(
            RealDataLogs.log("caddy_json__crowdsec-hub.log"), AccessLogFormat.CADDY_JSON.newParser());
        // grep -c '"logger":"http.log.access' = 16 of 17 lines
        assertEquals(16, outcome.count(ParseStatus.OK));
        assertEquals(1, outcome.count(ParseStatus.NOT_ACCESS_LOG));
        // grep -o '"status":[0-9]*' | sort | uniq -c: 7 of 0, 1 of 200, 8 of 401 (the debug line has none)
        assertEquals(8, Collections.frequency(outcome.statuses, 401));
        assertEquals(7, Collections.frequency(outcome.statuses, 0));
        assertEquals("127.0.0.1", outcome.clients.get(0));
        assertEquals("curl/7.74.0", outcome.userAgents.get(0));
        assertEquals(2, outcome.requestTimes.get(0));
        assertEquals(1693840791756L, outcome.timestamps.get(0));

        final RealDataLogs.Outcome lnav = RealDataLogs.parseFile(
            RealDataLogs.log("caddy_json__lnav.log"), AccessLogFormat.CADDY_JSON.newParser());
        assertEquals(4, lnav.count(ParseStatus.OK));
        assertEquals("10.10.10.117", lnav.clients.get(0));
        assertEquals("/gentoo/gentoo-distfiles/distfiles/9b/tl-hrlatex.source-2021.tar.xz", lnav.paths.get(0));
        assertEquals(17557, lnav.requestTimes.get(0));
        assertEquals(3768, lnav.bytes.get(0));
        assertTrue(lnav.userAgents.get(0).startsWith("facebookexternalhit/1.1"));
    }

    @Test
    void shouldParseHaproxyHttpLinesWithAndWithoutSyslogHeader() throws Exception
    {
        final AccessLogParser parser = AccessLogFormat.HAPROXY_HTTP.newParser();
        // grep for "ip:port [date] fe be t/t/t/t/t status bytes ... \"$" gives 3, 13 and 6 lines.
        final RealDataLogs.Outcome crowdsec = RealDataLogs.parseFile(RealDataLogs.log("haproxy__crowdsec-hub.log"), parser);
        assertEquals(3, crowdsec.count(ParseStatus.OK));
        assertEquals(3, crowdsec.count(ParseStatus.NOT_ACCESS_LOG));
        assertEquals(HttpMethod.OTHER, crowdsec.methods.get(2));
        assertEquals(173_000, crowdsec.requestTimes.get(0));

        final RealDataLogs.Outcome lnav = RealDataLogs.parseFile(RealDataLogs.log("haproxy_syslog__lnav.log"), parser);
        assertEquals(13, lnav.count(ParseStatus.OK));
        assertEquals(4, lnav.count(ParseStatus.NOT_ACCESS_LOG));
        assertEquals(13, Collections.frequency(lnav.statuses, 200));
        assertEquals("141.35.244.171", lnav.clients.get(0));
        assertEquals("/admin/colt/administration", lnav.paths.get(0));

        final RealDataLogs.Outcome spec = RealDataLogs.parseFile(
            RealDataLogs.log("haproxy_syslog__logstash-patterns-core-spec.log"), parser);
        assertEquals(6, spec.count(ParseStatus.OK));
        assertEquals(HttpMethod.INVALID, spec.methods.get(3));
        assertEquals(408, spec.statuses.get(3));
        assertEquals(6_001_000L, spec.requestTimes.get(3));
    }
}
