package com.flowtriq.ftagent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies the config the Flowtriq API returns ({@code GET /agent/config}) on top of the local config, safely.
 * <p>
 * Known keys are mapped to local keys and validated with the same registry rules, plus the server's stricter
 * minimums ({@code attack_holddown} >= 3, {@code attack_cooldown} >= 10). A bad value is reported in
 * {@link Result#ignored()} and the value in force kept; unknown keys (and {@code pending_commands}, which
 * mitigation parses itself) are skipped; malformed JSON leaves the config unchanged. Nothing here throws for
 * server content. Stateless; thread-safe.
 * <p>
 * Layering ({@link #apply(AgentConfig, AgentConfig, byte[])}): each reply is laid over the <em>file's</em> config,
 * so a key the server stops sending (or sends as null) falls back to the file's value; a key whose value is
 * refused keeps the value in force before this reply.
 * <pre>
 *   server key              local key
 *   pps_threshold           pps_threshold
 *   dynamic_threshold       dynamic_threshold
 *   attack_holddown         attack_holddown_seconds   (>= 3)
 *   attack_cooldown         attack_cooldown_seconds   (>= 10)
 *   pcap_enabled            pcap_enabled
 *   l7.enabled              l7_enabled
 *   l7.sensitivity          l7_sensitivity
 *   l7.rps_threshold        l7_min_rps
 *   l7.error_rate_threshold l7_error_rate_threshold
 *   l7.log_path             l7_logs = [{"path": ...}]
 * </pre>
 * ftagent also takes these keys under their local names (not in the protocol document; a server that does not
 * send them changes nothing): {@code threshold_multiplier}, {@code bps_threshold}, {@code min_pps_threshold},
 * {@code min_bps_threshold}, {@code attack_confirm_seconds}, {@code heartbeat_interval}, {@code metrics_interval},
 * {@code config_poll_interval}.
 */
public final class ServerConfigOverrides
{
    /** The server's minimum for {@code attack_holddown}, in seconds. */
    public static final long MIN_SERVER_HOLDDOWN_SECONDS = 3;

    /** The server's minimum for {@code attack_cooldown}, in seconds. */
    public static final long MIN_SERVER_COOLDOWN_SECONDS = 10;

    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().build();

    /** {@link ConfigProblem#path()} of a refused server value to the local key it would have set. */
    private static final Map<String, ConfigKey> LOCAL_KEYS = Map.ofEntries(
        Map.entry("server.pps_threshold", ConfigKeys.PPS_THRESHOLD),
        Map.entry("server.dynamic_threshold", ConfigKeys.DYNAMIC_THRESHOLD),
        Map.entry("server.attack_holddown", ConfigKeys.ATTACK_HOLDDOWN_SECONDS),
        Map.entry("server.attack_cooldown", ConfigKeys.ATTACK_COOLDOWN_SECONDS),
        Map.entry("server.pcap_enabled", ConfigKeys.PCAP_ENABLED),
        Map.entry("server.threshold_multiplier", ConfigKeys.THRESHOLD_MULTIPLIER),
        Map.entry("server.bps_threshold", ConfigKeys.BPS_THRESHOLD),
        Map.entry("server.min_pps_threshold", ConfigKeys.MIN_PPS_THRESHOLD),
        Map.entry("server.min_bps_threshold", ConfigKeys.MIN_BPS_THRESHOLD),
        Map.entry("server.attack_confirm_seconds", ConfigKeys.ATTACK_CONFIRM_SECONDS),
        Map.entry("server.heartbeat_interval", ConfigKeys.HEARTBEAT_INTERVAL),
        Map.entry("server.metrics_interval", ConfigKeys.METRICS_INTERVAL),
        Map.entry("server.config_poll_interval", ConfigKeys.CONFIG_POLL_INTERVAL),
        Map.entry("server.l7.enabled", ConfigKeys.L7_ENABLED),
        Map.entry("server.l7.rps_threshold", ConfigKeys.L7_MIN_RPS),
        Map.entry("server.l7.sensitivity", ConfigKeys.L7_SENSITIVITY),
        Map.entry("server.l7.error_rate_threshold", ConfigKeys.L7_ERROR_RATE_THRESHOLD),
        Map.entry("server.l7.log_path", ConfigKeys.L7_LOGS));

    private ServerConfigOverrides()
    {
    }

    /**
     * @param config  the config with the server's values applied (the base itself if nothing changed).
     * @param applied one line per changed key: {@code local_key: old -> new}.
     * @param ignored every server value that was refused, with the reason; the local value was kept.
     */
    public record Result(AgentConfig config, List<String> applied, List<ConfigProblem> ignored)
    {
    }

    /**
     * @param base the current config.
     * @param json the body of the server's config response.
     * @return the new config and what was applied and ignored.
     */
    public static Result apply(final AgentConfig base, final byte[] json)
    {
        return apply(base, base, json);
    }

    /**
     * @param base    the file's config: the layer the reply is laid over.
     * @param current the config in force (the file's, or the file's with the previous reply): refused values keep
     *                their value from here, and {@link Result#applied()} lists the changes against it.
     * @param json    the body of the server's config response.
     * @return the new config ({@code current} itself if nothing changed) and what was applied and ignored.
     */
    public static Result apply(final AgentConfig base, final AgentConfig current, final byte[] json)
    {
        final ConfigValues.Builder builder = base.values().toBuilder();
        final List<ConfigProblem> ignored = new ArrayList<>();
        try (JsonParser parser = JSON_FACTORY.createParser(json))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                ignored.add(ConfigProblem.of("", "server config is not a JSON object"));
                return new Result(current, List.of(), List.copyOf(ignored));
            }
            readTopLevel(parser, builder, ignored);
            keepRefusedValues(builder, current.values(), ignored);
        }
        catch (final JsonProcessingException ex)
        {
            final JsonLocation location = ex.getLocation();
            final String message = null == ex.getOriginalMessage() ? "unreadable" : ex.getOriginalMessage().lines()
                .findFirst().orElse("unreadable");
            return new Result(current, List.of(), List.of(new ConfigProblem("", null, "malformed server config: " +
                message, null == location ? 0 : location.getLineNr(), null == location ? 0 : location.getColumnNr())));
        }
        catch (final IOException ex)
        {
            return new Result(current, List.of(), List.of(ConfigProblem.of("", "unreadable server config: " + ex)));
        }

        final ConfigValues merged = builder.build();
        final AgentConfig config;
        try
        {
            config = AgentConfig.of(merged);
        }
        catch (final ConfigValidationException ex)
        {
            ignored.addAll(ex.problems());
            return new Result(current, List.of(), List.copyOf(ignored));
        }
        final List<String> applied = changes(current.values(), merged);
        return new Result(applied.isEmpty() ? current : config, applied, List.copyOf(ignored));
    }

    /** A refused server value must not hand the key back to the file: the value in force stays. */
    private static void keepRefusedValues(
        final ConfigValues.Builder builder, final ConfigValues current, final List<ConfigProblem> ignored)
    {
        for (final ConfigProblem problem : ignored)
        {
            final ConfigKey key = LOCAL_KEYS.get(problem.path());
            if (key != null)
            {
                final Object value = current.value(key);
                if (value == null)
                {
                    builder.unset(key);
                }
                else
                {
                    builder.set(key, value);
                }
            }
        }
    }

    private static void readTopLevel(
        final JsonParser parser, final ConfigValues.Builder builder, final List<ConfigProblem> ignored)
        throws IOException
    {
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken token = parser.nextToken();
            switch (name)
            {
                case "pps_threshold" -> integer(parser, token, name, ConfigKeys.PPS_THRESHOLD, 0, builder, ignored);
                case "dynamic_threshold" -> bool(parser, token, name, ConfigKeys.DYNAMIC_THRESHOLD, builder, ignored);
                case "attack_holddown" -> integer(parser, token, name, ConfigKeys.ATTACK_HOLDDOWN_SECONDS,
                    MIN_SERVER_HOLDDOWN_SECONDS, builder, ignored);
                case "attack_cooldown" -> integer(parser, token, name, ConfigKeys.ATTACK_COOLDOWN_SECONDS,
                    MIN_SERVER_COOLDOWN_SECONDS, builder, ignored);
                case "pcap_enabled" -> bool(parser, token, name, ConfigKeys.PCAP_ENABLED, builder, ignored);
                case "threshold_multiplier" -> number(parser, token, name, ConfigKeys.THRESHOLD_MULTIPLIER, builder,
                    ignored);
                case "bps_threshold" -> integer(parser, token, name, ConfigKeys.BPS_THRESHOLD, 0, builder, ignored);
                case "min_pps_threshold" -> integer(parser, token, name, ConfigKeys.MIN_PPS_THRESHOLD, 0, builder,
                    ignored);
                case "min_bps_threshold" -> integer(parser, token, name, ConfigKeys.MIN_BPS_THRESHOLD, 0, builder,
                    ignored);
                case "attack_confirm_seconds" -> integer(parser, token, name, ConfigKeys.ATTACK_CONFIRM_SECONDS, 0,
                    builder, ignored);
                case "heartbeat_interval" -> integer(parser, token, name, ConfigKeys.HEARTBEAT_INTERVAL, 0, builder,
                    ignored);
                case "metrics_interval" -> integer(parser, token, name, ConfigKeys.METRICS_INTERVAL, 0, builder,
                    ignored);
                case "config_poll_interval" -> integer(parser, token, name, ConfigKeys.CONFIG_POLL_INTERVAL, 0,
                    builder, ignored);
                case "l7" ->
                {
                    if (token == JsonToken.START_OBJECT)
                    {
                        readL7(parser, builder, ignored);
                    }
                    else
                    {
                        refuse(parser, token, name, "an object", ignored);
                    }
                }
                default -> parser.skipChildren(); // unknown keys and pending_commands are not ours to apply
            }
        }
    }

    private static void readL7(
        final JsonParser parser, final ConfigValues.Builder builder, final List<ConfigProblem> ignored)
        throws IOException
    {
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = "l7." + parser.currentName();
            final JsonToken token = parser.nextToken();
            switch (name)
            {
                case "l7.enabled" -> bool(parser, token, name, ConfigKeys.L7_ENABLED, builder, ignored);
                case "l7.rps_threshold" -> integer(parser, token, name, ConfigKeys.L7_MIN_RPS,
                    ConfigKeys.L7_MIN_RPS.minLong(), builder, ignored);
                case "l7.sensitivity" -> string(parser, token, name, ConfigKeys.L7_SENSITIVITY, builder, ignored);
                case "l7.error_rate_threshold" ->
                    number(parser, token, name, ConfigKeys.L7_ERROR_RATE_THRESHOLD, builder, ignored);
                case "l7.log_path" ->
                {
                    if (token == JsonToken.VALUE_NULL)
                    {
                        continue;
                    }
                    final String path = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    if (null != path && ConfigKeys.L7_LOG_PATH.accepts(path))
                    {
                        builder.set(ConfigKeys.L7_LOGS,
                            List.of(ConfigValues.builder().set(ConfigKeys.L7_LOG_PATH, path).build()));
                    }
                    else
                    {
                        refuse(parser, token, name, ConfigKeys.L7_LOG_PATH.expected(), ignored);
                    }
                }
                default -> parser.skipChildren();
            }
        }
    }

    private static void integer(
        final JsonParser parser,
        final JsonToken token,
        final String name,
        final ConfigKey key,
        final long serverMin,
        final ConfigValues.Builder builder,
        final List<ConfigProblem> ignored) throws IOException
    {
        if (token == JsonToken.VALUE_NULL)
        {
            return;
        }
        final long min = Math.max(serverMin, key.minLong());
        final String expected = key.maxLong() == Long.MAX_VALUE ?
            "an integer >= " + min : "an integer from " + min + " to " + key.maxLong();
        Long value = null;
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER)
        {
            value = parser.getLongValue();
        }
        else if (token == JsonToken.VALUE_NUMBER_FLOAT)
        {
            // Some servers send 5000.0 for 5000: accept whole numbers only.
            final double d = parser.getDoubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15)
            {
                value = (long)d;
            }
        }
        if (null != value && value >= min && key.accepts(value))
        {
            builder.set(key, value);
        }
        else
        {
            refuse(parser, token, name, expected, ignored);
        }
    }

    private static void number(
        final JsonParser parser,
        final JsonToken token,
        final String name,
        final ConfigKey key,
        final ConfigValues.Builder builder,
        final List<ConfigProblem> ignored) throws IOException
    {
        if (token == JsonToken.VALUE_NULL)
        {
            return;
        }
        final Double value = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT ?
            parser.getDoubleValue() : null;
        if (null != value && key.accepts(value))
        {
            builder.set(key, value);
        }
        else
        {
            refuse(parser, token, name, key.expected(), ignored);
        }
    }

    private static void bool(
        final JsonParser parser,
        final JsonToken token,
        final String name,
        final ConfigKey key,
        final ConfigValues.Builder builder,
        final List<ConfigProblem> ignored) throws IOException
    {
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE)
        {
            builder.set(key, token == JsonToken.VALUE_TRUE);
        }
        else if (token != JsonToken.VALUE_NULL)
        {
            refuse(parser, token, name, key.expected(), ignored);
        }
    }

    private static void string(
        final JsonParser parser,
        final JsonToken token,
        final String name,
        final ConfigKey key,
        final ConfigValues.Builder builder,
        final List<ConfigProblem> ignored) throws IOException
    {
        if (token == JsonToken.VALUE_NULL)
        {
            return;
        }
        final Object value = token == JsonToken.VALUE_STRING ? key.canonical(parser.getText()) : null;
        if (null != value && key.accepts(value))
        {
            builder.set(key, value);
        }
        else
        {
            refuse(parser, token, name, key.expected(), ignored);
        }
    }

    private static void refuse(
        final JsonParser parser,
        final JsonToken token,
        final String name,
        final String expected,
        final List<ConfigProblem> ignored) throws IOException
    {
        final JsonLocation location = parser.currentTokenLocation();
        final String found = switch (token)
        {
            case START_OBJECT -> "{...}";
            case START_ARRAY -> "[...]";
            case VALUE_STRING -> ConfigValueText.json(parser.getText());
            default -> parser.getText();
        };
        parser.skipChildren();
        ignored.add(new ConfigProblem(
            "server." + name, found, expected, location.getLineNr(), location.getColumnNr()));
    }

    /**
     * @param before values in force.
     * @param after  values to put in force.
     * @return one line per key that differs, {@code key: old -> new}, in registry order.
     */
    public static List<String> changes(final ConfigValues before, final ConfigValues after)
    {
        final List<String> changes = new ArrayList<>();
        for (final ConfigKey key : ConfigKeys.all())
        {
            if (key.type() == ConfigType.SECTION)
            {
                continue;
            }
            if (!Objects.equals(before.value(key), after.value(key)))
            {
                changes.add(key.path() + ": " + ConfigDump.text(before, key) + " -> " + ConfigDump.text(after, key));
            }
        }
        return changes;
    }
}
