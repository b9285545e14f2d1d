package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * One PCAP upload request as stored in the outbox: which byte range of which file to send, and how. The bytes
 * stay in the pcap file; the outbox holds only this small description, so a 50 MB capture does not fill it.
 * {@code chunkTotal == 0} means a single multipart upload of the whole (small) file.
 *
 * @param file       absolute path of the pcap file.
 * @param offset     first byte of the range.
 * @param length     bytes in the range.
 * @param chunkIndex 0-based chunk index.
 * @param chunkTotal number of chunks, or 0 for multipart.
 * @param uploadId   16 hex characters shared by all chunks of a file.
 */
public record PcapUploadJob(String file, long offset, long length, int chunkIndex, int chunkTotal, String uploadId)
{
    /** Files up to this size go as one multipart field; larger ones as raw chunks of this size. */
    public static final long CHUNK_BYTES = 2L * 1024 * 1024;

    public boolean isMultipart()
    {
        return chunkTotal == 0;
    }

    /**
     * @param file     the pcap file.
     * @param size     its size in bytes.
     * @param uploadId the id for its chunks.
     * @return one multipart job, or one job per 2 MiB chunk.
     */
    public static List<PcapUploadJob> plan(final String file, final long size, final String uploadId)
    {
        final List<PcapUploadJob> jobs = new ArrayList<>();
        if (size <= CHUNK_BYTES)
        {
            jobs.add(new PcapUploadJob(file, 0, size, 0, 0, uploadId));
            return jobs;
        }
        final int total = (int)((size + CHUNK_BYTES - 1) / CHUNK_BYTES);
        for (int i = 0; i < total; i++)
        {
            final long offset = i * CHUNK_BYTES;
            jobs.add(new PcapUploadJob(file, offset, Math.min(CHUNK_BYTES, size - offset), i, total, uploadId));
        }
        return jobs;
    }

    byte[] toJson(final FlowtriqJson json)
    {
        return json.write((g) ->
        {
            g.writeStringField("file", file);
            g.writeNumberField("offset", offset);
            g.writeNumberField("length", length);
            g.writeNumberField("index", chunkIndex);
            g.writeNumberField("total", chunkTotal);
            g.writeStringField("upload_id", uploadId);
        });
    }

    /**
     * @return the job, or null if the stored description is malformed.
     */
    static PcapUploadJob fromJson(final JsonFactory factory, final byte[] body)
    {
        String file = null;
        long offset = -1;
        long length = -1;
        int index = -1;
        int total = -1;
        String uploadId = null;
        try (JsonParser parser = factory.createParser(body))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                parser.nextToken();
                switch (name)
                {
                    case "file" -> file = parser.getValueAsString();
                    case "offset" -> offset = parser.getValueAsLong(-1);
                    case "length" -> length = parser.getValueAsLong(-1);
                    case "index" -> index = parser.getValueAsInt(-1);
                    case "total" -> total = parser.getValueAsInt(-1);
                    case "upload_id" -> uploadId = parser.getValueAsString();
                    default -> parser.skipChildren();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
        if (file == null || uploadId == null || offset < 0 || length < 0 || index < 0 || total < 0)
        {
            return null;
        }
        return new PcapUploadJob(file, offset, length, index, total, uploadId);
    }
}
