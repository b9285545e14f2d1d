package com.flowtriq.ftagent.incident;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncidentJsonTest
{
    private static final long STARTED = 1_790_000_000_000L;

    private static IncidentEvent event(final IncidentEvent.Type type)
    {
        final IncidentEvent e = new IncidentEvent();
        e.clearLists();
        e.incidentId("l3l4-20260921T141320Z-1").type(type).family("multi_vector").subtype("syn")
            .startedAtMillis(STARTED).tsMillis(STARTED + 2_000).endedAtMillis(IncidentEvent.NOT_ENDED)
            .totals(2, 80_000, 4_000_000).rates(40_000, 16_000_000, 41_000, 17_000_000)
            .reference(2_000, 8_000_000, 6_500, 50_000_000).confidence(87);
        e.addVector("tcp_flood", "syn", 0.6);
        e.addVector("udp_flood", "dns_amplification", 0.4);
        e.addEvidence("dominant_share", 0.6);
        e.protocolPackets(0, 48_000).protocolPackets(1, 32_000);
        e.tcpFlagPackets(0, 48_000);
        e.topSources().add((203L << 24) | (113 << 8) | 7, 5_000, 300_000);
        e.topSources().add(Long.MIN_VALUE | 0xABCDL, 4_000, 240_000);
        e.topDestinations().add((1L << 32) | (198L << 24) | (18 << 16) | 10, 80_000, 4_000_000);
        e.topDestinations().add((2L << 32) | 0x1234_5678L, 10, 800);
        e.topDstPorts().add((6L << 16) | 80, 48_000, 2_880_000);
        return e;
    }

    @Test
    void shouldWriteTheSchemaFieldsOfAnOpenEvent() throws IOException
    {
        final Map<String, Object> json = parse(IncidentJson.toJson(event(IncidentEvent.Type.OPEN)));

        assertEquals("l3l4-20260921T141320Z-1", json.get("incident_id"));
        assertEquals("l3l4", json.get("kind"));
        assertEquals("open", json.get("event"));
        assertEquals("multi_vector", json.get("family"));
        assertEquals("syn", json.get("subtype"));
        assertEquals("2026-09-21T14:13:20Z", json.get("started_at"));
        assertEquals("2026-09-21T14:13:22Z", json.get("ts"));
        assertTrue(json.containsKey("ended_at"));
        assertNull(json.get("ended_at"));
        assertFalse(json.containsKey("resolve_reason"));
        assertEquals(41_000L, json.get("peak_pps"));
        assertEquals(6_500L, json.get("threshold_pps"));
        assertEquals(2_000L, json.get("baseline_pps"));
        assertEquals(87L, json.get("confidence"));

        final List<?> vectors = (List<?>)json.get("vectors");
        assertEquals(2, vectors.size());
        assertEquals("dns_amplification", ((Map<?, ?>)vectors.get(1)).get("subtype"));
        assertEquals(0.4, ((Map<?, ?>)vectors.get(1)).get("share"));

        final List<?> sources = (List<?>)json.get("top_src_ips");
        assertEquals("203.0.113.7", ((Map<?, ?>)sources.get(0)).get("ip"));
        assertEquals(2_500L, ((Map<?, ?>)sources.get(0)).get("pps"));
        assertEquals("v6digest:abcd", ((Map<?, ?>)sources.get(1)).get("ip"));
        final List<?> victims = (List<?>)json.get("top_dst_ips");
        assertEquals("198.18.0.10", ((Map<?, ?>)victims.get(0)).get("ip"));
        assertEquals("v6digest:12345678", ((Map<?, ?>)victims.get(1)).get("ip"));
        final Map<?, ?> port = (Map<?, ?>)((List<?>)json.get("top_dst_ports")).get(0);
        assertEquals("tcp", port.get("protocol"));
        assertEquals(80L, port.get("port"));

        assertEquals(32_000L, ((Map<?, ?>)json.get("protocol_breakdown")).get("udp"));
        assertEquals(48_000L, ((Map<?, ?>)json.get("tcp_flags")).get("syn"));
        assertEquals(0.6, ((Map<?, ?>)json.get("evidence")).get("dominant_share"));
    }

    @Test
    void shouldCarryEndReasonAndTruncationOnResolve() throws IOException
    {
        final IncidentEvent e = event(IncidentEvent.Type.RESOLVE)
            .endedAtMillis(STARTED + 61_250).resolveReason("end_of_input").truncated(true);

        final Map<String, Object> json = parse(IncidentJson.toJson(e));

        assertEquals("resolve", json.get("event"));
        assertEquals("2026-09-21T14:14:21.250Z", json.get("ended_at"));
        assertEquals("end_of_input", json.get("resolve_reason"));
        assertEquals(Boolean.TRUE, json.get("truncated"));
    }

    @Test
    void shouldOmitMitigationWhenNothingWasDone() throws IOException
    {
        assertFalse(parse(IncidentJson.toJson(event(IncidentEvent.Type.UPDATE))).containsKey("mitigation"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldListMitigationActionsWithStateTargetsAndReason() throws IOException
    {
        final IncidentEvent e = event(IncidentEvent.Type.UPDATE);
        e.mitigation(List.of(
            new MitigationEntry("nft_drop_sources", MitigationEntry.State.FAILED, List.of("203.0.113.7"), 1,
                "exit 1: Error: Could not process rule", STARTED + 1_000),
            new MitigationEntry("nft_drop_sources", MitigationEntry.State.REFUSED, List.of("198.18.0.1"), 1,
                "safelist", STARTED + 1_000)));

        final Map<String, Object> mitigation = (Map<String, Object>)parse(IncidentJson.toJson(e)).get("mitigation");
        final List<Object> actions = (List<Object>)mitigation.get("actions");

        assertEquals(2, actions.size());
        final Map<String, Object> failed = (Map<String, Object>)actions.get(0);
        assertEquals("nft_drop_sources", failed.get("action"));
        assertEquals("failed", failed.get("state"));
        assertEquals(List.of("203.0.113.7"), failed.get("targets"));
        assertEquals(1L, failed.get("target_count"));
        assertEquals("exit 1: Error: Could not process rule", failed.get("detail"));
        assertEquals("2026-09-21T14:13:21Z", failed.get("at"));
        assertEquals("refused", ((Map<String, Object>)actions.get(1)).get("state"));
    }

    @Test
    void shouldForgetMitigationOfThePreviousEventWhenListsAreCleared()
    {
        final IncidentEvent e = event(IncidentEvent.Type.UPDATE);
        e.mitigation(List.of(new MitigationEntry("command", MitigationEntry.State.APPLIED, List.of(), 0, null, 0)));

        e.clearLists();

        assertTrue(e.mitigation().isEmpty());
    }

    @Test
    void shouldWriteOneLine()
    {
        assertFalse(IncidentJson.toJson(event(IncidentEvent.Type.UPDATE)).contains("\n"));
    }

    @Test
    void shouldMakeDistinctDeterministicIds()
    {
        final IncidentIds ids = new IncidentIds("l3l4");
        assertEquals("l3l4-20260921T141320Z-1", ids.next(STARTED / 1000));
        assertEquals("l3l4-20260921T141320Z-2", ids.next(STARTED / 1000));
    }

    static Map<String, Object> parse(final String text) throws IOException
    {
        try (JsonParser parser = new JsonFactory().createParser(text))
        {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            @SuppressWarnings("unchecked")
            final Map<String, Object> map = (Map<String, Object>)value(parser);
            assertNull(parser.nextToken(), "one object only");
            return map;
        }
    }

    private static Object value(final JsonParser parser) throws IOException
    {
        return switch (parser.currentToken())
        {
            case START_OBJECT ->
            {
                final Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, value(parser));
                }
                yield map;
            }
            case START_ARRAY ->
            {
                final List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    list.add(value(parser));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected " + parser.currentToken());
        };
    }
}
