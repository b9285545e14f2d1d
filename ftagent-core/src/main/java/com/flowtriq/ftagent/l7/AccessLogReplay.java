package com.flowtriq.ftagent.l7;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Offline L7 detection over one access log ({@code ftagent replay --access-log FILE}): the log's own timestamps are
 * the clock, the file is read as fast as it goes, and every incident event is written as one JSON line. The CLI
 * wires its options to {@link #replay}; nothing here prints on its own.
 * <p>
 * An incident still open at the end of the log is left open: the log does not say that the attack stopped.
 */
public final class AccessLogReplay
{
    /** Bytes read from the head of the file to detect its format. */
    public static final int DETECTION_SAMPLE_BYTES = 64 * 1024;

    /** What a replay did, for the CLI's summary and for tests. */
    public record Summary(AccessLogFormat format, long requests, long malformedLines, long oversizeLines,
        long incidentsOpened)
    {
    }

    private AccessLogReplay()
    {
    }

    /**
     * @param file           the access log.
     * @param format         its format, or null for auto-detection.
     * @param settings       detection settings.
     * @param trustedProxies proxies whose forwarded addresses are believed.
     * @param maxLineBytes   {@code l7_max_line_bytes}.
     * @param out            receives one JSON object per incident event, each followed by a newline.
     * @return the summary.
     * @throws IOException              if the file cannot be read.
     * @throws IllegalArgumentException if format is null and cannot be detected.
     */
    public static Summary replay(
        final Path file,
        final AccessLogFormat format,
        final L7DetectorSettings settings,
        final TrustedProxies trustedProxies,
        final int maxLineBytes,
        final Writer out) throws IOException
    {
        final AccessLogFormat resolved = format != null ? format : detect(file);
        final JsonFactory factory = new JsonFactory();
        final IOException[] writeFailure = new IOException[1];
        final L7FloodDetector detector = new L7FloodDetector(settings, incident ->
        {
            if (writeFailure[0] == null)
            {
                try
                {
                    incident.writeJson(factory, out);
                    out.write('\n');
                }
                catch (final IOException | RuntimeException ex)
                {
                    writeFailure[0] = ex instanceof IOException io ? io : new IOException(ex);
                }
            }
        });
        final L7LogIngest ingest = new L7LogIngest(
            resolved.newParser(trustedProxies), new L7Window(L7Window.DEFAULT_SKETCH_CAPACITY), detector);
        final long oversize;
        try (AccessLogTailer tailer = new AccessLogTailer(file, maxLineBytes, false, ingest))
        {
            while (tailer.poll() > 0)
            {
                // Read to the end.
            }
            oversize = tailer.oversizeLines();
            if (tailer.missingPolls() > 0 && tailer.linesDelivered() == 0)
            {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
        }
        ingest.flush();
        out.flush();
        if (writeFailure[0] != null)
        {
            throw writeFailure[0];
        }
        return new Summary(resolved, ingest.parseCount(ParseStatus.OK), ingest.malformedLines(), oversize,
            detector.incidentsOpened());
    }

    /** Detects the format from the head of the file, using the path to name an NCSA-family log. */
    public static AccessLogFormat detect(final Path file) throws IOException
    {
        final byte[] sample;
        try (InputStream in = Files.newInputStream(file))
        {
            sample = in.readNBytes(DETECTION_SAMPLE_BYTES);
        }
        final String name = file.toString().toLowerCase(Locale.ROOT);
        final AccessLogFormat hint = name.contains("apache") || name.contains("httpd") ?
            AccessLogFormat.APACHE_COMBINED :
            name.contains("lsws") || name.contains("litespeed") ? AccessLogFormat.LITESPEED : null;
        final AccessLogFormat detected = AccessLogFormatDetector.detect(new UnsafeBuffer(sample), 0, sample.length, hint);
        if (detected == null)
        {
            throw new IllegalArgumentException("cannot detect the access-log format of " + file +
                "; give --log-format");
        }
        return detected;
    }
}
