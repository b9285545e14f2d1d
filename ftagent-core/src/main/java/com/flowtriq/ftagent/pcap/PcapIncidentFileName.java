package com.flowtriq.ftagent.pcap;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Names of incident capture files: {@code <incident_id>_<UTC yyyyMMddTHHmmssZ>.pcap}. The incident id is kept to
 * the characters {@code [A-Za-z0-9._-]} (others become {@code _}) and 128 characters, so that an id can never
 * leave the capture directory or hide a file. Retention deletes only files whose names match {@link #PATTERN}.
 */
public final class PcapIncidentFileName
{
    public static final int MAX_ID_LENGTH = 128;
    public static final String SUFFIX = ".pcap";
    /** What every incident file name we write matches. */
    public static final Pattern PATTERN =
        Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0," + (MAX_ID_LENGTH - 1) + "}_\\d{8}T\\d{6}Z\\.pcap");

    private static final DateTimeFormatter UTC_SECONDS =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private PcapIncidentFileName()
    {
    }

    /** The file name for an incident opened at {@code openedAtNanos} (nanoseconds since the epoch). */
    public static String of(final String incidentId, final long openedAtNanos)
    {
        final StringBuilder name = new StringBuilder(MAX_ID_LENGTH + 24);
        final int length = Math.min(incidentId.length(), MAX_ID_LENGTH);
        for (int i = 0; i < length; i++)
        {
            final char c = incidentId.charAt(i);
            final boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || (c == '.' && i > 0);
            name.append(safe ? c : '_');
        }
        if (length == 0)
        {
            name.append('_');
        }
        name.append('_')
            .append(UTC_SECONDS.format(Instant.ofEpochSecond(Math.floorDiv(openedAtNanos, 1_000_000_000L))))
            .append(SUFFIX);
        return name.toString();
    }

    /** Whether {@code fileName} is one this project writes. */
    public static boolean matches(final String fileName)
    {
        return PATTERN.matcher(fileName).matches();
    }
}
