package com.flowtriq.ftagent.cli;

import com.flowtriq.ftagent.agent.AgentRuntime;
import com.flowtriq.ftagent.agent.OperatorLog;
import com.flowtriq.ftagent.capture.CaptureOpenException;
import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ConfigLoader;
import com.flowtriq.ftagent.incident.IncidentListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

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
        + "2 config error.", "", "Example: ftagent run --config /etc/ftagent/config.json"})
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
        LOGGER.log(System.Logger.Level.INFO, "ftagent " + Version.current() + " starting; config " +
            (loaded.fromDefaults() ? config + " not found: running on the defaults (local mode)" : config) +
            (agentConfig.api().localMode() ? "; local mode (no api_key)" : "; reporting to " +
                agentConfig.api().apiBase()));
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

        final List<IncidentListener> listeners = new ArrayList<>();
        final List<AutoCloseable> closeables = new ArrayList<>();
        final AgentRuntime runtime;
        try
        {
            runtime = AgentRuntime.start(agentConfig, listeners, closeables);
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
}
