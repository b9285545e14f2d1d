package com.flowtriq.ftagent.incident;

import java.util.List;

/**
 * One incident event ({@code open}, {@code update} or {@code resolve}) in the schema of DESIGN.md; the same object
 * feeds the replay output, the journal, the API mapping and the notifiers through {@link IncidentJson}.
 * <p>
 * A mutable, reused value with fixed-capacity lists: the detector fills it and hands it to each
 * {@link IncidentListener} in turn on the detection thread; it is overwritten by the next event. Strings in it are
 * constants (names) or the incident id made once at open.
 */
public final class IncidentEvent
{
    /** The most vectors listed for a multi-vector attack. */
    public static final int MAX_VECTORS = 8;
    /** The most entries in each top list. */
    public static final int MAX_TOP = 10;
    /** The most evidence values. */
    public static final int MAX_EVIDENCE = 32;
    /** Protocol classes in {@link #protocolPackets(int)}. */
    public static final int PROTOCOLS = 6;
    /** TCP flag classes in {@link #tcpFlagPackets(int)}. */
    public static final int FLAG_CLASSES = 10;

    /** Names of the protocol classes in {@link #protocolPackets(int)}, as printed. */
    public static final String[] PROTOCOL_NAMES = { "tcp", "udp", "icmp", "icmpv6", "gre", "other" };
    /** Names of the TCP flag classes in {@link #tcpFlagPackets(int)}, as printed. */
    public static final String[] FLAG_CLASS_NAMES =
        { "syn", "syn_ack", "ack", "rst", "fin", "psh_ack", "urg", "null", "xmas", "other" };

    /** Value of {@link #endedAtMillis()} while the incident is open. */
    public static final long NOT_ENDED = -1;

    /** What happened. */
    public enum Type
    {
        OPEN("open"),
        UPDATE("update"),
        RESOLVE("resolve");

        private final String wireName;

        Type(final String wireName)
        {
            this.wireName = wireName;
        }

        /** The value of the {@code event} field. */
        public String wireName()
        {
            return wireName;
        }
    }

    private String incidentId;
    private String kind = "l3l4";
    private Type type;
    private String family;
    private String subtype;
    private String resolveReason;
    private boolean truncated;
    private long startedAtMillis;
    private long tsMillis;
    private long endedAtMillis = NOT_ENDED;
    private long seconds;
    private long packets;
    private long bytes;
    private long currentPps;
    private long currentBps;
    private long peakPps;
    private long peakBps;
    private long baselinePps;
    private long baselineBps;
    private long thresholdPps;
    private long thresholdBps;
    private int confidence;
    private String pcapFile;
    private long pcapPackets;
    private long pcapDropped;
    private List<MitigationEntry> mitigation = List.of();

    private final String[] vectorFamilies = new String[MAX_VECTORS];
    private final String[] vectorSubtypes = new String[MAX_VECTORS];
    private final double[] vectorShares = new double[MAX_VECTORS];
    private int vectorCount;

    private final String[] evidenceNames = new String[MAX_EVIDENCE];
    private final double[] evidenceValues = new double[MAX_EVIDENCE];
    private int evidenceCount;

    private final long[] protocolPackets = new long[PROTOCOLS];
    private final long[] tcpFlagPackets = new long[FLAG_CLASSES];

    private final TopList topSources = new TopList(TopList.SOURCE_ADDRESS, MAX_TOP);
    private final TopList topDestinations = new TopList(TopList.DESTINATION_ADDRESS, MAX_TOP);
    private final TopList topDstPorts = new TopList(TopList.PORT, MAX_TOP);
    private final TopList topSrcPorts = new TopList(TopList.PORT, MAX_TOP);

    /** Resets the per-event lists (vectors, evidence, tops) before the detector fills them again. */
    public void clearLists()
    {
        vectorCount = 0;
        evidenceCount = 0;
        topSources.clear();
        topDestinations.clear();
        topDstPorts.clear();
        topSrcPorts.clear();
        mitigation = List.of();
    }

    public IncidentEvent incidentId(final String incidentId)
    {
        this.incidentId = incidentId;
        return this;
    }

    public String incidentId()
    {
        return incidentId;
    }

    public IncidentEvent kind(final String kind)
    {
        this.kind = kind;
        return this;
    }

    /** {@code l3l4} or {@code l7}. */
    public String kind()
    {
        return kind;
    }

    public IncidentEvent type(final Type type)
    {
        this.type = type;
        return this;
    }

    public Type type()
    {
        return type;
    }

    public IncidentEvent family(final String family)
    {
        this.family = family;
        return this;
    }

    public String family()
    {
        return family;
    }

    public IncidentEvent subtype(final String subtype)
    {
        this.subtype = subtype;
        return this;
    }

    public String subtype()
    {
        return subtype;
    }

    public IncidentEvent resolveReason(final String resolveReason)
    {
        this.resolveReason = resolveReason;
        return this;
    }

    /** Why a {@code resolve} happened ({@code below_threshold}, {@code baseline_adapted}, {@code end_of_input}); null otherwise. */
    public String resolveReason()
    {
        return resolveReason;
    }

    public IncidentEvent truncated(final boolean truncated)
    {
        this.truncated = truncated;
        return this;
    }

    /** True on a resolve forced by the end of the input while the attack was still going. */
    public boolean truncated()
    {
        return truncated;
    }

    public IncidentEvent startedAtMillis(final long startedAtMillis)
    {
        this.startedAtMillis = startedAtMillis;
        return this;
    }

    /** The start of the first second above threshold (not the confirming tick). */
    public long startedAtMillis()
    {
        return startedAtMillis;
    }

    public IncidentEvent tsMillis(final long tsMillis)
    {
        this.tsMillis = tsMillis;
        return this;
    }

    /** When the event was produced: the end of the tick's second. */
    public long tsMillis()
    {
        return tsMillis;
    }

    public IncidentEvent endedAtMillis(final long endedAtMillis)
    {
        this.endedAtMillis = endedAtMillis;
        return this;
    }

    /** The end of the attack on {@code resolve}; {@link #NOT_ENDED} otherwise. */
    public long endedAtMillis()
    {
        return endedAtMillis;
    }

    public IncidentEvent totals(final long seconds, final long packets, final long bytes)
    {
        this.seconds = seconds;
        this.packets = packets;
        this.bytes = bytes;
        return this;
    }

    /** Seconds of traffic counted into the incident so far. */
    public long seconds()
    {
        return seconds;
    }

    /** Packets counted into the incident so far. */
    public long packets()
    {
        return packets;
    }

    /** Wire bytes counted into the incident so far. */
    public long bytes()
    {
        return bytes;
    }

    public IncidentEvent rates(
        final long currentPps, final long currentBps, final long peakPps, final long peakBps)
    {
        this.currentPps = currentPps;
        this.currentBps = currentBps;
        this.peakPps = peakPps;
        this.peakBps = peakBps;
        return this;
    }

    public long currentPps()
    {
        return currentPps;
    }

    public long currentBps()
    {
        return currentBps;
    }

    public long peakPps()
    {
        return peakPps;
    }

    public long peakBps()
    {
        return peakBps;
    }

    public IncidentEvent reference(
        final long baselinePps, final long baselineBps, final long thresholdPps, final long thresholdBps)
    {
        this.baselinePps = baselinePps;
        this.baselineBps = baselineBps;
        this.thresholdPps = thresholdPps;
        this.thresholdBps = thresholdBps;
        return this;
    }

    public long baselinePps()
    {
        return baselinePps;
    }

    public long baselineBps()
    {
        return baselineBps;
    }

    public long thresholdPps()
    {
        return thresholdPps;
    }

    public long thresholdBps()
    {
        return thresholdBps;
    }

    public IncidentEvent confidence(final int confidence)
    {
        this.confidence = Math.max(0, Math.min(100, confidence));
        return this;
    }

    /** 0..100. */
    public int confidence()
    {
        return confidence;
    }

    /** Adds a vector of a multi-vector attack; ignored beyond {@link #MAX_VECTORS}. */
    public void addVector(final String family, final String subtype, final double share)
    {
        if (vectorCount < MAX_VECTORS)
        {
            vectorFamilies[vectorCount] = family;
            vectorSubtypes[vectorCount] = subtype;
            vectorShares[vectorCount] = share;
            vectorCount++;
        }
    }

    public int vectorCount()
    {
        return vectorCount;
    }

    public String vectorFamily(final int i)
    {
        return vectorFamilies[i];
    }

    public String vectorSubtype(final int i)
    {
        return vectorSubtypes[i];
    }

    /** The vector's share of the attack's (excess) packets, 0..1. */
    public double vectorShare(final int i)
    {
        return vectorShares[i];
    }

    /** Adds an evidence value; ignored beyond {@link #MAX_EVIDENCE}. */
    public void addEvidence(final String name, final double value)
    {
        if (evidenceCount < MAX_EVIDENCE)
        {
            evidenceNames[evidenceCount] = name;
            evidenceValues[evidenceCount] = value;
            evidenceCount++;
        }
    }

    public int evidenceCount()
    {
        return evidenceCount;
    }

    public String evidenceName(final int i)
    {
        return evidenceNames[i];
    }

    public double evidenceValue(final int i)
    {
        return evidenceValues[i];
    }

    /** Evidence value by name, or {@code Double.NaN}; for tests and reports (linear scan). */
    public double evidence(final String name)
    {
        for (int i = 0; i < evidenceCount; i++)
        {
            if (evidenceNames[i].equals(name))
            {
                return evidenceValues[i];
            }
        }
        return Double.NaN;
    }

    public IncidentEvent protocolPackets(final int protocol, final long packetCount)
    {
        protocolPackets[protocol] = packetCount;
        return this;
    }

    /** Incident packets of a protocol class (tcp, udp, icmp, icmpv6, gre, other). */
    public long protocolPackets(final int protocol)
    {
        return protocolPackets[protocol];
    }

    public IncidentEvent tcpFlagPackets(final int flagClass, final long packetCount)
    {
        tcpFlagPackets[flagClass] = packetCount;
        return this;
    }

    /** Incident TCP packets of a flag class. */
    public long tcpFlagPackets(final int flagClass)
    {
        return tcpFlagPackets[flagClass];
    }

    /**
     * Names the incident's capture on a {@code resolve}: set by the agent's dispatch before the listeners see the
     * event. The writer finishes asynchronously, so the counts are those known when the incident resolved.
     *
     * @param file    the capture file's path, or null when no capture was written (PCAP off, refused, failed).
     * @param packets frames written to the file so far.
     * @param dropped frames dropped from the capture so far (ring to the writer full).
     */
    public IncidentEvent pcap(final String file, final long packets, final long dropped)
    {
        this.pcapFile = file;
        this.pcapPackets = packets;
        this.pcapDropped = dropped;
        return this;
    }

    /** The capture file of a resolved incident ({@code pcap_file}), or null for none. */
    public String pcapFile()
    {
        return pcapFile;
    }

    /** {@code pcap_packets}: frames written to {@link #pcapFile()} when the incident resolved. */
    public long pcapPackets()
    {
        return pcapPackets;
    }

    /** {@code pcap_dropped}: frames dropped from the capture when the incident resolved. */
    public long pcapDropped()
    {
        return pcapDropped;
    }

    /**
     * Hangs the mitigation worker's latest published entries for this incident on the event: set by the agent's
     * dispatch before the reporting listeners see the event. The list is immutable and shared, not copied, so
     * setting it allocates nothing.
     *
     * @param entries what mitigation did for this incident so far, empty for nothing (or mitigation off).
     */
    public IncidentEvent mitigation(final List<MitigationEntry> entries)
    {
        this.mitigation = null == entries ? List.of() : entries;
        return this;
    }

    /** The {@code mitigation} section: actions applied, failed, refused or reverted for this incident so far. */
    public List<MitigationEntry> mitigation()
    {
        return mitigation;
    }

    public TopList topSources()
    {
        return topSources;
    }

    public TopList topDestinations()
    {
        return topDestinations;
    }

    public TopList topDstPorts()
    {
        return topDstPorts;
    }

    public TopList topSrcPorts()
    {
        return topSrcPorts;
    }
}
