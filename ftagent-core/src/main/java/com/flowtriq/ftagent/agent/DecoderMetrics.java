package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.decode.DecodeEvent;
import com.flowtriq.ftagent.report.MetricsWriter;

import java.util.function.ToLongFunction;

/**
 * The decoder's figures on {@code /metrics} besides malformed frames ({@link MalformedFrameMetrics}), so that
 * nothing it gives up on is silent:
 * <ul>
 *   <li>{@code ftagent_undecoded_frames_total{reason}}: frames counted but not decoded further, one series per
 *       {@link DecodeEvent} of kind {@link DecodeEvent.Kind#OTHER} (not IP, an IPv6 extension header the decoder
 *       does not walk, GRE it does not open, a later fragment whose first was not seen, a header cut by the snap
 *       length), zero included;</li>
 *   <li>{@code ftagent_fragment_table_evictions_total}: first fragments pushed out of the full fragment table while
 *       still live; the later fragments of those datagrams are counted without ports.</li>
 * </ul>
 *
 * <p>Cold path (a scrape): reads counters written by the capture threads with opaque reads.
 */
final class DecoderMetrics
{
    static final String UNDECODED = "ftagent_undecoded_frames_total";
    static final String FRAGMENT_EVICTIONS = "ftagent_fragment_table_evictions_total";

    private DecoderMetrics()
    {
    }

    /**
     * @param countOf           the frames of one reason, summed over the decoders.
     * @param fragmentEvictions fragment table evictions, summed over the decoders.
     */
    static void collect(final MetricsWriter w, final ToLongFunction<DecodeEvent> countOf, final long fragmentEvictions)
    {
        for (int i = 0; i < DecodeEvent.count(); i++)
        {
            final DecodeEvent event = DecodeEvent.fromReason(i);
            if (event.kind() == DecodeEvent.Kind.OTHER)
            {
                w.counter(UNDECODED, "Frames counted but not decoded further, by reason.", "reason",
                    event.dottedName(), countOf.applyAsLong(event));
            }
        }
        w.counter(FRAGMENT_EVICTIONS, "First fragments evicted from the full fragment table while still live.",
            fragmentEvictions);
    }
}
