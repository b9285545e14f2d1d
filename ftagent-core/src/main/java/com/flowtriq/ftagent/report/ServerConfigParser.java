package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a {@code GET /agent/config} reply into a {@link ServerConfig}, safely: known keys are type- and
 * range-checked, unknown keys are skipped, a bad value is recorded in {@link ServerConfig#rejected()} and
 * ignored, and malformed JSON yields an empty config with the reason. Never throws on server input.
 * Stateless and thread-safe.
 */
public final class ServerConfigParser
{
    public static final int HOLDDOWN_MIN = 3;
    public static final int HOLDDOWN_MAX = 3600;
    public static final int COOLDOWN_MIN = 10;
    public static final int COOLDOWN_MAX = 86_400;
    public static final double PPS_THRESHOLD_MAX = 1e10;
    public static final double RPS_THRESHOLD_MAX = 1e8;
    public static final int MAX_PENDING_COMMANDS = 64;
    public static final int MAX_TEXT_LENGTH = 4096;
    private static final Set<String> SENSITIVITIES = Set.of("low", "medium", "high");

    private final JsonFactory factory;

    public ServerConfigParser(final JsonFactory factory)
    {
        this.factory = factory;
    }

    /**
     * @param body the reply body.
     * @return the validated config; never null.
     */
    public ServerConfig parse(final byte[] body)
    {
        final List<String> rejected = new ArrayList<>();
        Double ppsThreshold = null;
        Boolean dynamic = null;
        Integer holddown = null;
        Integer cooldown = null;
        Boolean pcap = null;
        ServerConfig.L7 l7 = null;
        List<PendingCommand> commands = List.of();
        try (JsonParser parser = factory.createParser(body))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                rejected.add("config: not a JSON object");
                return new ServerConfig(null, null, null, null, null, null, null, rejected);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                switch (name)
                {
                    case "pps_threshold" -> ppsThreshold = number(parser, value, name, 1, PPS_THRESHOLD_MAX, rejected);
                    case "dynamic_threshold" -> dynamic = bool(parser, value, name, rejected);
                    case "attack_holddown" -> holddown = integer(parser, value, name, HOLDDOWN_MIN, HOLDDOWN_MAX,
                        rejected);
                    case "attack_cooldown" -> cooldown = integer(parser, value, name, COOLDOWN_MIN, COOLDOWN_MAX,
                        rejected);
                    case "pcap_enabled" -> pcap = bool(parser, value, name, rejected);
                    case "pending_commands" -> commands = commands(parser, value, rejected);
                    case "l7" -> l7 = l7(parser, value, rejected);
                    default -> parser.skipChildren();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            rejected.add("config: malformed JSON: " + ex.getMessage());
            return new ServerConfig(null, null, null, null, null, null, null, rejected);
        }
        return new ServerConfig(ppsThreshold, dynamic, holddown, cooldown, pcap, l7, commands, rejected);
    }

    private static Double number(
        final JsonParser parser, final JsonToken token, final String name, final double min, final double max,
        final List<String> rejected) throws IOException
    {
        if (token == JsonToken.VALUE_NULL)
        {
            return null;
        }
        if (!token.isNumeric())
        {
            rejected.add(name + "=" + text(parser, token) + ": not a number");
            return null;
        }
        final double value = parser.getDoubleValue();
        if (!(value >= min && value <= max))
        {
            rejected.add(name + "=" + value + ": outside [" + min + ", " + max + "]");
            return null;
        }
        return value;
    }

    private static Integer integer(
        final JsonParser parser, final JsonToken token, final String name, final int min, final int max,
        final List<String> rejected) throws IOException
    {
        if (token == JsonToken.VALUE_NULL)
        {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT && !(token == JsonToken.VALUE_NUMBER_FLOAT &&
            parser.getDoubleValue() == Math.rint(parser.getDoubleValue())))
        {
            rejected.add(name + "=" + text(parser, token) + ": not an integer");
            return null;
        }
        final double value = parser.getDoubleValue();
        if (value < min || value > max)
        {
            rejected.add(name + "=" + parser.getText() + ": outside [" + min + ", " + max + "]");
            return null;
        }
        return (int)value;
    }

    private static Boolean bool(
        final JsonParser parser, final JsonToken token, final String name, final List<String> rejected)
        throws IOException
    {
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE)
        {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token != JsonToken.VALUE_NULL)
        {
            rejected.add(name + "=" + text(parser, token) + ": not a boolean");
        }
        return null;
    }

    private static String string(
        final JsonParser parser, final JsonToken token, final String name, final List<String> rejected)
        throws IOException
    {
        if (token == JsonToken.VALUE_STRING && parser.getText().length() <= MAX_TEXT_LENGTH)
        {
            return parser.getText();
        }
        if (token != JsonToken.VALUE_NULL)
        {
            rejected.add(name + "=" + text(parser, token) + ": not a string of at most " + MAX_TEXT_LENGTH);
        }
        return null;
    }

    private static ServerConfig.L7 l7(final JsonParser parser, final JsonToken token, final List<String> rejected)
        throws IOException
    {
        if (token != JsonToken.START_OBJECT)
        {
            if (token != JsonToken.VALUE_NULL)
            {
                rejected.add("l7=" + text(parser, token) + ": not an object");
            }
            return null;
        }
        Boolean enabled = null;
        String logPath = null;
        Double rps = null;
        Double errorRate = null;
        String sensitivity = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken value = parser.nextToken();
            switch (name)
            {
                case "enabled" -> enabled = bool(parser, value, "l7.enabled", rejected);
                case "log_path" ->
                {
                    logPath = string(parser, value, "l7.log_path", rejected);
                    if (logPath != null && !logPath.startsWith("/"))
                    {
                        rejected.add("l7.log_path=" + logPath + ": not an absolute path");
                        logPath = null;
                    }
                }
                case "rps_threshold" -> rps = number(parser, value, "l7.rps_threshold", 1, RPS_THRESHOLD_MAX,
                    rejected);
                case "error_rate_threshold" -> errorRate = number(parser, value, "l7.error_rate_threshold", 0, 1,
                    rejected);
                case "sensitivity" ->
                {
                    sensitivity = string(parser, value, "l7.sensitivity", rejected);
                    if (sensitivity != null && !SENSITIVITIES.contains(sensitivity))
                    {
                        rejected.add("l7.sensitivity=" + sensitivity + ": not one of " + SENSITIVITIES);
                        sensitivity = null;
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new ServerConfig.L7(enabled, logPath, rps, errorRate, sensitivity);
    }

    private static List<PendingCommand> commands(
        final JsonParser parser, final JsonToken token, final List<String> rejected) throws IOException
    {
        if (token != JsonToken.START_ARRAY)
        {
            if (token != JsonToken.VALUE_NULL)
            {
                rejected.add("pending_commands=" + text(parser, token) + ": not an array");
                parser.skipChildren();
            }
            return List.of();
        }
        final List<PendingCommand> commands = new ArrayList<>();
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY)
        {
            if (element != JsonToken.START_OBJECT)
            {
                rejected.add("pending_commands[]=" + text(parser, element) + ": not an object");
                parser.skipChildren();
                continue;
            }
            String id = null;
            String type = "";
            String text = "";
            String title = "";
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                switch (name)
                {
                    case "id" ->
                    {
                        // Ids come as numbers or strings; both are kept as text for the ack.
                        if (value.isScalarValue() && value != JsonToken.VALUE_NULL)
                        {
                            id = parser.getText();
                        }
                        else
                        {
                            parser.skipChildren();
                        }
                    }
                    case "command_type" -> type = orEmpty(string(parser, value, "command_type", rejected));
                    case "command_text" -> text = orEmpty(string(parser, value, "command_text", rejected));
                    case "title" -> title = orEmpty(string(parser, value, "title", rejected));
                    default -> parser.skipChildren();
                }
            }
            if (id == null || id.isEmpty())
            {
                rejected.add("pending_commands[]: command without id ignored");
            }
            else if (commands.size() >= MAX_PENDING_COMMANDS)
            {
                rejected.add("pending_commands: more than " + MAX_PENDING_COMMANDS + ", rest ignored");
            }
            else
            {
                commands.add(new PendingCommand(id, type, text, title));
            }
        }
        return commands;
    }

    private static String orEmpty(final String value)
    {
        return value == null ? "" : value;
    }

    private static String text(final JsonParser parser, final JsonToken token) throws IOException
    {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
        {
            parser.skipChildren();
            return token == JsonToken.START_OBJECT ? "{...}" : "[...]";
        }
        final String text = parser.getText();
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
