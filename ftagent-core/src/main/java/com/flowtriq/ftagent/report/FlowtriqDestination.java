package com.flowtriq.ftagent.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivers outbox entries of the {@link #CHANNEL} channel to the Flowtriq agent API, mapping each entry kind
 * to its endpoint. Incident calls after the open use the server's uuid from {@link IncidentUuidMap}; the open's
 * reply fills it (a 2xx without a uuid is retried, as the protocol asks). Its channel's delivery thread only.
 */
public final class FlowtriqDestination implements Destination
{
    public static final String CHANNEL = "flowtriq";
    private static final System.Logger LOG = System.getLogger(FlowtriqDestination.class.getName());

    private final FlowtriqApiClient client;
    private final FlowtriqJson json;
    private final IncidentUuidMap uuids;
    private final ServerConfigParser configParser;
    private final ServerConfigListener configListener;

    /**
     * @param client         API client.
     * @param json           bodies and reply fields.
     * @param uuids          local id to server uuid.
     * @param configListener receives pending commands that come with an open's reply.
     */
    public FlowtriqDestination(
        final FlowtriqApiClient client,
        final FlowtriqJson json,
        final IncidentUuidMap uuids,
        final ServerConfigListener configListener)
    {
        this.client = client;
        this.json = json;
        this.uuids = uuids;
        this.configParser = new ServerConfigParser(json.factory());
        this.configListener = configListener;
    }

    @Override
    public String channel()
    {
        return CHANNEL;
    }

    @Override
    public DeliveryResult deliver(final OutboxEntry entry)
    {
        return switch (entry.kind())
        {
            case INCIDENT_OPEN -> open(entry);
            case INCIDENT_UPDATE -> withUuid(entry, "");
            case INCIDENT_RESOLVE -> withUuid(entry, "/resolve");
            case PCAP_UPLOAD -> pcap(entry);
            case COMMAND_ACK -> postJson("/agent/commands/ack", entry.body());
            case METRICS_SAMPLE -> postJson("/agent/metrics", entry.body());
            case L7_SAMPLE -> postJson("/agent/l7/metrics", entry.body());
            case NOTIFICATION -> DeliveryResult.dead(0, "notification routed to the Flowtriq channel");
            case MITIGATION_APPLY, MITIGATION_REVERT ->
                DeliveryResult.dead(0, "mitigation request routed to the Flowtriq channel");
        };
    }

    private DeliveryResult postJson(final String path, final byte[] body)
    {
        return client.post(path, FlowtriqApiClient.JSON, body, Map.of()).toDeliveryResult(json::messageOf);
    }

    private DeliveryResult open(final OutboxEntry entry)
    {
        if (uuids.uuidOf(entry.incidentId()) != null)
        {
            // Delivered before a crash that came between the reply and the delete: do not open it twice.
            return DeliveryResult.delivered();
        }
        final HttpOutcome outcome = client.post("/agent/incidents", FlowtriqApiClient.JSON, entry.body(), Map.of());
        if (!outcome.isSuccess())
        {
            return outcome.toDeliveryResult(json::messageOf);
        }
        final String uuid = json.uuidOf(outcome.body());
        if (uuid == null)
        {
            return DeliveryResult.retry(outcome.statusCode(), 0, "incident open reply without a usable uuid");
        }
        try
        {
            uuids.put(entry.incidentId(), uuid);
        }
        catch (final IOException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "could not persist uuid of " + entry.incidentId() + ": " + ex);
        }
        final ServerConfig pushed = configParser.parse(outcome.body());
        if (!pushed.pendingCommands().isEmpty())
        {
            configListener.onPendingCommands(pushed.pendingCommands());
        }
        return DeliveryResult.delivered();
    }

    private DeliveryResult withUuid(final OutboxEntry entry, final String suffix)
    {
        final String uuid = uuids.uuidOf(entry.incidentId());
        if (uuid == null)
        {
            // FIFO order means the open went first; no uuid now means it was rejected for good.
            return DeliveryResult.dead(0, "no server uuid for incident " + entry.incidentId() + " (open rejected)");
        }
        return postJson("/agent/incidents/" + uuid + suffix, entry.body());
    }

    private DeliveryResult pcap(final OutboxEntry entry)
    {
        final PcapUploadJob job = PcapUploadJob.fromJson(json.factory(), entry.body());
        if (job == null)
        {
            return DeliveryResult.dead(0, "malformed pcap upload description");
        }
        final String uuid = uuids.uuidOf(entry.incidentId());
        if (uuid == null)
        {
            return DeliveryResult.dead(0, "no server uuid for incident " + entry.incidentId() + " (open rejected)");
        }
        final byte[] bytes;
        try
        {
            bytes = readRange(Path.of(job.file()), job.offset(), job.length());
        }
        catch (final IOException ex)
        {
            return DeliveryResult.dead(0, "pcap file unreadable: " + ex);
        }
        final String path = "/agent/incidents/" + uuid + "/pcap";
        final HttpOutcome outcome;
        if (job.isMultipart())
        {
            final String boundary = "ftagent-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
            outcome = client.post(path, "multipart/form-data; boundary=" + boundary,
                multipart(boundary, Path.of(job.file()).getFileName().toString(), bytes), Map.of());
        }
        else
        {
            outcome = client.post(path, "application/octet-stream", bytes, Map.of(
                "X-Chunk-Index", Integer.toString(job.chunkIndex()),
                "X-Chunk-Total", Integer.toString(job.chunkTotal()),
                "X-Upload-Id", job.uploadId()));
        }
        return outcome.toDeliveryResult(json::messageOf);
    }

    static byte[] multipart(final String boundary, final String fileName, final byte[] content)
    {
        final String safeName = fileName.replace('"', '_').replace('\r', '_').replace('\n', '_');
        final byte[] head = ("--" + boundary + "\r\n" +
            "Content-Disposition: form-data; name=\"pcap\"; filename=\"" + safeName + "\"\r\n" +
            "Content-Type: application/vnd.tcpdump.pcap\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        final byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        final byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return body;
    }

    private static byte[] readRange(final Path file, final long offset, final long length) throws IOException
    {
        if (length > PcapUploadJob.CHUNK_BYTES)
        {
            throw new IOException("range of " + length + " bytes exceeds a chunk");
        }
        final ByteBuffer buffer = ByteBuffer.allocate((int)length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            long position = offset;
            while (buffer.hasRemaining())
            {
                final int read = channel.read(buffer, position);
                if (read < 0)
                {
                    throw new IOException("file shorter than expected");
                }
                position += read;
            }
        }
        return buffer.array();
    }
}
