package com.flowtriq.ftagent.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the Prometheus text exposition format (0.0.4): per family one {@code # HELP} and one {@code # TYPE}
 * line, then all its samples together, whatever order the sources wrote them in. Names that are not valid
 * Prometheus names are refused (a programming error); label values and help text are escaped.
 * One instance per scrape, one thread.
 */
public final class PrometheusTextWriter implements MetricsWriter
{
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private record Family(String type, String help, List<String> samples)
    {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    @Override
    public void counter(final String name, final String help, final double value)
    {
        add(name, "counter", help, name + " " + format(value));
    }

    @Override
    public void gauge(final String name, final String help, final double value)
    {
        add(name, "gauge", help, name + " " + format(value));
    }

    @Override
    public void counter(
        final String name, final String help, final String labelName, final String labelValue, final double value)
    {
        add(name, "counter", help, name + label(labelName, labelValue) + " " + format(value));
    }

    @Override
    public void gauge(
        final String name, final String help, final String labelName, final String labelValue, final double value)
    {
        add(name, "gauge", help, name + label(labelName, labelValue) + " " + format(value));
    }

    /**
     * @return the exposition text, ending in a newline.
     */
    public String text()
    {
        final StringBuilder out = new StringBuilder(4096);
        for (final Map.Entry<String, Family> entry : families.entrySet())
        {
            final Family family = entry.getValue();
            out.append("# HELP ").append(entry.getKey()).append(' ').append(escapeHelp(family.help())).append('\n');
            out.append("# TYPE ").append(entry.getKey()).append(' ').append(family.type()).append('\n');
            for (final String sample : family.samples())
            {
                out.append(sample).append('\n');
            }
        }
        return out.toString();
    }

    private void add(final String name, final String type, final String help, final String sample)
    {
        if (!METRIC_NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("invalid metric name: " + name);
        }
        final Family family = families.computeIfAbsent(name, (n) -> new Family(type, help, new ArrayList<>()));
        if (!family.type().equals(type))
        {
            throw new IllegalArgumentException("metric " + name + " written as " + type + " and " + family.type());
        }
        family.samples().add(sample);
    }

    private static String label(final String name, final String value)
    {
        if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__"))
        {
            throw new IllegalArgumentException("invalid label name: " + name);
        }
        final StringBuilder out = new StringBuilder(name.length() + value.length() + 5);
        out.append('{').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append("\"}").toString();
    }

    private static String escapeHelp(final String help)
    {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String format(final double value)
    {
        if (Double.isNaN(value))
        {
            return "NaN";
        }
        if (Double.isInfinite(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            return Long.toString((long)value);
        }
        return Double.toString(value);
    }
}
