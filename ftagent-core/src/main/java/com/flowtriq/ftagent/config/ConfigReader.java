package com.flowtriq.ftagent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a config document with jackson-core's streaming {@link JsonParser} and validates every value against the
 * {@link ConfigKeys} registry as it goes.
 * <p>
 * It never stops at the first problem: wrong types, out-of-range values, bad enums or formats, unknown keys (with a
 * suggestion), duplicate and missing keys are all collected, each with its full key path and its line and column.
 * Malformed JSON ends the read with one problem giving the line and column. Cross-key rules are checked by
 * {@link ConfigConsistency} afterwards. Stateless; thread-safe.
 */
public final class ConfigReader
{
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().build();
    private static final int MAX_KNOWN_KEYS_LISTED = 12;

    private ConfigReader()
    {
    }

    /**
     * The outcome of a read: the values found and every problem.
     *
     * @param values   the valid values that were read (meaningless as a config when there are problems).
     * @param problems every problem, in file order, then cross-key problems.
     */
    public record Result(ConfigValues values, List<ConfigProblem> problems)
    {
        public boolean ok()
        {
            return problems.isEmpty();
        }
    }

    /**
     * @param json the document, UTF-8 (or UTF-16/32 with BOM, as jackson detects).
     * @return values and problems; never throws for bad content.
     */
    public static Result read(final byte[] json)
    {
        final List<ConfigProblem> problems = new ArrayList<>();
        final ConfigValues.Builder builder = ConfigValues.builder();
        try (JsonParser parser = JSON_FACTORY.createParser(json))
        {
            final JsonToken first = parser.nextToken();
            if (null == first)
            {
                problems.add(ConfigProblem.of("", "the file is empty: expected a JSON object such as {}"));
            }
            else if (first != JsonToken.START_OBJECT)
            {
                problems.add(at(parser.currentTokenLocation(), "",
                    "expected a JSON object { ... } at the top level, found " + parser.getText()));
            }
            else
            {
                readObject(parser, "", "", builder, problems);
                if (null != parser.nextToken())
                {
                    problems.add(at(parser.currentTokenLocation(), "",
                        "unexpected content after the closing } of the config object"));
                }
            }
        }
        catch (final JsonProcessingException ex)
        {
            final JsonLocation location = ex.getLocation();
            problems.add(new ConfigProblem(
                "", null, "malformed JSON: " + firstLine(ex.getOriginalMessage()),
                null == location ? 0 : location.getLineNr(), null == location ? 0 : location.getColumnNr()));
        }
        catch (final IOException ex)
        {
            problems.add(ConfigProblem.of("", "cannot read the config: " + ex.getMessage()));
        }

        final ConfigValues values = builder.build();
        final Set<String> pathsWithProblems = new HashSet<>();
        for (final ConfigProblem problem : problems)
        {
            pathsWithProblems.add(problem.path());
        }
        if (!pathsWithProblems.contains(""))
        {
            problems.addAll(ConfigConsistency.problems(values, pathsWithProblems));
        }
        return new Result(values, List.copyOf(problems));
    }

    private static void readObject(
        final JsonParser parser,
        final String registryPrefix,
        final String concretePrefix,
        final ConfigValues.Builder out,
        final List<ConfigProblem> problems) throws IOException
    {
        final Set<String> seen = new HashSet<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonLocation location = parser.currentTokenLocation();
            final JsonToken valueToken = parser.nextToken();
            final String concretePath = concretePrefix + name;
            final ConfigKey found = ConfigKeys.find(registryPrefix + name);
            // A name holding dots or [] could otherwise reach a nested key from the wrong object.
            final ConfigKey key = null != found && found.parentPrefix().equals(registryPrefix) ? found : null;
            if (null == key)
            {
                problems.add(at(location, concretePath, unknownKeyDetail(registryPrefix, name)));
                parser.skipChildren();
            }
            else if (!seen.add(name))
            {
                problems.add(at(location, concretePath, "appears more than once in the same object"));
                parser.skipChildren();
            }
            else
            {
                readValue(parser, valueToken, key, concretePath, out, problems);
            }
        }

        if (token != JsonToken.END_OBJECT)
        {
            // Not reachable with a well-formed stream: the parser throws first. Guard anyway.
            problems.add(at(parser.currentTokenLocation(), concretePrefix, "unexpected " + token));
            return;
        }
        for (final ConfigKey child : ConfigKeys.children(registryPrefix))
        {
            if (child.required() && !out.contains(child))
            {
                problems.add(at(parser.currentTokenLocation(), concretePrefix + child.name(),
                    "missing: expected " + child.expected()));
            }
        }
    }

    private static void readValue(
        final JsonParser parser,
        final JsonToken token,
        final ConfigKey key,
        final String concretePath,
        final ConfigValues.Builder out,
        final List<ConfigProblem> problems) throws IOException
    {
        final JsonLocation location = parser.currentTokenLocation();
        switch (key.type())
        {
            case SECTION ->
            {
                if (token == JsonToken.START_OBJECT)
                {
                    readObject(parser, key.path() + ".", concretePath + ".", out, problems);
                }
                else
                {
                    problems.add(wrongType(parser, token, key, concretePath, key.expected()));
                }
            }
            case SECTION_LIST -> readSectionList(parser, token, key, concretePath, out, problems);
            case STRING_LIST -> readStringList(parser, token, key, concretePath, out, problems);
            default ->
            {
                if (key.emptyMeansUnset() &&
                    (token == JsonToken.VALUE_NULL || (token == JsonToken.VALUE_STRING && parser.getText().isEmpty())))
                {
                    return; // null and "" mean "none" for a key whose default is none
                }
                final Object value = key.canonical(scalar(parser, token, key));
                if (null == value)
                {
                    problems.add(wrongType(parser, token, key, concretePath, key.expected()));
                }
                else if (!key.accepts(value))
                {
                    problems.add(new ConfigProblem(concretePath, ConfigValueText.display(key, value), key.expected(),
                        location.getLineNr(), location.getColumnNr()));
                }
                else
                {
                    out.put(key, value);
                }
            }
        }
    }

    private static void readSectionList(
        final JsonParser parser,
        final JsonToken token,
        final ConfigKey key,
        final String concretePath,
        final ConfigValues.Builder out,
        final List<ConfigProblem> problems) throws IOException
    {
        if (token != JsonToken.START_ARRAY)
        {
            problems.add(wrongType(parser, token, key, concretePath, key.expected()));
            return;
        }
        final String elementPrefix = key.path() + "[].";
        final List<ConfigValues> elements = new ArrayList<>();
        int index = 0;
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY)
        {
            final String elementPath = concretePath + "[" + index + "]";
            if (element == JsonToken.START_OBJECT)
            {
                final ConfigValues.Builder elementValues = ConfigValues.builder();
                readObject(parser, elementPrefix, elementPath + ".", elementValues, problems);
                elements.add(elementValues.build());
            }
            else
            {
                problems.add(wrongType(parser, element, key, elementPath,
                    "an object with keys " + String.join(", ", names(ConfigKeys.children(elementPrefix)))));
            }
            index++;
        }
        out.put(key, ConfigValues.copyOfElements(elements));
    }

    private static void readStringList(
        final JsonParser parser,
        final JsonToken token,
        final ConfigKey key,
        final String concretePath,
        final ConfigValues.Builder out,
        final List<ConfigProblem> problems) throws IOException
    {
        if (token != JsonToken.START_ARRAY)
        {
            problems.add(wrongType(parser, token, key, concretePath, key.expected()));
            return;
        }
        final List<String> strings = new ArrayList<>();
        int index = 0;
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY)
        {
            final String elementPath = concretePath + "[" + index + "]";
            if (element != JsonToken.VALUE_STRING)
            {
                problems.add(wrongType(parser, element, key, elementPath, key.elementExpected()));
            }
            else
            {
                final Object value = key.canonical(parser.getText());
                if (key.accepts(value))
                {
                    strings.add((String)value);
                }
                else
                {
                    final JsonLocation location = parser.currentTokenLocation();
                    problems.add(new ConfigProblem(elementPath, ConfigValueText.display(key, value),
                        key.elementExpected(), location.getLineNr(), location.getColumnNr()));
                }
            }
            index++;
        }
        out.put(key, List.copyOf(strings));
    }

    /**
     * @return the value as the key's Java type, or null if the JSON token is of the wrong type.
     */
    private static Object scalar(final JsonParser parser, final JsonToken token, final ConfigKey key)
        throws IOException
    {
        return switch (key.type())
        {
            case BOOLEAN -> token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE ?
                (Object)(token == JsonToken.VALUE_TRUE) : null;
            case INTEGER -> token == JsonToken.VALUE_NUMBER_INT && fitsLong(parser) ?
                (Object)parser.getLongValue() : null;
            case NUMBER -> token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT ?
                (Object)parser.getDoubleValue() : null;
            case STRING -> token == JsonToken.VALUE_STRING ? parser.getText() : null;
            default -> null;
        };
    }

    private static boolean fitsLong(final JsonParser parser) throws IOException
    {
        final JsonParser.NumberType numberType = parser.getNumberType();
        return numberType == JsonParser.NumberType.INT || numberType == JsonParser.NumberType.LONG;
    }

    private static ConfigProblem wrongType(
        final JsonParser parser,
        final JsonToken token,
        final ConfigKey key,
        final String concretePath,
        final String expected) throws IOException
    {
        final JsonLocation location = parser.currentTokenLocation();
        final String found = switch (token)
        {
            case START_OBJECT -> "{...}";
            case START_ARRAY -> "[...]";
            case VALUE_STRING -> ConfigValueText.display(key, parser.getText());
            // A secret typed as a bare number or literal is still a secret.
            default -> key.secret() ? ConfigValueText.display(key, parser.getText()) : parser.getText();
        };
        parser.skipChildren();
        return new ConfigProblem(concretePath, found, expected, location.getLineNr(), location.getColumnNr());
    }

    private static String unknownKeyDetail(final String registryPrefix, final String name)
    {
        final ConfigKey written = ConfigKeys.find(registryPrefix + name);
        if (null != written && !name.contains("[]"))
        {
            return "a dotted path is not a key: write it as nested objects, " + nestedForm(name);
        }
        final List<ConfigKey> siblings = ConfigKeys.children(registryPrefix);
        final List<String> siblingNames = names(siblings);
        final String suggestion = KeySuggestion.closest(name, siblingNames);
        if (null != suggestion)
        {
            return "unknown key; did you mean \"" + suggestion + "\"?";
        }

        // The key may exist, but in another object: e.g. "enabled" written at the top level.
        for (final ConfigKey key : ConfigKeys.all())
        {
            if (key.name().equals(name) && !key.parentPrefix().equals(registryPrefix))
            {
                return "unknown key here; did you mean \"" + key.path() + "\"?";
            }
        }
        // Or flattened: "slack_webhook_url" for notify.slack.webhook_url.
        final List<ConfigKey> nested = new ArrayList<>();
        final List<String> flattenedNames = new ArrayList<>();
        for (final ConfigKey key : ConfigKeys.all())
        {
            final String parent = key.parentPrefix();
            if (!parent.isEmpty() && key.type() != ConfigType.SECTION)
            {
                final String trimmed = parent.substring(0, parent.length() - 1).replace("[]", "");
                nested.add(key);
                flattenedNames.add(trimmed.substring(trimmed.lastIndexOf('.') + 1) + "_" + key.name());
            }
        }
        final String flattened = KeySuggestion.closest(name, flattenedNames);
        if (null != flattened)
        {
            return "unknown key here; did you mean \"" + nested.get(flattenedNames.indexOf(flattened)).path() + "\"?";
        }
        if (siblingNames.size() <= MAX_KNOWN_KEYS_LISTED)
        {
            return "unknown key; known keys here: " + String.join(", ", siblingNames);
        }
        return "unknown key (the README's configuration table lists every key)";
    }

    private static String nestedForm(final String dottedName)
    {
        final String[] parts = dottedName.split("\\.");
        final StringBuilder sb = new StringBuilder();
        for (final String part : parts)
        {
            sb.append("{\"").append(part).append("\": ");
        }
        sb.append("...");
        sb.append("}".repeat(parts.length));
        return sb.toString();
    }

    private static List<String> names(final List<ConfigKey> keys)
    {
        final List<String> names = new ArrayList<>(keys.size());
        for (final ConfigKey key : keys)
        {
            names.add(key.name());
        }
        return names;
    }

    private static ConfigProblem at(final JsonLocation location, final String path, final String detail)
    {
        return new ConfigProblem(path, null, detail, location.getLineNr(), location.getColumnNr());
    }

    private static String firstLine(final String message)
    {
        if (null == message)
        {
            return "unreadable";
        }
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
