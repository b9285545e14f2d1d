package com.flowtriq.ftagent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.flowtriq.ftagent.config.AgentConfig;
import com.flowtriq.ftagent.config.ApiConfig;
import com.flowtriq.ftagent.config.ConfigLoader;
import com.flowtriq.ftagent.report.ApiSettings;
import com.flowtriq.ftagent.report.FlowtriqApiClient;
import com.flowtriq.ftagent.report.FlowtriqJson;
import com.flowtriq.ftagent.report.HeartbeatStatus;
import com.flowtriq.ftagent.report.HttpOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ftagent test} (seed: {@code --test}): sends one heartbeat to the configured API and reports whether it was
 * accepted, and if not why (DNS, TLS, refused, timeout, HTTP status). Captures nothing. Runs on the main thread.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = "Test API connectivity: send one heartbeat with the configured api_key and node_uuid, then exit.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ftagent test",
        "  ftagent --test --config /etc/ftagent/config.json",
        "",
        "Exit codes: 0 heartbeat accepted, 1 API unreachable or refused it,",
        "            2 bad config or local mode (no api_key)."})
final class TestCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "PATH", description = "Config file (default: ${DEFAULT-VALUE}).",
        defaultValue = "/etc/ftagent/config.json")
    Path config;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ConfigLoader.Result loaded = ConfigLoader.loadOrDefaults(config);
        if (!loaded.ok())
        {
            err.println(loaded.report());
            err.flush();
            return ExitCodes.USAGE_OR_CONFIG;
        }
        final AgentConfig agentConfig = loaded.config();
        final ApiConfig api = agentConfig.api();
        if (api.localMode())
        {
            err.println("test: " + config + " has no api_key: local mode, there is no API to test " +
                "(set api_key and node_uuid, e.g. with ftagent setup)");
            err.flush();
            return ExitCodes.USAGE_OR_CONFIG;
        }

        final String version = Version.current();
        final ApiSettings settings = ApiSettings.of(URI.create(api.apiBase()), api.apiKey(), api.nodeUuid(), version);
        final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
        final FlowtriqApiClient client = new FlowtriqApiClient(settings, http);
        final FlowtriqJson json = new FlowtriqJson(new JsonFactory());
        final byte[] body = json.heartbeat(new HeartbeatStatus(version, false, 0, 0, false), 0);
        final HttpOutcome outcome = client.post("/agent/heartbeat", FlowtriqApiClient.JSON, body, Map.of());
        final String rtt =
            String.format(Locale.ROOT, "%.0f ms", outcome.rttNanos() / (double)TimeUnit.MILLISECONDS.toNanos(1));
        if (outcome.isSuccess())
        {
            out.println("API OK: " + api.apiBase() + " accepted a heartbeat from node " + api.nodeUuid() +
                " (HTTP " + outcome.statusCode() + ", " + rtt + ")");
            out.flush();
            return ExitCodes.OK;
        }
        err.println("API FAILED: heartbeat to " + api.apiBase() + ": " + outcome.diagnosis() +
            (401 == outcome.statusCode() || 403 == outcome.statusCode() ? " (check api_key and node_uuid)" : ""));
        err.flush();
        return ExitCodes.RUNTIME_FAILURE;
    }
}
