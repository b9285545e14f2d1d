package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A Discord webhook message with one embed. Announces open and resolve. Kept inside Discord's embed limits
 * (title 256, description 4096, at most 25 fields, field name 256, field value 1024, footer 2048, and 6000
 * characters for all of them together), so Discord never rejects it with a 400 for size: fields that would
 * break the total are left out.
 */
public final class DiscordMessage implements NotificationRenderer
{
    public static final int TITLE_MAX = 256;
    public static final int DESCRIPTION_MAX = 4096;
    public static final int FIELDS_MAX = 25;
    public static final int FIELD_NAME_MAX = 256;
    public static final int FIELD_VALUE_MAX = 1024;
    public static final int FOOTER_MAX = 2048;
    public static final int TOTAL_MAX = 6000;
    private static final int COLOR_OPEN = 0xD93025;
    private static final int COLOR_RESOLVED = 0x1E8E3E;

    private final FlowtriqJson json;
    private final String source;

    public DiscordMessage(final FlowtriqJson json, final String source)
    {
        this.json = json;
        this.source = source;
    }

    @Override
    public byte[] render(final IncidentEvent event)
    {
        if (event.state() == IncidentState.UPDATE)
        {
            return null;
        }
        final String title = HumanUnits.clip(HumanUnits.headline(event), TITLE_MAX);
        final String footer = HumanUnits.clip("ftagent on " + source + " \u00b7 incident " + event.incidentId(),
            FOOTER_MAX);
        final String description = HumanUnits.clip("Top sources:\n" + HumanUnits.ranked(event.topSrcIps(), 50, "\n"),
            DESCRIPTION_MAX);
        int budget = TOTAL_MAX - title.length() - footer.length();
        final String fittedDescription = HumanUnits.clip(description, Math.max(0, Math.min(DESCRIPTION_MAX,
            budget - 1500)));
        budget -= fittedDescription.length();

        final List<String[]> candidates = new ArrayList<>();
        candidates.add(new String[]{ "Family", event.family() + (event.subtype().isEmpty() ? "" : " / " +
            event.subtype()) });
        candidates.add(new String[]{ "Victim", event.victim().isEmpty() ? "-" : event.victim() });
        candidates.add(new String[]{ "Peak pps", HumanUnits.pps(event.peakPps()) });
        candidates.add(new String[]{ "Peak bps", HumanUnits.bps(event.peakBps()) });
        candidates.add(new String[]{ "Confidence", event.confidence() + "%" });
        if (!event.mitigation().isEmpty())
        {
            candidates.add(new String[]{ "Mitigation", HumanUnits.mitigation(event, "\n") });
        }
        candidates.add(new String[]{ "Top ports", HumanUnits.ranked(event.topDstPorts(), 10, ", ") });
        candidates.add(new String[]{ "Top targets", HumanUnits.ranked(event.topDstIps(), 10, ", ") });
        final List<String[]> fields = new ArrayList<>();
        for (final String[] candidate : candidates)
        {
            if (fields.size() == FIELDS_MAX)
            {
                break;
            }
            final String name = HumanUnits.clip(candidate[0], FIELD_NAME_MAX);
            final String value = HumanUnits.clip(candidate[1], FIELD_VALUE_MAX);
            if (name.length() + value.length() <= budget)
            {
                fields.add(new String[]{ name, value });
                budget -= name.length() + value.length();
            }
        }
        return json.write((g) ->
        {
            g.writeStringField("username", "ftagent");
            g.writeArrayFieldStart("embeds");
            g.writeStartObject();
            g.writeStringField("title", title);
            g.writeStringField("description", fittedDescription);
            g.writeNumberField("color", event.state() == IncidentState.RESOLVE ? COLOR_RESOLVED : COLOR_OPEN);
            g.writeStringField("timestamp", FlowtriqJson.iso(event.timestamp()));
            g.writeArrayFieldStart("fields");
            for (final String[] field : fields)
            {
                writeField(g, field[0], field[1]);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("footer");
            g.writeStringField("text", footer);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    private static void writeField(final JsonGenerator g, final String name, final String value) throws IOException
    {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("value", value);
        g.writeBooleanField("inline", value.length() < 40);
        g.writeEndObject();
    }
}
