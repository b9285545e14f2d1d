package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.decode.DecodeEvent;
import com.flowtriq.ftagent.report.MetricsWriter;

import java.util.function.ToLongFunction;

/**
 * The {@code ftagent_malformed_frames_total} family on {@code /metrics}: frames whose headers contradict
 * themselves or the frame, one series per {@link DecodeEvent} of kind {@link DecodeEvent.Kind#MALFORMED}, labelled
 * {@code reason} with the event's stable dotted name (for example {@code decode.ipv4.trunc_pkt}). Every reason is
 * written, zero included, so a series exists before its first malformed frame.
 *
 * <p>Cold path (a scrape): reads counters written by the capture threads with opaque reads.
 */
final class MalformedFrameMetrics
{
    static final String NAME = "ftagent_malformed_frames_total";
    private static final String HELP = "Frames dropped as malformed by the decoder, by reason.";

    private MalformedFrameMetrics()
    {
    }

    /**
     * @param countOf the malformed frames of one reason, summed over the decoders.
     */
    static void collect(final MetricsWriter w, final ToLongFunction<DecodeEvent> countOf)
    {
        for (int i = 0; i < DecodeEvent.count(); i++)
        {
            final DecodeEvent event = DecodeEvent.fromReason(i);
            if (event.kind() == DecodeEvent.Kind.MALFORMED)
            {
                w.counter(NAME, HELP, "reason", event.dottedName(), countOf.applyAsLong(event));
            }
        }
    }
}
