package com.flowtriq.ftagent.report;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A Microsoft Teams Workflows webhook message: one Adaptive Card (schema 1.4) with a headline and a fact set.
 * Announces open and resolve.
 */
public final class TeamsMessage implements NotificationRenderer
{
    public static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

    private final FlowtriqJson json;
    private final String source;

    public TeamsMessage(final FlowtriqJson json, final String source)
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
        return json.write((g) ->
        {
            g.writeStringField("type", "message");
            g.writeArrayFieldStart("attachments");
            g.writeStartObject();
            g.writeStringField("contentType", CARD_CONTENT_TYPE);
            g.writeNullField("contentUrl");
            g.writeObjectFieldStart("content");
            g.writeStringField("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
            g.writeStringField("type", "AdaptiveCard");
            g.writeStringField("version", "1.4");
            g.writeArrayFieldStart("body");

            g.writeStartObject();
            g.writeStringField("type", "TextBlock");
            g.writeStringField("text", HumanUnits.headline(event));
            g.writeStringField("weight", "Bolder");
            g.writeStringField("size", "Medium");
            g.writeStringField("color", event.state() == IncidentState.RESOLVE ? "Good" : "Attention");
            g.writeBooleanField("wrap", true);
            g.writeEndObject();

            g.writeStartObject();
            g.writeStringField("type", "FactSet");
            g.writeArrayFieldStart("facts");
            fact(g, "Family", event.family() + (event.subtype().isEmpty() ? "" : " / " + event.subtype()));
            fact(g, "Victim", event.victim().isEmpty() ? "-" : event.victim());
            fact(g, "Peak pps", HumanUnits.pps(event.peakPps()));
            fact(g, "Peak bps", HumanUnits.bps(event.peakBps()));
            fact(g, "Confidence", event.confidence() + "%");
            fact(g, "Top sources", HumanUnits.ranked(event.topSrcIps(), 5, ", "));
            fact(g, "Node", source);
            fact(g, "Incident", event.incidentId());
            if (!event.mitigation().isEmpty())
            {
                fact(g, "Mitigation", HumanUnits.mitigation(event, "; "));
            }
            g.writeEndArray();
            g.writeEndObject();

            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    private static void fact(final JsonGenerator g, final String title, final String value) throws IOException
    {
        g.writeStartObject();
        g.writeStringField("title", title);
        g.writeStringField("value", value);
        g.writeEndObject();
    }
}
