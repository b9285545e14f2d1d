package com.flowtriq.ftagent.mitigate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile strings in incidents and server-pushed commands, asserted against a fake nft that records every argv and
 * stdin it is given. Nothing hostile may reach it; the markers prove no shell ever ran a payload.
 */
class InjectionTest
{
    /** Every line a block/unblock/removeAll script may contain. */
    static final Pattern SCRIPT_LINE = Pattern.compile(
        "add table inet ftagent|delete table inet ftagent|" +
        "add set inet ftagent blocked[46] \\{ type ipv[46]_addr; flags timeout; \\}|" +
        "add chain inet ftagent input \\{ type filter hook input priority -150; policy accept; \\}|" +
        "flush chain inet ftagent input|" +
        "add rule inet ftagent input ip6? saddr @blocked[46] counter drop|" +
        "(add|delete) element inet ftagent blocked[46] \\{ [0-9a-f.:]+( timeout \\d+s)?(, [0-9a-f.:]+( timeout \\d+s)?)* \\}");

    static final List<String> HOSTILE = List.of(
        "198.18.200.1; touch MARKER", "198.18.200.1 && touch MARKER", "$(touch MARKER)", "`touch MARKER`",
        "198.18.200.1\nflush ruleset", "198.18.200.1\r\ndelete table inet filter", "-F", "--flush", "-f",
        "198.18.200.1 }; flush ruleset; add element inet ftagent blocked4 { 198.18.200.2",
        "198.18.200.1|touch MARKER", "../../etc/passwd", "1".repeat(100_000), "198.18.200.1\0", "",
        "198.18.200.1/0", "0/0", "::/0", "fe80::1%eth0; touch MARKER");

    @TempDir
    Path dir;

    Path log;
    Path marker;
    Path fakeNft;
    MitigationEngine engine;

    @BeforeEach
    void setUp() throws Exception
    {
        log = dir.resolve("argv.log");
        marker = dir.resolve("MARKER");
        fakeNft = dir.resolve("fake-nft");
        // the fake records; it is the only shell script involved and it never evaluates its input
        Files.writeString(fakeNft, """
            #!/bin/sh
            { printf 'ARGV'; for a in "$@"; do printf ' [%s]' "$a"; done; printf '\\n'; cat; printf 'END\\n'; } >> LOG
            """.replace("LOG", log.toString()));
        Files.setPosixFilePermissions(fakeNft, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void tearDown()
    {
        if (null != engine)
        {
            engine.halt();
        }
    }

    MitigationEngine engine(final List<String> families)
    {
        final RuleSpec rule = new RuleSpec(families, List.of(), 0, 0, NftDropSources.ACTION,
            RuleTarget.TOP_SOURCES, 1000, 0);
        engine = new MitigationEngine(
            new MitigationPolicy(true, false, 1000, List.of(rule)),
            new Safelist(List.of()),
            List.of(new NftDropSources(new ArgvRunner(List.of(), 10_000), fakeNft.toString())),
            new MitigationStateFile(dir.resolve("state")),
            System::currentTimeMillis);
        engine.start();
        return engine;
    }

    List<String> recorded() throws Exception
    {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    void assertOnlyWellFormedNftCalls() throws Exception
    {
        for (final String line : recorded())
        {
            if (line.startsWith("ARGV"))
            {
                assertEquals("ARGV [-f] [-]", line);
            }
            else if (!"END".equals(line))
            {
                assertTrue(SCRIPT_LINE.matcher(line).matches(), "unexpected script line: " + line);
            }
        }
        assertFalse(Files.exists(marker), "a payload ran");
    }

    @Test
    void shouldBlockOnlyValidatedAddressesFromHostileSourceList() throws Exception
    {
        final List<String> sources = new ArrayList<>();
        for (final String hostile : HOSTILE)
        {
            sources.add(hostile.replace("MARKER", marker.toString()));
        }
        sources.add("198.18.200.7");
        engine(List.of());

        engine.onIncidentOpened(new IncidentView("inc-1", "tcp_flood", "syn", 1, 1, sources, null, -1, null));
        engine.awaitIdle();

        assertOnlyWellFormedNftCalls();
        final String text = String.join("\n", recorded());
        assertTrue(text.contains("add element inet ftagent blocked4 { 198.18.200.7 }"), text);
        assertFalse(text.contains("198.18.200.1"), text);
        assertEquals(HOSTILE.size(), engine.counters().invalidInputs());
    }

    @Test
    void shouldNotMatchOrRunAnythingForHostileFamilyAndSubtype() throws Exception
    {
        engine(List.of("tcp_flood"));

        engine.onIncidentOpened(new IncidentView("inc-1", "tcp_flood; touch " + marker, "syn\n-F", 1, 1,
            List.of("198.18.200.7"), "$(touch " + marker + ")", 99_999, "tcp;"));
        engine.onIncidentOpened(new IncidentView("-F", "tcp_flood", "syn", 1, 1, List.of("198.18.200.8"),
            null, -1, null));
        engine.awaitIdle();

        assertOnlyWellFormedNftCalls();
        assertFalse(String.join("\n", recorded()).contains("element"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "iptables|iptables -F",
        "iptables|iptables -I INPUT -s 198.18.200.1 -j DROP; iptables -F",
        "iptables|iptables -I INPUT -s 198.18.200.1 -j DROP -F",
        "iptables|iptables -I INPUT -s 198.18.200.1/0 -j DROP",
        "iptables|iptables -I INPUT -s 198.18.200.1 -j ACCEPT",
        "iptables|iptables -D INPUT -s 198.18.200.1 -j DROP",
        "iptables|iptables  -I INPUT -s 198.18.200.1 -j DROP",
        "nft|nft flush ruleset",
        "nft_drop_sources|flush ruleset",
        "block_sources|198.18.200.1 ; rm -f /etc/passwd",
        "block_sources|198.18.200.1\nflush ruleset",
        "block_sources|-F",
        "block_sources|198.18.200.1 ttl=0",
        "block_sources|198.18.200.1 ttl=-5",
        "block_sources|198.18.200.1 ttl=99999999",
        "block_sources|ttl=60",
        "block_sources|198.18.200.1 ttl=60 198.18.200.2",
        "shell|rm -f /etc/passwd",
        "command|rm -f /tmp/x /etc/passwd",
        "sysctl|sysctl a=b c=d",
        "block_sources|sysctl a=b c=d",
        "exec|/bin/sh -c id" })
    void shouldRefuseServerCommandThatIsNotATypedAction(final String typeAndText) throws Exception
    {
        final int bar = typeAndText.indexOf('|');
        final PendingCommandParser.Result result =
            PendingCommandParser.parse("c-1", typeAndText.substring(0, bar), typeAndText.substring(bar + 1));

        assertFalse(result.accepted());
        assertNull(result.command());
        assertFalse(result.refusal().isEmpty());
        assertFalse(result.refusal().contains("\n"), result.refusal());
    }

    @Test
    void shouldRefuseServerCommandWithHostileIdOrOverlongText()
    {
        assertFalse(PendingCommandParser.parse("1; touch x", "block_sources", "198.18.200.1").accepted());
        assertFalse(PendingCommandParser.parse("-F", "block_sources", "198.18.200.1").accepted());
        assertFalse(PendingCommandParser.parse("c".repeat(65), "block_sources", "198.18.200.1").accepted());
        assertFalse(PendingCommandParser.parse("c-1", "block_sources", "198.18.200.1 ".repeat(2000)).accepted());
        assertFalse(PendingCommandParser.parse("c-1", null, "198.18.200.1").accepted());
    }

    @Test
    void shouldTranslateAcceptedServerCommandsIntoTypedBlocksOnly() throws Exception
    {
        final PendingCommandParser.Result typed =
            PendingCommandParser.parse("c-1", "block_sources", "198.18.200.1 2001:db8::1 ttl=600");
        final PendingCommandParser.Result legacy =
            PendingCommandParser.parse("c-2", "iptables", "iptables -I INPUT -s 198.18.200.2 -j DROP");
        assertTrue(typed.accepted(), typed.refusal());
        assertTrue(legacy.accepted(), legacy.refusal());
        assertEquals(600, typed.command().ttlSeconds());
        assertEquals(List.of(IpAddress.of("198.18.200.2")), legacy.command().sources());

        engine(List.of());
        assertNull(engine.onServerCommand(typed.command()).get());
        assertNull(engine.onServerCommand(legacy.command()).get());

        assertOnlyWellFormedNftCalls();
        final String text = String.join("\n", recorded());
        assertTrue(text.contains("add element inet ftagent blocked4 { 198.18.200.1 timeout 602s }"), text);
        assertTrue(text.contains("add element inet ftagent blocked6 { 2001:db8:0:0:0:0:0:1 timeout 602s }"), text);
        assertTrue(text.contains("add element inet ftagent blocked4 { 198.18.200.2 timeout 3602s }"), text);
        assertEquals(List.of("cmd-c-1", "cmd-c-2"),
            engine.activeBlocks().stream().map(AppliedBlock::incidentId).toList());
    }
}
