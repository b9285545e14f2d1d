package com.flowtriq.ftagent.mitigate;

import java.util.ArrayList;
import java.util.List;

/**
 * An operator-defined argv template for the {@code command} action, e.g.
 * {@code ["/usr/local/bin/block", "--src", "{src_ip}", "--incident={incident_id}"]}. Checked once when built:
 * argv[0] must be an absolute path without {@code ..}, and every {@code {...}} must be a known placeholder.
 * Rendering substitutes only validated values ({@link TemplateValues}) into argument strings; the result is run as
 * an argv, never through a shell, so even a template written as {@code sh -c "... {src_ip}"} could receive
 * nothing but an address there. Immutable; thread-safe.
 */
public final class CommandTemplate
{
    public static final List<String> PLACEHOLDERS =
        List.of("src_ip", "dst_ip", "dst_port", "protocol", "incident_id", "family");

    private final List<String> argv;

    private CommandTemplate(final List<String> argv)
    {
        this.argv = List.copyOf(argv);
    }

    /**
     * @param argv the template from config.
     * @return the template.
     * @throws IllegalArgumentException naming the first problem.
     */
    public static CommandTemplate of(final List<String> argv)
    {
        if (argv.isEmpty())
        {
            throw new IllegalArgumentException("empty command template");
        }
        final String program = argv.get(0);
        if (null == program || !program.startsWith("/") || program.contains("/../") || program.endsWith("/..") ||
            program.contains("{"))
        {
            throw new IllegalArgumentException(
                "command template executable must be an absolute path without placeholders: " +
                Printable.quote(program));
        }
        for (final String element : argv)
        {
            if (null == element || element.indexOf('\0') >= 0 || element.length() > ArgvRunner.MAX_ARGUMENT_LENGTH)
            {
                throw new IllegalArgumentException("invalid template element " + Printable.quote(element));
            }
            for (int open = element.indexOf('{'); open >= 0; open = element.indexOf('{', open + 1))
            {
                final int close = element.indexOf('}', open);
                if (close < 0 || !PLACEHOLDERS.contains(element.substring(open + 1, close)))
                {
                    throw new IllegalArgumentException("unknown placeholder in " + Printable.quote(element) +
                        "; known: " + PLACEHOLDERS);
                }
            }
        }
        return new CommandTemplate(argv);
    }

    public List<String> argv()
    {
        return argv;
    }

    /**
     * @return the argv with every placeholder filled, or null if a value it needs is missing.
     */
    public List<String> render(final TemplateValues values)
    {
        final List<String> result = new ArrayList<>(argv.size());
        for (final String element : argv)
        {
            final StringBuilder out = new StringBuilder(element.length() + 16);
            int from = 0;
            for (int open = element.indexOf('{'); open >= 0; open = element.indexOf('{', from))
            {
                final int close = element.indexOf('}', open);
                final String value = valueOf(element.substring(open + 1, close), values);
                if (null == value)
                {
                    return null;
                }
                out.append(element, from, open).append(value);
                from = close + 1;
            }
            result.add(out.append(element, from, element.length()).toString());
        }
        return result;
    }

    private static String valueOf(final String placeholder, final TemplateValues values)
    {
        return switch (placeholder)
        {
            case "src_ip" -> null == values.sourceIp() ? null : values.sourceIp().text();
            case "dst_ip" -> null == values.destinationIp() ? null : values.destinationIp().text();
            case "dst_port" -> null == values.port() ? null : values.port().text();
            case "protocol" -> null == values.protocol() ? null : values.protocol().keyword();
            case "incident_id" -> values.incidentId();
            case "family" -> values.family();
            default -> null;
        };
    }

    public String toString()
    {
        return "CommandTemplate" + argv;
    }
}
