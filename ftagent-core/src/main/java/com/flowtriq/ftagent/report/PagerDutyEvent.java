package com.flowtriq.ftagent.report;

/**
 * A PagerDuty Events API v2 event: {@code trigger} on open, {@code resolve} on resolve, with the incident id as
 * {@code dedup_key} so both land on the same PagerDuty alert. Updates are not sent. Severity comes from
 * confidence and how far the peak went over the threshold.
 */
public final class PagerDutyEvent implements NotificationRenderer
{
    public static final int SUMMARY_MAX = 1024;

    private final FlowtriqJson json;
    private final String routingKey;
    private final String source;

    public PagerDutyEvent(final FlowtriqJson json, final String routingKey, final String source)
    {
        this.json = json;
        this.routingKey = routingKey;
        this.source = source;
    }

    /**
     * @return {@code critical} when confident (>= 80) and at least ten times over threshold, {@code error} when
     * confidence >= 60, else {@code warning}.
     */
    public static String severity(final IncidentEvent event)
    {
        final boolean far = event.thresholdPps() > 0 && event.peakPps() >= 10 * event.thresholdPps();
        if (event.confidence() >= 80 && far)
        {
            return "critical";
        }
        return event.confidence() >= 60 ? "error" : "warning";
    }

    @Override
    public byte[] render(final IncidentEvent event)
    {
        if (event.state() == IncidentState.UPDATE)
        {
            return null;
        }
        final boolean trigger = event.state() == IncidentState.OPEN;
        return json.write((g) ->
        {
            g.writeStringField("routing_key", routingKey);
            g.writeStringField("event_action", trigger ? "trigger" : "resolve");
            g.writeStringField("dedup_key", event.incidentId());
            if (trigger)
            {
                g.writeObjectFieldStart("payload");
                g.writeStringField("summary", HumanUnits.clip(HumanUnits.headline(event) + ", peak " +
                    HumanUnits.pps(event.peakPps()) + " / " + HumanUnits.bps(event.peakBps()), SUMMARY_MAX));
                g.writeStringField("source", source);
                g.writeStringField("severity", severity(event));
                g.writeStringField("timestamp", FlowtriqJson.iso(event.timestamp()));
                g.writeStringField("component", event.victim().isEmpty() ? "network" : event.victim());
                g.writeStringField("class", event.family());
                g.writeObjectFieldStart("custom_details");
                IncidentJson.fields(g, event);
                g.writeEndObject();
                g.writeEndObject();
            }
        });
    }
}
