package com.flowtriq.ftagent.l7;

import org.agrona.DirectBuffer;

/**
 * Picks the format of a log from its first lines ({@code format: auto}): every candidate parser reads the sample and
 * the one that takes the most lines as requests wins; ties go to the more specific format (JSON, HAProxy and
 * vhost_combined before the plain NCSA family). Cold path: run once per file, allocates its parsers.
 */
public final class AccessLogFormatDetector
{
    /** Lines of the sample looked at. */
    public static final int MAX_SAMPLE_LINES = 64;

    private static final AccessLogFormat[] CANDIDATES = {
        AccessLogFormat.CADDY_JSON, AccessLogFormat.NGINX_JSON, AccessLogFormat.HAPROXY_HTTP,
        AccessLogFormat.APACHE_VHOST_COMBINED, AccessLogFormat.NGINX_COMBINED };

    private AccessLogFormatDetector()
    {
    }

    /**
     * @param sample   the first bytes of the log.
     * @param offset   start of the sample.
     * @param length   of the sample; a last line without newline is ignored.
     * @param fallback the NCSA-family name to report (nginx, Apache or LiteSpeed, known from where the file lives),
     *                 used when the NCSA parser wins; null for {@link AccessLogFormat#NGINX_COMBINED}.
     * @return the detected format, or null when no format reads at least half of the non-empty sample lines.
     */
    public static AccessLogFormat detect(
        final DirectBuffer sample, final int offset, final int length, final AccessLogFormat fallback)
    {
        final AccessLogRecord record = new AccessLogRecord();
        AccessLogFormat best = null;
        int bestOk = 0;
        int lines = 0;
        for (final AccessLogFormat candidate : CANDIDATES)
        {
            final AccessLogParser parser = candidate.newParser();
            int ok = 0;
            int nonEmpty = 0;
            int start = offset;
            final int end = offset + length;
            for (int i = offset; i < end && nonEmpty < MAX_SAMPLE_LINES; i++)
            {
                if (sample.getByte(i) == '\n')
                {
                    final ParseStatus status = parser.parse(sample, start, i - start, record);
                    if (status != ParseStatus.EMPTY)
                    {
                        nonEmpty++;
                    }
                    if (status == ParseStatus.OK)
                    {
                        ok++;
                    }
                    start = i + 1;
                }
            }
            lines = nonEmpty;
            if (ok > bestOk)
            {
                bestOk = ok;
                best = candidate;
            }
        }
        if (best == null || bestOk * 2 < lines)
        {
            return null;
        }
        if (best == AccessLogFormat.NGINX_COMBINED && fallback != null)
        {
            return fallback;
        }
        return best;
    }
}
