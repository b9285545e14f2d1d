package com.flowtriq.ftagent.report;

import java.util.List;
import java.util.Locale;

/**
 * Rates and lists as operators read them in chat messages. Stateless.
 */
public final class HumanUnits
{
    private HumanUnits()
    {
    }

    /**
     * @return e.g. {@code 250.0 kpps}.
     */
    public static String pps(final double pps)
    {
        return scaled(pps, "pps");
    }

    /**
     * @return e.g. {@code 1.20 Gbit/s}.
     */
    public static String bps(final double bps)
    {
        return scaled(bps, "bit/s");
    }

    private static String scaled(final double value, final String unit)
    {
        if (value >= 1e9)
        {
            return String.format(Locale.ROOT, "%.2f G%s", value / 1e9, unit);
        }
        if (value >= 1e6)
        {
            return String.format(Locale.ROOT, "%.2f M%s", value / 1e6, unit);
        }
        if (value >= 1e3)
        {
            return String.format(Locale.ROOT, "%.1f k%s", value / 1e3, unit);
        }
        return String.format(Locale.ROOT, "%.0f %s", value, unit);
    }

    /**
     * @param items    ranked items.
     * @param max      at most this many.
     * @param separator between items.
     * @return {@code key (count)} joined, or {@code "-"} when empty.
     */
    public static String ranked(final List<RankedItem> items, final int max, final String separator)
    {
        if (items.isEmpty())
        {
            return "-";
        }
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < items.size() && i < max; i++)
        {
            if (i > 0)
            {
                text.append(separator);
            }
            text.append(items.get(i).key()).append(" (").append(items.get(i).count()).append(')');
        }
        return text.toString();
    }

    /**
     * @return the text cut to at most max characters, ending in an ellipsis when cut.
     */
    public static String clip(final String text, final int max)
    {
        if (text.length() <= max)
        {
            return text;
        }
        return max <= 1 ? text.substring(0, Math.max(0, max)) : text.substring(0, max - 1) + "\u2026";
    }

    /**
     * @param event     the event.
     * @param separator between entries.
     * @return the mitigation section as text, one {@code action state (n targets): reason} per entry, or "" when
     * mitigation did nothing for the incident.
     */
    public static String mitigation(final IncidentEvent event, final String separator)
    {
        final StringBuilder text = new StringBuilder();
        for (final com.flowtriq.ftagent.incident.MitigationEntry entry : event.mitigation())
        {
            if (text.length() > 0)
            {
                text.append(separator);
            }
            text.append(entry.summary());
        }
        return text.toString();
    }

    /**
     * @return the headline, e.g. {@code DDoS OPEN: udp_flood on 198.19.0.1}.
     */
    public static String headline(final IncidentEvent event)
    {
        final String state = switch (event.state())
        {
            case OPEN -> "DDoS detected";
            case UPDATE -> "DDoS ongoing";
            case RESOLVE -> "DDoS resolved";
        };
        final String victim = event.victim().isEmpty() ? "" : " on " + event.victim();
        final String marker = Reporting.TEST_KIND.equals(event.kind()) ? "[TEST, not an attack] " : "";
        final String subtype = event.subtype().isEmpty() ? "" : "/" + event.subtype();
        return marker + state + ": " + event.family() + subtype + victim;
    }
}
