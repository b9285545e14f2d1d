package com.flowtriq.ftagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.MitigationEntry;
import com.flowtriq.ftagent.mitigate.ArgvRunner;
import com.flowtriq.ftagent.mitigate.CommandAction;
import com.flowtriq.ftagent.mitigate.CommandTemplate;
import com.flowtriq.ftagent.mitigate.MitigationEngine;
import com.flowtriq.ftagent.mitigate.MitigationPolicy;
import com.flowtriq.ftagent.mitigate.MitigationStateFile;
import com.flowtriq.ftagent.mitigate.RuleSpec;
import com.flowtriq.ftagent.mitigate.RuleTarget;
import com.flowtriq.ftagent.mitigate.Safelist;
import com.flowtriq.ftagent.report.IncidentEventBridge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code run} wiring of issue #8: mitigation's dispatch, listed before the reporting bridge, puts what the
 * engine did on the incident's next events, so the journal, API and notifiers all see it.
 */
class MitigationSectionDispatchTest
{
    @TempDir
    Path stateDir;

    private MitigationEngine engine;

    @AfterEach
    void close()
    {
        if (engine != null)
        {
            engine.close();
        }
    }

    private static IncidentEvent event(final IncidentEvent event, final IncidentEvent.Type type)
    {
        event.clearLists();
        event.incidentId("l3l4-20261124T130501Z-1").type(type).family("udp_flood").subtype("dns_amplification")
            .startedAtMillis(1_790_000_000_000L).tsMillis(1_790_000_001_000L)
            .endedAtMillis(type == IncidentEvent.Type.RESOLVE ? 1_790_000_009_000L : IncidentEvent.NOT_ENDED)
            .confidence(90);
        event.topDestinations().add((1L << 32) | (198L << 24) | (18 << 16) | 2, 1000, 100_000);
        event.topDstPorts().add((17L << 16) | 53, 1000, 100_000);
        return event;
    }

    /**
     * Starts {@link #engine} with one command rule on the victim port of UDP floods and returns the {@code run}
     * wiring: mitigation's listener first, then the reporting bridge collecting into {@code reported}.
     */
    private IncidentDispatch dispatchThrough(
        final CommandAction action, final List<com.flowtriq.ftagent.report.IncidentEvent> reported)
    {
        engine = new MitigationEngine(
            new MitigationPolicy(true, false, 100, List.of(new RuleSpec(List.of("udp_flood"), List.of(), 0, 0,
                CommandAction.ACTION, RuleTarget.VICTIM_PORT, 10, 0))),
            new Safelist(List.of()), List.of(), List.of(action), new MitigationStateFile(stateDir),
            System::currentTimeMillis);
        engine.start();
        return new IncidentDispatch(null, false,
            List.of(AgentRuntime.mitigationListener(engine), new IncidentEventBridge(reported::add)));
    }

    @Test
    void shouldCarryTheFailedCommandOnTheUpdateAndResolveAfterTheOpen()
    {
        final CommandAction failing = new CommandAction(new ArgvRunner(List.of(), 10_000),
            CommandTemplate.of(List.of("/bin/sh", "-c", "echo 'no route to firewall' >&2; exit 2")), null);
        final List<com.flowtriq.ftagent.report.IncidentEvent> reported = new ArrayList<>();
        final IncidentDispatch dispatch = dispatchThrough(failing, reported);
        final IncidentEvent event = new IncidentEvent();

        dispatch.onIncidentEvent(event(event, IncidentEvent.Type.OPEN));
        engine.awaitIdle();
        dispatch.onIncidentEvent(event(event, IncidentEvent.Type.UPDATE));
        dispatch.onIncidentEvent(event(event, IncidentEvent.Type.RESOLVE));

        assertTrue(reported.get(0).mitigation().isEmpty(), "the open queued the work; nothing is known yet");
        for (final com.flowtriq.ftagent.report.IncidentEvent later : reported.subList(1, 3))
        {
            assertEquals(1, later.mitigation().size(), later.toString());
            final MitigationEntry entry = later.mitigation().get(0);
            assertEquals("command", entry.action());
            assertEquals(MitigationEntry.State.FAILED, entry.state());
            assertEquals("exit 2: no route to firewall", entry.detail());
            assertEquals(List.of("198.18.0.2:53/udp"), entry.targets());
            assertTrue(new String(later.schemaJson(), java.nio.charset.StandardCharsets.UTF_8)
                .contains("\"mitigation\":{\"actions\":[{\"action\":\"command\",\"state\":\"failed\""));
        }
    }

    @Test
    void shouldShowTheQueuedRevertAsRevertingOnTheResolveEvent()
    {
        final CommandAction block = new CommandAction(new ArgvRunner(List.of(), 10_000),
            CommandTemplate.of(List.of("/bin/true")), CommandTemplate.of(List.of("/bin/true")));
        final List<com.flowtriq.ftagent.report.IncidentEvent> reported = new ArrayList<>();
        final IncidentDispatch dispatch = dispatchThrough(block, reported);
        final IncidentEvent event = new IncidentEvent();

        dispatch.onIncidentEvent(event(event, IncidentEvent.Type.OPEN));
        engine.awaitIdle();
        dispatch.onIncidentEvent(event(event, IncidentEvent.Type.UPDATE));
        dispatch.onIncidentEvent(event(event, IncidentEvent.Type.RESOLVE));
        engine.awaitIdle();

        assertEquals(MitigationEntry.State.APPLIED, reported.get(1).mitigation().get(0).state());
        final com.flowtriq.ftagent.report.IncidentEvent resolve = reported.get(2);
        assertEquals(1, resolve.mitigation().size(), resolve.toString());
        assertEquals(MitigationEntry.State.REVERTING, resolve.mitigation().get(0).state());
        assertEquals(List.of("198.18.0.2:53/udp"), resolve.mitigation().get(0).targets());
        assertTrue(new String(resolve.schemaJson(), java.nio.charset.StandardCharsets.UTF_8)
            .contains("\"mitigation\":{\"actions\":[{\"action\":\"command\",\"state\":\"reverting\""));
        assertEquals(1, engine.counters().reverted(), "the revert itself ran after the event");
    }
}
