package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.incident.IncidentJson;
import com.flowtriq.ftagent.incident.IncidentListener;

import java.util.ArrayList;
import java.util.List;

/** Copies every event it receives (the detector reuses the event object), with its JSON. */
final class RecordingListener implements IncidentListener
{
    record Seen(
        IncidentEvent.Type type,
        String id,
        String family,
        String subtype,
        List<String> vectors,
        long startedAtMillis,
        long tsMillis,
        long endedAtMillis,
        String reason,
        boolean truncated,
        int confidence,
        String json)
    {
    }

    final List<Seen> events = new ArrayList<>();

    @Override
    public void onIncidentEvent(final IncidentEvent e)
    {
        final List<String> vectors = new ArrayList<>();
        for (int i = 0; i < e.vectorCount(); i++)
        {
            vectors.add(e.vectorSubtype(i));
        }
        events.add(new Seen(e.type(), e.incidentId(), e.family(), e.subtype(), vectors, e.startedAtMillis(),
            e.tsMillis(), e.endedAtMillis(), e.resolveReason(), e.truncated(), e.confidence(), IncidentJson.toJson(e)));
    }

    List<Seen> ofType(final IncidentEvent.Type type)
    {
        return events.stream().filter(s -> s.type() == type).toList();
    }
}
