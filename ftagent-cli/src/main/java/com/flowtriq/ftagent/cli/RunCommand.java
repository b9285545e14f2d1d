package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.agent.AgentRuntime;
import com.flowtriq.ftagent.agent.AgentStatus;
import com.flowtriq.ftagent.agent.L7IncidentReporting;
import com.flowtriq.ftagent.agent.MitigationMetrics;
import com.flowtriq.ftagent.l7.L7IncidentListener;
import com.flowtriq.ftagent.agent.OperatorLog;
import com.flowtriq.ftagent.agent.ServerConfigApplier;
import com.flowtriq.ftagent.capture.CaptureOpenException;
import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ConfigLoader;
import com.flowtriq.ftagent.incident.IncidentListener;
import com.flowtriq.ftagent.pcap.PcapCaptureListener;
import com.flowtriq.ftagent.mitigate.IpAddress;
import com.flowtriq.ftagent.mitigate.MitigationAssembly;
import com.flowtriq.ftagent.mitigate.MitigationEngine;
import com.flowtriq.ftagent.mitigate.PendingCommandParser;
import com.flowtriq.ftagent.mitigate.Printable;
import com.flowtriq.ftagent.report.CaptureMetrics;
import com.flowtriq.ftagent.report.HealthSource;
import com.fasterxml.jackson.core.JsonGenerator;
import com.flowtriq.ftagent.report.IncidentEventBridge;
import com.flowtriq.ftagent.report.PendingCommand;
import com.flowtriq.ftagent.report.ReportSettings;
import com.flowtriq.ftagent.report.Reporting;
import com.flowtriq.ftagent.report.ServerConfig;
import com.flowtriq.ftagent.report.ServerConfigListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ftagent run}: the agent. Validates the whole config before anything starts (exit 2 on any problem),
 * starts capture, counting, detection and the incident consumers, and runs until SIGTERM or SIGINT, then stops
 * in order and exits 0.
 *
 * <p>Signals are taken with {@code sun.misc.Signal} rather than a shutdown hook so that a requested stop is an
 * orderly exit with status 0 (a JVM ended by a hook reports 143, which systemd counts as a failure).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the agent: capture, detect, record, report, mitigate. Stops cleanly on SIGTERM/SIGINT.",
    footer = {"", "Exit codes: 0 stopped on request, 1 runtime failure (e.g. capture cannot open), "
        + "2 config error.", "", "Examples:",
        "  ftagent run                    /etc/ftagent/config.json, or the defaults if it does not exist",
        "  ftagent run --config /etc/ftagent/config.json",
        "  ftagent                        the same as ftagent run"})
public final class RunCommand implements java.util.concurrent.Callable<Integer>
{
    private static final System.Logger LOGGER = System.getLogger(RunCommand.class.getName());

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "PATH", defaultValue = "/etc/ftagent/config.json",
        description = "Config file (default: ${DEFAULT-VALUE}); if it does not exist, the defaults are used.")
    Path config;

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final ConfigLoader.Result loaded = ConfigLoader.loadOrDefaults(config);
        if (!loaded.ok())
        {
            err.println("ftagent run: refusing to start, the config has problems:");
            err.println(loaded.report());
            err.flush();
            return 2;
        }
        final AgentConfig agentConfig = loaded.orThrow();
        final String logProblem = OperatorLog.configure(agentConfig.logging());
        LOGGER.log(System.Logger.Level.INFO, startLine(config, loaded.fromDefaults(), agentConfig));
        if (logProblem != null)
        {
            LOGGER.log(System.Logger.Level.WARNING, logProblem);
        }
        for (final String warning : loaded.warnings())
        {
            LOGGER.log(System.Logger.Level.WARNING, warning);
        }

        final CountDownLatch stop = new CountDownLatch(1);
        final SignalHandler onSignal = signal ->
        {
            LOGGER.log(System.Logger.Level.INFO, "SIG" + signal.getName() + " received: stopping");
            stop.countDown();
        };
        Signal.handle(new Signal("TERM"), onSignal);
        Signal.handle(new Signal("INT"), onSignal);

        final AgentStatus status = new AgentStatus(Version.current());
        final ServerConfigApplier serverConfig = new ServerConfigApplier(agentConfig);
        final AtomicReference<AgentRuntime> running = new AtomicReference<>();
        final AtomicReference<Reporting> reportingRef = new AtomicReference<>();
        final MitigationEngine mitigation;
        try
        {
            mitigation = startMitigation(agentConfig);
        }
        catch (final RuntimeException ex)
        {
            LOGGER.log(System.Logger.Level.ERROR, "cannot start mitigation: " + ex.getMessage());
            return 1;
        }
        final Reporting reporting;
        try
        {
            reporting = new Reporting(
                ReportSettings.from(agentConfig, Version.current(), hostName()),
                status,
                new ServerPush(mitigation, reportingRef, serverConfig),
                List.of(status, new MitigationMetrics(mitigation), new CaptureMetrics(into ->
                {
                    final AgentRuntime agent = running.get();
                    if (agent != null)
                    {
                        into.add(agent.captureStatistics());
                    }
                })),
                List.of(status, mitigationHealth(mitigation)));
            reporting.start();
            reportingRef.set(reporting);
        }
        catch (final IOException | RuntimeException ex)
        {
            if (mitigation != null)
            {
                mitigation.close();
            }
            LOGGER.log(System.Logger.Level.ERROR, "cannot start reporting (state_dir " +
                agentConfig.state().stateDir() + ", metrics_listen " + agentConfig.state().metricsListen() + "): " +
                ex.getMessage());
            return 1;
        }

        final List<IncidentListener> listeners = new ArrayList<>();
        final List<AutoCloseable> closeables = new ArrayList<>();
        final List<L7IncidentListener> l7Listeners = new ArrayList<>();
        if (mitigation != null)
        {
            // First: they put the incident's mitigation section on the event the reporting listeners then copy.
            listeners.add(AgentRuntime.mitigationListener(mitigation));
            l7Listeners.add(AgentRuntime.l7MitigationListener(mitigation));
            // Closed before reporting: its reverts are logged and counted before the outbox flushes.
            closeables.add(mitigation);
        }
        listeners.add(new IncidentEventBridge(reporting.incidentSink()));
        l7Listeners.add(new L7IncidentReporting(reporting.incidentSink()));
        closeables.add(reporting);
        final PcapCaptureListener upload = result ->
        {
            if (reporting.reporter() != null && result.file() != null)
            {
                try
                {
                    reporting.reporter().uploadPcap(result.incidentId(), result.file());
                }
                catch (final IOException ex)
                {
                    LOGGER.log(System.Logger.Level.ERROR, "incident " + result.incidentId() + ": cannot queue the " +
                        "PCAP upload of " + result.file() + ": " + ex.getMessage());
                }
            }
        };
        final AgentRuntime runtime;
        try
        {
            runtime = AgentRuntime.start(agentConfig, status, listeners, closeables, upload, l7Listeners);
            running.set(runtime);
            status.runtime(runtime);
            serverConfig.attach(runtime, reporting.reporter());
        }
        catch (final CaptureOpenException ex)
        {
            LOGGER.log(System.Logger.Level.ERROR, "cannot capture: " + ex.getMessage());
            return 1;
        }
        catch (final IllegalStateException ex)
        {
            LOGGER.log(System.Logger.Level.ERROR, "cannot start: " + ex.getMessage());
            return 1;
        }

        try
        {
            stop.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        runtime.close();
        LOGGER.log(System.Logger.Level.INFO, "ftagent stopped");
        return 0;
    }

    /**
     * The first log line: the version, the config, and what an operator who wrote no config gets (issue #9: a
     * fresh host runs on the defaults and says so).
     */
    static String startLine(final Path config, final boolean fromDefaults, final AgentConfig agentConfig)
    {
        final String mode = agentConfig.api().localMode() ? "local mode (no api_key)" :
            "reporting to " + agentConfig.api().apiBase();
        if (!fromDefaults)
        {
            return "ftagent " + Version.current() + " starting; config " + config + "; " + mode;
        }
        return "ftagent " + Version.current() + " starting; config " + config + " not found: running on the " +
            "defaults: " + mode + ", interface \"" + agentConfig.capture().interfaceName() + "\", journal " +
            (agentConfig.state().journalEnabled() ? "on (" + agentConfig.state().stateDir().resolve("incidents.jsonl") +
                ")" : "off") + ", metrics " +
            (agentConfig.state().metricsEnabled() ? "on (" + agentConfig.state().metricsListen() + ")" : "off");
    }

    private static String hostName()
    {
        try
        {
            return java.net.InetAddress.getLocalHost().getHostName();
        }
        catch (final IOException ex)
        {
            return "localhost";
        }
    }

    private static MitigationEngine startMitigation(final AgentConfig config)
    {
        if (!config.mitigation().enabled())
        {
            LOGGER.log(System.Logger.Level.INFO, "mitigation: off (mitigation.enabled=false)");
            return null;
        }
        final MitigationEngine engine = MitigationAssembly.create(
            config.mitigation(), config.state().stateDir(), apiHostAddresses(config), List.of());
        // Reverts what a crashed run left behind before anything new is applied.
        engine.start();
        LOGGER.log(System.Logger.Level.INFO, "mitigation: on" + (config.mitigation().dryRun() ? " (dry run)" : "") +
            ", " + config.mitigation().rules().size() + " rule(s)");
        return engine;
    }

    /** The API host's addresses, which the safelist must never block; empty in local mode or if unresolvable. */
    private static List<IpAddress> apiHostAddresses(final AgentConfig config)
    {
        final List<IpAddress> addresses = new ArrayList<>();
        if (config.api().localMode())
        {
            return addresses;
        }
        try
        {
            final String host = java.net.URI.create(config.api().apiBase()).getHost();
            for (final java.net.InetAddress address : java.net.InetAddress.getAllByName(host))
            {
                addresses.add(IpAddress.ofBytes(address.getAddress()));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "mitigation: cannot resolve the API host of " +
                config.api().apiBase() + " for the safelist: " + ex.getMessage());
        }
        return addresses;
    }

    private static HealthSource mitigationHealth(final MitigationEngine engine)
    {
        return new HealthSource()
        {
            @Override
            public boolean healthy()
            {
                return true;
            }

            @Override
            public void writeDetails(final JsonGenerator json) throws IOException
            {
                json.writeStringField("mitigation", engine == null ? "off" : "on");
                json.writeNumberField("active_mitigations", engine == null ? 0 : engine.activeBlocks().size());
            }
        };
    }

    /**
     * What the server pushes. Commands are parsed into typed actions and run by mitigation (never as a command
     * line), then acknowledged; server config is put in force by the {@link ServerConfigApplier}.
     */
    private static final class ServerPush implements ServerConfigListener
    {
        private final MitigationEngine mitigation;
        private final AtomicReference<Reporting> reporting;
        private final ServerConfigApplier serverConfig;

        ServerPush(
            final MitigationEngine mitigation,
            final AtomicReference<Reporting> reporting,
            final ServerConfigApplier serverConfig)
        {
            this.mitigation = mitigation;
            this.reporting = reporting;
            this.serverConfig = serverConfig;
        }

        @Override
        public void onServerConfig(final ServerConfig config, final byte[] body)
        {
            serverConfig.apply(body);
        }

        @Override
        public void onPendingCommands(final List<PendingCommand> commands)
        {
            for (final PendingCommand command : commands)
            {
                final PendingCommandParser.Result parsed =
                    PendingCommandParser.parse(command.id(), command.commandType(), command.commandText());
                if (mitigation == null || !parsed.accepted())
                {
                    final String reason = mitigation == null ? "mitigation is not enabled on this node" :
                        parsed.refusal();
                    LOGGER.log(System.Logger.Level.WARNING, "server command " + Printable.quote(command.id()) +
                        " refused: " + reason);
                    ack(command.id(), false, reason);
                    continue;
                }
                mitigation.onServerCommand(parsed.command()).whenComplete((failure, error) ->
                {
                    final String reason = error != null ? error.toString() : failure;
                    ack(command.id(), reason == null, reason);
                });
            }
        }

        private void ack(final String id, final boolean applied, final String error)
        {
            final Reporting current = reporting.get();
            if (current != null && current.reporter() != null)
            {
                current.reporter().ackCommand(id, applied, error);
            }
        }
    }
}
