package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.testbed.NetnsTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ipset + iptables backend against a real kernel, inside the test bed's rx namespace only.
 */
class IpsetDropSourcesNamespaceTest
{
    static final Pattern DROP_COUNTER = Pattern.compile("(?m)^\\s*(\\d+)\\s+\\d+\\s+DROP.*match-set ftagent4 src");

    NetnsTestBed bed;
    DatagramChannel socket;

    @BeforeEach
    void setUp() throws Exception
    {
        assumeTrue(NetnsTestBed.isSupported(), NetnsTestBed.SKIP_REASON);
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ipset")) && Files.isExecutable(Path.of("/usr/sbin/iptables")),
            "needs ipset and iptables installed");
        bed = NetnsTestBed.create();
        NamespaceNft.allowSpoofedSources(bed);
        socket = NamespaceTraffic.openSocket(bed);
    }

    @AfterEach
    void tearDown() throws Exception
    {
        if (null != socket)
        {
            socket.close();
        }
        if (null != bed)
        {
            bed.close();
        }
    }

    @Test
    void shouldDropBlockedSourcesAndRemoveSetsAndRulesOnRevert() throws Exception
    {
        final List<IpAddress> attackers = List.of(IpAddress.of("198.18.200.1"), IpAddress.of("198.18.200.2"));
        final IpAddress safe = IpAddress.of("198.18.201.1");
        final IpsetDropSources ipset = new IpsetDropSources(NamespaceNft.runner(bed));

        final CommandOutcome blocked = ipset.block(List.of(attackers.get(0), attackers.get(1),
            IpAddress.of("2001:db8::5")), 0);
        assertTrue(blocked.succeeded(), blocked.toString());
        assertTrue(new IpsetDropSources(NamespaceNft.runner(bed)).block(attackers, 0).succeeded(),
            "a second instance finds the rule and does not duplicate it");
        NamespaceTraffic.sendSynFlood(bed, attackers, 200);
        final Map<IpAddress, Integer> during = NamespaceTraffic.sendAndReceive(bed, socket, attackers, safe, 0);

        assertEquals(0, during.getOrDefault(attackers.get(0), 0));
        assertEquals(0, during.getOrDefault(attackers.get(1), 0));
        assertEquals(5, during.getOrDefault(safe, 0));
        final String rules = bed.run(bed.rxNamespace(), "iptables", "-L", "INPUT", "-v", "-n", "-x").check().output();
        final Matcher matcher = DROP_COUNTER.matcher(rules);
        assertTrue(matcher.find(), rules);
        assertTrue(Long.parseLong(matcher.group(1)) >= 200 + 10, rules);
        assertFalse(matcher.find(), "one rule only: " + rules);

        assertTrue(ipset.unblock(attackers).succeeded());
        assertTrue(ipset.unblock(attackers).succeeded(), "idempotent");
        final Map<IpAddress, Integer> after = NamespaceTraffic.sendAndReceive(bed, socket, attackers, safe, 100);
        assertEquals(5, after.getOrDefault(attackers.get(0), 0));

        final CommandOutcome removed = ipset.removeAll();
        assertTrue(removed.succeeded(), removed.toString());
        assertTrue(ipset.removeAll().succeeded(), "idempotent");
        assertFalse(bed.run(bed.rxNamespace(), "iptables-save").check().output().contains("ftagent"));
        assertFalse(bed.run(bed.rxNamespace(), "ip6tables-save").check().output().contains("ftagent"));
        assertEquals("", bed.run(bed.rxNamespace(), "ipset", "list", "-n").check().output().strip());
    }
}
