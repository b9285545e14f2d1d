package com.flowtriq.ftagent.report;

/**
 * A Slack incoming-webhook message with Block Kit blocks (header, fields, top sources) and a plain {@code text}
 * fallback. Announces open and resolve. Respects Slack's limits: header 150 characters, a field 2000, a section
 * 3000, at most 10 fields.
 */
public final class SlackMessage implements NotificationRenderer
{
    public static final int HEADER_MAX = 150;
    public static final int FIELD_MAX = 2000;
    public static final int SECTION_MAX = 3000;

    private final FlowtriqJson json;
    private final String source;

    public SlackMessage(final FlowtriqJson json, final String source)
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
        final String headline = HumanUnits.headline(event);
        return json.write((g) ->
        {
            g.writeStringField("text", HumanUnits.clip(headline + " (" + source + ")", SECTION_MAX));
            g.writeArrayFieldStart("blocks");

            g.writeStartObject();
            g.writeStringField("type", "header");
            g.writeObjectFieldStart("text");
            g.writeStringField("type", "plain_text");
            g.writeStringField("text", HumanUnits.clip(headline, HEADER_MAX));
            g.writeEndObject();
            g.writeEndObject();

            g.writeStartObject();
            g.writeStringField("type", "section");
            g.writeArrayFieldStart("fields");
            field(g, "Family", event.family() + (event.subtype().isEmpty() ? "" : " / " + event.subtype()));
            field(g, "Victim", event.victim().isEmpty() ? "-" : event.victim());
            field(g, "Peak pps", HumanUnits.pps(event.peakPps()));
            field(g, "Peak bps", HumanUnits.bps(event.peakBps()));
            field(g, "Confidence", event.confidence() + "%");
            field(g, "Node", source);
            if (!event.mitigation().isEmpty())
            {
                field(g, "Mitigation", HumanUnits.mitigation(event, "\n"));
            }
            g.writeEndArray();
            g.writeEndObject();

            g.writeStartObject();
            g.writeStringField("type", "section");
            g.writeObjectFieldStart("text");
            g.writeStringField("type", "mrkdwn");
            g.writeStringField("text", HumanUnits.clip("*Top sources*\n" +
                HumanUnits.ranked(event.topSrcIps(), 10, "\n"), SECTION_MAX));
            g.writeEndObject();
            g.writeEndObject();

            g.writeEndArray();
        });
    }

    private static void field(final com.fasterxml.jackson.core.JsonGenerator g, final String name, final String value)
        throws java.io.IOException
    {
        g.writeStartObject();
        g.writeStringField("type", "mrkdwn");
        g.writeStringField("text", HumanUnits.clip("*" + name + "*\n" + value, FIELD_MAX));
        g.writeEndObject();
    }
}
