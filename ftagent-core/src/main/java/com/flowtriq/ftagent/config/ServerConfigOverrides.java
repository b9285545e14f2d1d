package com.flowtriq.ftagent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies the config the Flowtriq API returns ({@code GET /agent/config}) on top of the local config, safely.
 * <p>
 * Known keys are mapped to local keys and validated with the same registry rules, plus the server's stricter
 * minimums ({@code attack_holddown} >= 3, {@code attack_cooldown} >= 10). A bad value is reported in
 * {@link Result#ignored()} and the local value kept; unknown keys (and {@code pending_commands}, which mitigation
 * parses itself) are skipped; malformed JSON leaves the config unchanged. Nothing here throws for server content.
 * Stateless; thread-safe.
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
 *   l7.log_path             l7_logs = [{"path": ...}]
 * </pre>
 */
public final class ServerConfigOverrides
{
    /** The server's minimum for {@code attack_holddown}, in seconds. */
    public static final long MIN_SERVER_HOLDDOWN_SECONDS = 3;

    /** The server's minimum for {@code attack_cooldown}, in seconds. */
    public static final long MIN_SERVER_COOLDOWN_SECONDS = 10;

    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().build();

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
        final ConfigValues.Builder builder = base.values().toBuilder();
        final List<ConfigProblem> ignored = new ArrayList<>();
        try (JsonParser parser = JSON_FACTORY.createParser(json))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                ignored.add(ConfigProblem.of("", "server config is not a JSON object"));
                return new Result(base, List.of(), List.copyOf(ignored));
            }
            readTopLevel(parser, builder, ignored);
        }
        catch (final JsonProcessingException ex)
        {
            final JsonLocation location = ex.getLocation();
            final String message = null == ex.getOriginalMessage() ? "unreadable" : ex.getOriginalMessage().lines()
                .findFirst().orElse("unreadable");
            return new Result(base, List.of(), List.of(new ConfigProblem("", null, "malformed server config: " +
                message, null == location ? 0 : location.getLineNr(), null == location ? 0 : location.getColumnNr())));
        }
        catch (final IOException ex)
        {
            return new Result(base, List.of(), List.of(ConfigProblem.of("", "unreadable server config: " + ex)));
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
            return new Result(base, List.of(), List.copyOf(ignored));
        }
        final List<String> applied = changes(base.values(), merged);
        return new Result(applied.isEmpty() ? base : config, applied, List.copyOf(ignored));
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

    private static List<String> changes(final ConfigValues before, final ConfigValues after)
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
