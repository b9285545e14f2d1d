package com.flowtriq.ftagent.mitigate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncidentActionsTest
{
    @TempDir
    Path dir;

    final List<MitigationEngine> engines = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        engines.forEach(MitigationEngine::halt);
    }

    MitigationEngine engine(final IncidentAction action, final RuleTarget target)
    {
        final RuleSpec rule = new RuleSpec(List.of(), List.of(), 0, 0, action.action(), target, 10, 0);
        final MitigationEngine engine = new MitigationEngine(
            new MitigationPolicy(true, false, 1000, List.of(rule)), new Safelist(List.of()), List.of(),
            List.of(action), new MitigationStateFile(dir.resolve("state")), System::currentTimeMillis);
        engines.add(engine);
        engine.start();
        return engine;
    }

    static IncidentView udpFlood(final String id, final String victim, final String protocol)
    {
        return new IncidentView(id, "udp_flood", "udp_generic", 90_000, 80,
            List.of("198.18.200.1", "198.18.200.2"), victim, 53, protocol);
    }

    Path recordingExecutable(final Path log) throws Exception
    {
        final Path fake = dir.resolve("fake-" + log.getFileName());
        Files.writeString(fake, "#!/bin/sh\n{ for a in \"$@\"; do printf '[%s]' \"$a\"; done; echo; } >> " + log + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        return fake;
    }

    @Test
    void shouldRunCommandTemplateOnOpenAndRevertTemplateOnResolve() throws Exception
    {
        final Path log = dir.resolve("cmd.log");
        final Path fake = recordingExecutable(log);
        final CommandAction action = new CommandAction(new ArgvRunner(List.of(), 10_000),
            CommandTemplate.of(List.of(fake.toString(), "add", "{dst_ip}", "{dst_port}", "{protocol}", "{family}",
                "{incident_id}")),
            CommandTemplate.of(List.of(fake.toString(), "del", "{dst_ip}", "{dst_port}", "{protocol}")));
        final MitigationEngine engine = engine(action, RuleTarget.VICTIM_PORT);

        engine.onIncidentOpened(udpFlood("inc-1", "198.18.0.2", "udp"));
        engine.awaitIdle();
        assertEquals(List.of("[add][198.18.0.2][53][udp][udp_flood][inc-1]"), Files.readAllLines(log));

        engine.onIncidentResolved("inc-1");
        engine.onIncidentResolved("inc-1");
        engine.awaitIdle();
        assertEquals(List.of("[add][198.18.0.2][53][udp][udp_flood][inc-1]", "[del][198.18.0.2][53][udp]"),
            Files.readAllLines(log));
    }

    @Test
    void shouldRefuseHostileVictimValuesWithoutRunningTemplate() throws Exception
    {
        final Path log = dir.resolve("cmd.log");
        final Path fake = recordingExecutable(log);
        final CommandAction action = new CommandAction(new ArgvRunner(List.of(), 10_000),
            CommandTemplate.of(List.of(fake.toString(), "{dst_ip}", "{protocol}")), null);
        final MitigationEngine engine = engine(action, RuleTarget.VICTIM_PORT);

        engine.onIncidentOpened(udpFlood("inc-1", "198.18.0.2; rm -f /etc/passwd", "udp"));
        engine.onIncidentOpened(udpFlood("inc-2", "-F", "udp"));
        engine.onIncidentOpened(udpFlood("inc-3", "198.18.0.2", "udp\nsysctl a=b c=d"));
        engine.awaitIdle();

        assertTrue(Files.notExists(log));
        assertEquals(3, engine.counters().invalidInputs());
    }

    @Test
    void shouldRevertCommandActionOfCrashedRunFromStateFile() throws Exception
    {
        final Path log = dir.resolve("cmd.log");
        final Path fake = recordingExecutable(log);
        final CommandAction action = new CommandAction(new ArgvRunner(List.of(), 10_000),
            CommandTemplate.of(List.of(fake.toString(), "add", "{src_ip}", "{dst_ip}")),
            CommandTemplate.of(List.of(fake.toString(), "del", "{src_ip}", "{dst_ip}")));
        final MitigationEngine crashed = engine(action, RuleTarget.TOP_SOURCES);
        crashed.onIncidentOpened(udpFlood("inc-1", "198.18.0.2", "udp"));
        crashed.awaitIdle();
        crashed.halt();

        engine(action, RuleTarget.TOP_SOURCES);

        assertEquals(List.of(
            "[add][198.18.200.1][198.18.0.2]", "[add][198.18.200.2][198.18.0.2]",
            "[del][198.18.200.1][198.18.0.2]", "[del][198.18.200.2][198.18.0.2]"), Files.readAllLines(log));
        assertTrue(new MitigationStateFile(dir.resolve("state")).read().isEmpty());
    }

    @Test
    void shouldAnnounceAndWithdrawBlackholeThroughExabgpPipe() throws Exception
    {
        final Path fifo = dir.resolve("exabgp.in");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        final List<String> received = new CopyOnWriteArrayList<>();
        final Thread reader = Thread.ofPlatform().daemon().start(() -> readFifo(fifo, received, 2));
        final MitigationEngine engine = engine(
            new ExabgpAnnouncer(ExabgpAnnouncer.BLACKHOLE, fifo, null, 5_000), RuleTarget.VICTIM);

        engine.onIncidentOpened(udpFlood("inc-1", "198.18.0.2", "udp"));
        engine.onIncidentResolved("inc-1");
        engine.awaitIdle();
        reader.join(10_000);

        assertEquals(List.of("announce route 198.18.0.2/32 next-hop self community [65535:666]",
            "withdraw route 198.18.0.2/32 next-hop self"), received);
    }

    @Test
    void shouldBuildFlowspecDiscardPerSource()
    {
        final ExabgpAnnouncer flowspec = new ExabgpAnnouncer(ExabgpAnnouncer.FLOWSPEC, dir.resolve("p"), null, 100);

        final List<String> lines = flowspec.lines("announce", List.of(new TemplateValues(
            IpAddress.of("198.18.200.1"), IpAddress.of("198.18.0.2"), new Port(53), Protocol.UDP, "inc-1", null)));

        assertEquals(List.of("announce flow route { match { source 198.18.200.1/32; destination 198.18.0.2/32; " +
            "destination-port =53; protocol udp; } then { discard; } }"), lines);
    }

    @Test
    void shouldFailWithoutHangingWhenNobodyReadsThePipe() throws Exception
    {
        final Path fifo = dir.resolve("exabgp.in");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        final MitigationEngine engine = engine(
            new ExabgpAnnouncer(ExabgpAnnouncer.BLACKHOLE, fifo, null, 300), RuleTarget.VICTIM);

        engine.onIncidentOpened(udpFlood("inc-1", "198.18.0.2", "udp"));
        engine.awaitIdle();

        assertEquals(1, engine.counters().failures());
    }

    private static void readFifo(final Path fifo, final List<String> received, final int expectedLines)
    {
        try
        {
            while (received.size() < expectedLines)
            {
                try (BufferedReader in = Files.newBufferedReader(fifo, StandardCharsets.US_ASCII))
                {
                    for (String line = in.readLine(); null != line; line = in.readLine())
                    {
                        received.add(line);
                    }
                }
            }
        }
        catch (final Exception ex)
        {
            received.add("reader failed: " + ex);
        }
    }
}
