package com.flowtriq.ftagent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.flowtriq.ftagent.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ftagent status}: asks a running agent's loopback {@code /health} (at the config's {@code metrics_listen})
 * and prints every field it reports (interface, rates, baseline, thresholds, incidents, drops, outbox, mitigations,
 * and per access log its lines, unparseable and too-long lines, current rate and threshold), one {@code key: value}
 * per line with nested keys dotted ({@code l7.logs[0].unparseable: 3}). Runs on the main thread.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
        "Show the state of the agent running on this host.",
        "Read from its loopback /health listener (metrics_listen in the config)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  ftagent status",
        "  ftagent status --config /etc/ftagent/config.json",
        "",
        "Exit codes: 0 running and healthy, 1 not running, unreachable or degraded,",
        "            2 bad config or metrics_listen \"\"."})
final class StatusCommand implements Callable<Integer>
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
        final String listen = loaded.config().state().metricsListen();
        if (listen.isEmpty())
        {
            err.println("status: metrics_listen is \"\" in " + config + ": the agent serves no /health to ask");
            err.flush();
            return ExitCodes.USAGE_OR_CONFIG;
        }

        final URI uri = URI.create("http://" + listen + "/health");
        final HttpResponse<byte[]> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build())
        {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (final ConnectException ex)
        {
            err.println("status: no agent running: nothing listens on " + listen + " (is the service started? " +
                "systemctl status ftagent)");
            err.flush();
            return ExitCodes.RUNTIME_FAILURE;
        }
        catch (final IOException ex)
        {
            err.println("status: cannot read " + uri + ": " + ex);
            err.flush();
            return ExitCodes.RUNTIME_FAILURE;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return ExitCodes.RUNTIME_FAILURE;
        }

        final List<String> lines = new ArrayList<>();
        try
        {
            flatten(response.body(), lines);
        }
        catch (final IOException ex)
        {
            err.println("status: " + uri + " answered HTTP " + response.statusCode() + " with a body that is not " +
                "JSON: " + ex.getMessage());
            err.flush();
            return ExitCodes.RUNTIME_FAILURE;
        }
        out.println("agent at " + listen + ": HTTP " + response.statusCode());
        lines.forEach(out::println);
        out.flush();
        return 200 == response.statusCode() ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
    }

    /**
     * Flattens a JSON document into {@code a.b[0].c: value} lines in document order.
     */
    static void flatten(final byte[] json, final List<String> lines) throws IOException
    {
        try (JsonParser parser = new JsonFactory().createParser(json))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw new IOException("expected a JSON object");
            }
            flattenObject(parser, "", lines);
        }
    }

    private static void flattenObject(final JsonParser parser, final String prefix, final List<String> lines)
        throws IOException
    {
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String key = prefix.isEmpty() ? parser.currentName() : prefix + "." + parser.currentName();
            parser.nextToken();
            flattenValue(parser, key, lines);
        }
    }

    private static void flattenValue(final JsonParser parser, final String key, final List<String> lines)
        throws IOException
    {
        switch (parser.currentToken())
        {
            case START_OBJECT -> flattenObject(parser, key, lines);
            case START_ARRAY ->
            {
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    flattenValue(parser, key + "[" + index++ + "]", lines);
                }
                if (0 == index)
                {
                    lines.add(key + ": (none)");
                }
            }
            case null -> throw new IOException("truncated JSON");
            default -> lines.add(key + ": " + parser.getText());
        }
    }
}
