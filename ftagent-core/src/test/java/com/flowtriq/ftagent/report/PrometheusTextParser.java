package com.flowtriq.ftagent.report;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 for tests. Fails on: a missing final newline,
 * a sample before its family's TYPE, HELP or TYPE given twice, an unknown type, a family whose samples are not
 * contiguous, a sample name not belonging to the family, bad metric or label names, bad label escapes,
 * duplicate label names, duplicate series, unparseable values, a negative counter.
 * Returns series ({@code name{labels}}) to values.
 */
public final class PrometheusTextParser
{
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE =
        Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL =
        Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

    private PrometheusTextParser()
    {
    }

    public static Map<String, Double> parse(final String text)
    {
        if (!text.isEmpty() && !text.endsWith("\n"))
        {
            throw new IllegalArgumentException("exposition must end with a newline");
        }
        final Map<String, Double> series = new LinkedHashMap<>();
        final Map<String, String> types = new LinkedHashMap<>();
        final Set<String> helped = new HashSet<>();
        final Set<String> closedFamilies = new HashSet<>();
        String currentFamily = null;
        int lineNumber = 0;
        for (final String line : text.split("\n", -1))
        {
            lineNumber++;
            if (line.isEmpty())
            {
                continue;
            }
            final String where = "line " + lineNumber + ": " + line;
            Matcher m;
            if (line.startsWith("# HELP "))
            {
                m = HELP.matcher(line);
                require(m.matches(), "bad HELP", where);
                require(helped.add(m.group(1)), "HELP twice", where);
                checkHelpEscapes(m.group(2), where);
                currentFamily = switchFamily(currentFamily, m.group(1), closedFamilies, where);
            }
            else if (line.startsWith("# TYPE "))
            {
                m = TYPE.matcher(line);
                require(m.matches(), "bad TYPE", where);
                require(!types.containsKey(m.group(1)), "TYPE twice", where);
                final String family = m.group(1);
                require(series.keySet().stream().noneMatch((s) -> s.equals(family) || s.startsWith(family + "{")),
                    "TYPE after samples", where);
                types.put(m.group(1), m.group(2));
                currentFamily = switchFamily(currentFamily, m.group(1), closedFamilies, where);
            }
            else if (line.startsWith("#"))
            {
                continue;
            }
            else
            {
                m = SAMPLE.matcher(line);
                require(m.matches(), "bad sample", where);
                final String name = m.group(1);
                final String family = familyOf(name, types);
                require(family != null, "sample without TYPE", where);
                currentFamily = switchFamily(currentFamily, family, closedFamilies, where);
                final String labels = m.group(3) == null ? "" : canonicalLabels(m.group(3), where);
                final double value = parseValue(m.group(4), where);
                if ("counter".equals(types.get(family)))
                {
                    require(value >= 0, "negative counter", where);
                }
                final String key = labels.isEmpty() ? name : name + "{" + labels + "}";
                require(series.put(key, value) == null, "duplicate series", where);
            }
        }
        return series;
    }

    private static String switchFamily(
        final String current, final String next, final Set<String> closed, final String where)
    {
        if (next.equals(current))
        {
            return current;
        }
        require(!closed.contains(next), "family not contiguous", where);
        if (current != null)
        {
            closed.add(current);
        }
        return next;
    }

    private static String familyOf(final String sample, final Map<String, String> types)
    {
        if (types.containsKey(sample))
        {
            return sample;
        }
        for (final String suffix : new String[]{ "_bucket", "_sum", "_count" })
        {
            if (sample.endsWith(suffix))
            {
                final String base = sample.substring(0, sample.length() - suffix.length());
                final String type = types.get(base);
                if ("histogram".equals(type) || "summary".equals(type))
                {
                    return base;
                }
            }
        }
        return null;
    }

    private static String canonicalLabels(final String text, final String where)
    {
        final Matcher m = LABEL.matcher(text);
        final Set<String> names = new HashSet<>();
        final StringBuilder canonical = new StringBuilder();
        int position = 0;
        while (position < text.length())
        {
            require(m.find(position) && m.start() == position, "bad label", where);
            require(names.add(m.group(1)), "duplicate label", where);
            require(!m.group(1).startsWith("__"), "reserved label", where);
            if (canonical.length() > 0)
            {
                canonical.append(',');
            }
            canonical.append(m.group(1)).append('=').append(m.group(2));
            position = m.end();
            if (position < text.length())
            {
                require(text.charAt(position) == ',', "labels not comma separated", where);
                position++;
            }
        }
        return canonical.toString();
    }

    private static void checkHelpEscapes(final String help, final String where)
    {
        for (int i = 0; i < help.length(); i++)
        {
            if (help.charAt(i) == '\\')
            {
                require(i + 1 < help.length() && (help.charAt(i + 1) == '\\' || help.charAt(i + 1) == 'n'),
                    "bad escape in HELP", where);
                i++;
            }
        }
    }

    private static double parseValue(final String text, final String where)
    {
        switch (text)
        {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                require(text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?"), "bad value", where);
                return Double.parseDouble(text);
        }
    }

    private static void require(final boolean condition, final String what, final String where)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(what + " at " + where);
        }
    }
}
