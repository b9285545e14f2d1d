package com.flowtriq.ftagent.l7;

import com.flowtriq.ftagent.config.AtomicFileWrite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The tailers' checkpoints on disk, {@code <state_dir>/l7-offsets.json}, so that a restart continues each access
 * log where the last run stopped instead of at its end:
 * <pre>
 * {"version":1,"logs":[{"path":"/var/log/nginx/access.log","device":2049,"inode":1234,
 *   "fingerprint":-4233...,"fingerprint_length":64,"offset":981234}]}
 * </pre>
 * Writes are atomic: a temporary file (mode 0600) is written and forced to disk, renamed over the old file, and the
 * directory is forced; a reader sees the old file or the new one. Loading never throws on content: a missing file
 * is a first start; a file that is not this JSON, has another version or cannot be read is logged and ignored
 * (every log then starts at its end, as on a first start); an entry with impossible values is logged and skipped.
 * <p>
 * Stateless apart from the paths; called by the L7 thread (load before it starts, save every few seconds and on
 * close).
 */
public final class TailerCheckpointFile
{
    public static final String FILE_NAME = "l7-offsets.json";
    public static final int VERSION = 1;

    private static final System.Logger LOGGER = System.getLogger(TailerCheckpointFile.class.getName());
    private static final long MAX_FILE_BYTES = 1 << 20;

    private final Path file;
    private final JsonFactory jsonFactory;

    /**
     * @param stateDir    the agent's {@code state_dir}.
     * @param jsonFactory for reading and writing.
     */
    public TailerCheckpointFile(final Path stateDir, final JsonFactory jsonFactory)
    {
        this.file = stateDir.resolve(FILE_NAME);
        this.jsonFactory = jsonFactory;
    }

    /** The checkpoint file. */
    public Path file()
    {
        return file;
    }

    /**
     * @return the saved checkpoints by path; empty when there is no file or it cannot be used (logged).
     */
    public Map<String, TailerCheckpoint> load()
    {
        final byte[] bytes;
        try
        {
            if (Files.size(file) > MAX_FILE_BYTES)
            {
                LOGGER.log(System.Logger.Level.WARNING, "L7: " + file + " is larger than " + MAX_FILE_BYTES +
                    " bytes: ignored, every access log starts at its end");
                return Map.of();
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return Map.of();
        }
        catch (final IOException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "L7: cannot read " + file + " (" + ex + "): ignored, every " +
                "access log starts at its end");
            return Map.of();
        }
        try
        {
            return parse(bytes);
        }
        catch (final IOException | RuntimeException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "L7: " + file + " is not a checkpoint file of this version (" +
                ex.getMessage() + "): ignored, every access log starts at its end");
            return Map.of();
        }
    }

    private Map<String, TailerCheckpoint> parse(final byte[] bytes) throws IOException
    {
        final Map<String, TailerCheckpoint> checkpoints = new LinkedHashMap<>();
        try (JsonParser parser = jsonFactory.createParser(bytes))
        {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            long version = -1;
            boolean sawLogs = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                if ("version".equals(name))
                {
                    expect(value == JsonToken.VALUE_NUMBER_INT, "version is not an integer");
                    version = parser.getLongValue();
                }
                else if ("logs".equals(name))
                {
                    expect(value == JsonToken.START_ARRAY, "logs is not an array");
                    sawLogs = true;
                    while (parser.nextToken() == JsonToken.START_OBJECT)
                    {
                        final TailerCheckpoint checkpoint = entry(parser);
                        if (checkpoint.path() == null || !checkpoint.plausible())
                        {
                            LOGGER.log(System.Logger.Level.WARNING, "L7: " + file + ": entry " + checkpoint +
                                " is impossible: skipped");
                        }
                        else
                        {
                            checkpoints.put(checkpoint.path(), checkpoint);
                        }
                    }
                    expect(parser.currentToken() == JsonToken.END_ARRAY, "logs holds a non-object");
                }
                else
                {
                    parser.skipChildren();
                }
            }
            expect(parser.currentToken() == JsonToken.END_OBJECT, "truncated");
            expect(parser.nextToken() == null, "content after the object");
            expect(version == VERSION, "version " + version + ", expected " + VERSION);
            expect(sawLogs, "no logs");
        }
        return checkpoints;
    }

    private static TailerCheckpoint entry(final JsonParser parser) throws IOException
    {
        String path = null;
        long device = 0;
        long inode = 0;
        long fingerprint = 0;
        long fingerprintLength = -1;
        long offset = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken value = parser.nextToken();
            if ("path".equals(name))
            {
                expect(value == JsonToken.VALUE_STRING, "path is not a string");
                path = parser.getText();
                continue;
            }
            if (value != JsonToken.VALUE_NUMBER_INT)
            {
                expect(!value.isStructStart(), name + " is not a number");
                continue;
            }
            switch (name)
            {
                case "device" -> device = parser.getLongValue();
                case "inode" -> inode = parser.getLongValue();
                case "fingerprint" -> fingerprint = parser.getLongValue();
                case "fingerprint_length" -> fingerprintLength = parser.getLongValue();
                case "offset" -> offset = parser.getLongValue();
                default ->
                {
                    // Unknown numbers are ignored, so a later version may add fields.
                }
            }
        }
        expect(parser.currentToken() == JsonToken.END_OBJECT, "truncated entry");
        final int length = (int)Math.max(-1, Math.min(Integer.MAX_VALUE, fingerprintLength));
        return new TailerCheckpoint(path, device, inode, fingerprint, length, offset);
    }

    private static void expect(final boolean condition, final String what) throws IOException
    {
        if (!condition)
        {
            throw new IOException(what);
        }
    }

    /**
     * Replaces the file with these checkpoints, atomically.
     *
     * @param checkpoints one per log.
     * @throws IOException if the directory or file cannot be written; the old file stays as it was.
     */
    public void save(final List<TailerCheckpoint> checkpoints) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 160 * checkpoints.size());
        try (JsonGenerator json = jsonFactory.createGenerator(bytes))
        {
            json.writeStartObject();
            json.writeNumberField("version", VERSION);
            json.writeArrayFieldStart("logs");
            for (final TailerCheckpoint checkpoint : checkpoints)
            {
                json.writeStartObject();
                json.writeStringField("path", checkpoint.path());
                json.writeNumberField("device", checkpoint.device());
                json.writeNumberField("inode", checkpoint.inode());
                json.writeNumberField("fingerprint", checkpoint.fingerprint());
                json.writeNumberField("fingerprint_length", checkpoint.fingerprintLength());
                json.writeNumberField("offset", checkpoint.offset());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        bytes.write('\n');

        AtomicFileWrite.write(file, bytes.toByteArray(), bytes.size());
    }
}
