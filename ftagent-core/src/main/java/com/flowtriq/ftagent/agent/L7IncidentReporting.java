package com.flowtriq.ftagent.agent;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.flowtriq.ftagent.l7.L7Incident;
import com.flowtriq.ftagent.l7.L7IncidentListener;
import com.flowtriq.ftagent.report.IncidentEvent;
import com.flowtriq.ftagent.report.IncidentSink;
import com.flowtriq.ftagent.report.IncidentState;
import com.flowtriq.ftagent.report.RankedItem;

/**
 * Connects L7 incident events to reporting: copies the detector's reused {@link L7Incident} into reporting's
 * immutable {@link IncidentEvent} ({@code kind} l7, {@code family} http_flood, the L7 subtype, top client IPs as
 * {@code topSrcIps}, rps in the pps fields) and hands it to an {@link IncidentSink}, which only queues it. The L7
 * schema JSON ({@link L7Incident#writeJson}) rides along as {@link IncidentEvent#schemaJson()}, so the journal and
 * the webhook carry the L7 fields (top paths, user agents, evidence) unchanged. The incident's {@code mitigation}
 * section ({@link L7Incident#mitigation()}, hung on the event by L7 mitigation's listener, which must therefore be
 * called first) goes into both: the schema JSON and {@link IncidentEvent#mitigation()} for the API and notifiers.
 * <p>
 * Called on the L7 detector thread; allocates a few small objects per incident event (at most one per incident per
 * second), never per log line.
 */
public final class L7IncidentReporting implements L7IncidentListener
{
    private final JsonFactory jsonFactory = new JsonFactory();
    private final IncidentSink sink;

    public L7IncidentReporting(final IncidentSink sink)
    {
        this.sink = sink;
    }

    @Override
    public void onIncident(final L7Incident incident)
    {
        sink.onIncident(copy(incident, jsonFactory));
    }

    /**
     * @param incident    the detector's event (read now, reused after return).
     * @param jsonFactory factory for the schema JSON.
     * @return reporting's immutable copy.
     */
    public static IncidentEvent copy(final L7Incident incident, final JsonFactory jsonFactory)
    {
        final IncidentState state = switch (incident.event())
        {
            case OPEN -> IncidentState.OPEN;
            case UPDATE -> IncidentState.UPDATE;
            case RESOLVE -> IncidentState.RESOLVE;
        };
        final List<RankedItem> topClients = new ArrayList<>(incident.topClientCount());
        long topRequests = 0;
        for (int i = 0; i < incident.topClientCount(); i++)
        {
            topClients.add(new RankedItem(incident.topClientIp(i), incident.topClientRequests(i)));
            topRequests += incident.topClientRequests(i);
        }
        final StringWriter json = new StringWriter(1024);
        incident.writeJson(jsonFactory, json);
        return new IncidentEvent(
            incident.incidentId(),
            "l7",
            state,
            "http_flood",
            incident.subtype().schemaName(),
            Instant.ofEpochMilli(incident.startedAtMillis()),
            Instant.ofEpochMilli(incident.tsMillis()),
            incident.endedAtMillis() == 0 ? null : Instant.ofEpochMilli(incident.endedAtMillis()),
            incident.peakRps(),
            0,
            incident.baselineRps(),
            incident.thresholdRps(),
            topClients,
            List.of(),
            List.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            incident.evidenceDistinctClients(),
            topRequests,
            incident.confidence(),
            0,
            0,
            json.toString().getBytes(StandardCharsets.UTF_8),
            incident.pcapFile(),
            incident.pcapPackets(),
            incident.pcapDropped(),
            incident.mitigation());
    }
}
