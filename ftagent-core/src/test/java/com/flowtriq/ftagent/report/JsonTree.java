package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Test helper: parses JSON into maps, lists, strings, numbers, booleans and null, strictly (trailing content fails).
 */
final class JsonTree
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree()
    {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final byte[] json)
    {
        return (Map<String, Object>)parse(json);
    }

    static Map<String, Object> object(final String json)
    {
        return object(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Object parse(final byte[] json)
    {
        try (JsonParser parser = FACTORY.createParser(json))
        {
            final Object value = read(parser, parser.nextToken());
            if (parser.nextToken() != null)
            {
                throw new IllegalArgumentException("trailing content");
            }
            return value;
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }

    private static Object read(final JsonParser parser, final JsonToken token) throws IOException
    {
        switch (token)
        {
            case START_OBJECT:
                final Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                return map;
            case START_ARRAY:
                final List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY)
                {
                    list.add(read(parser, next));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected " + token);
        }
    }
}
