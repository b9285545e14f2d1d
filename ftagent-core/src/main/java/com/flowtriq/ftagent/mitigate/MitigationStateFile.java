package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.config.AtomicFileWrite;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <state_dir>/mitigations.json}: every block the agent has applied or is about to apply, so a restart after
 * a crash can revert them.
 * <pre>
 * {"version":1,"mitigations":[
 *   {"incident":"inc-1","action":"nft_drop_sources","sources":["198.18.200.1"],
 *    "applied_at_ms":1764000000000,"expires_at_ms":0}]}
 * </pre>
 * Written whole to a temporary file, forced to disk and renamed over the old one, so a reader sees the old or the
 * new list, never a torn one. Read back defensively: a malformed entry or address is counted and skipped.
 * <p>
 * Threading: single caller (the engine's worker).
 */
public final class MitigationStateFile
{
    public static final String FILE_NAME = "mitigations.json";
    public static final int VERSION = 1;
    /** Larger files are not parsed (they were not written by us). */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private long malformedEntries;

    /**
     * @param stateDirectory {@code state_dir}; created on first write if missing.
     */
    public MitigationStateFile(final Path stateDirectory)
    {
        this.file = stateDirectory.resolve(FILE_NAME);
    }

    public Path file()
    {
        return file;
    }

    /**
     * @return entries skipped while reading because they were malformed, since construction.
     */
    public long malformedEntries()
    {
        return malformedEntries;
    }

    /**
     * Replaces the file's content with {@code blocks}, durably.
     *
     * @throws IOException if it cannot be written; the caller must not apply then.
     */
    public void write(final List<AppliedBlock> blocks) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + blocks.size() * 128);
        try (JsonGenerator out = JSON.createGenerator(bytes))
        {
            out.writeStartObject();
            out.writeNumberField("version", VERSION);
            out.writeArrayFieldStart("mitigations");
            for (final AppliedBlock block : blocks)
            {
                out.writeStartObject();
                out.writeStringField("incident", block.incidentId());
                out.writeStringField("action", block.action());
                out.writeArrayFieldStart("sources");
                for (final IpAddress source : block.sources())
                {
                    out.writeString(source.text());
                }
                out.writeEndArray();
                out.writeNumberField("applied_at_ms", block.appliedAtMillis());
                out.writeNumberField("expires_at_ms", block.expiresAtMillis());
                final TemplateValues context = block.context();
                if (null != context)
                {
                    out.writeObjectFieldStart("context");
                    writeOptional(out, "dst_ip", null == context.destinationIp() ? null : context.destinationIp().text());
                    writeOptional(out, "dst_port", null == context.port() ? null : context.port().text());
                    writeOptional(out, "protocol", null == context.protocol() ? null : context.protocol().keyword());
                    writeOptional(out, "family", context.family());
                    out.writeEndObject();
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        bytes.write('\n');

        AtomicFileWrite.write(file, bytes.toByteArray(), bytes.size());
    }

    /**
     * @return the recorded blocks; empty if the file does not exist. Malformed entries are counted and skipped.
     * @throws IOException if the file exists but cannot be read or is not a state file at all.
     */
    public List<AppliedBlock> read() throws IOException
    {
        final byte[] content;
        try
        {
            if (Files.size(file) > MAX_FILE_BYTES)
            {
                throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            content = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return List.of();
        }

        final List<AppliedBlock> blocks = new ArrayList<>();
        try (JsonParser in = JSON.createParser(content))
        {
            if (JsonToken.START_OBJECT != in.nextToken())
            {
                throw new IOException(file + " is not a JSON object");
            }
            while (JsonToken.FIELD_NAME == in.nextToken())
            {
                final String name = in.currentName();
                final JsonToken value = in.nextToken();
                if ("mitigations".equals(name) && JsonToken.START_ARRAY == value)
                {
                    while (JsonToken.START_OBJECT == in.nextToken())
                    {
                        final AppliedBlock block = readEntry(in);
                        if (null == block)
                        {
                            malformedEntries++;
                        }
                        else
                        {
                            blocks.add(block);
                        }
                    }
                }
                else
                {
                    in.skipChildren();
                }
            }
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
        {
            throw new IOException(file + " is not valid JSON: " + ex.getOriginalMessage(), ex);
        }
        return blocks;
    }

    private static void writeOptional(final JsonGenerator out, final String name, final String value)
        throws IOException
    {
        if (null != value)
        {
            out.writeStringField(name, value);
        }
    }

    private static AppliedBlock readEntry(final JsonParser in) throws IOException
    {
        String incident = null;
        String action = null;
        final List<IpAddress> sources = new ArrayList<>();
        boolean badSource = false;
        long appliedAt = 0;
        long expiresAt = 0;
        String dstIp = null;
        String dstPort = null;
        String protocol = null;
        String family = null;
        boolean hasContext = false;
        while (JsonToken.FIELD_NAME == in.nextToken())
        {
            final String name = in.currentName();
            final JsonToken value = in.nextToken();
            switch (name)
            {
                case "incident" -> incident = JsonToken.VALUE_STRING == value ? in.getText() : null;
                case "action" -> action = JsonToken.VALUE_STRING == value ? in.getText() : null;
                case "applied_at_ms" -> appliedAt = JsonToken.VALUE_NUMBER_INT == value ? in.getLongValue() : 0;
                case "expires_at_ms" -> expiresAt = JsonToken.VALUE_NUMBER_INT == value ? in.getLongValue() : 0;
                case "sources" ->
                {
                    if (JsonToken.START_ARRAY != value)
                    {
                        badSource = true;
                        in.skipChildren();
                    }
                    else
                    {
                        for (JsonToken t = in.nextToken(); JsonToken.END_ARRAY != t; t = in.nextToken())
                        {
                            final IpAddress address = JsonToken.VALUE_STRING == t ? IpAddress.parse(in.getText()) : null;
                            if (null == address)
                            {
                                badSource = true;
                                in.skipChildren();
                            }
                            else
                            {
                                sources.add(address);
                            }
                        }
                    }
                }
                case "context" ->
                {
                    hasContext = JsonToken.START_OBJECT == value;
                    while (hasContext && JsonToken.FIELD_NAME == in.nextToken())
                    {
                        final String key = in.currentName();
                        final String text = JsonToken.VALUE_STRING == in.nextToken() ? in.getText() : null;
                        switch (key)
                        {
                            case "dst_ip" -> dstIp = text;
                            case "dst_port" -> dstPort = text;
                            case "protocol" -> protocol = text;
                            case "family" -> family = text;
                            default -> in.skipChildren();
                        }
                    }
                    if (!hasContext)
                    {
                        in.skipChildren();
                    }
                }
                default -> in.skipChildren();
            }
        }
        if (!IncidentId.isValid(incident) || null == action || badSource)
        {
            return null;
        }
        TemplateValues context = null;
        if (hasContext)
        {
            final IpAddress victim = null == dstIp ? null : IpAddress.parse(dstIp);
            final Port port = null == dstPort ? null : Port.parse(dstPort);
            final Protocol parsedProtocol = null == protocol ? null : Protocol.parse(protocol);
            if ((null != dstIp && null == victim) || (null != dstPort && null == port) ||
                (null != protocol && null == parsedProtocol) || (null != family && !IncidentId.isValid(family)))
            {
                return null;
            }
            context = new TemplateValues(null, victim, port, parsedProtocol, incident, family);
        }
        return new AppliedBlock(incident, action, sources, appliedAt, expiresAt, context);
    }
}
