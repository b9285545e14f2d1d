package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.capture.PcapFileSource;
import com.flowtriq.ftagent.count.RecordPublisher;
import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.decode.FrameDecoder;
import com.flowtriq.ftagent.incident.IncidentListener;
import com.flowtriq.ftagent.testbed.RealCaptures;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A minimal replay for tests: pcap file, decoder, single-threaded counting stage, packet clock, second ticker and
 * detector, wired as {@code ftagent replay} wires them. Ticks the seconds the clock passes before publishing the
 * packet that moved it, so each record lands in its own second.
 */
final class CaptureReplay
{
    private CaptureReplay()
    {
    }

    /** The shared real captures directory, or a skipped test with the reason. */
    static Path realCapture(final String name)
    {
        return RealCaptures.pcap(name);
    }

    /** Replays a file; returns the detector after {@link Detector#finish}. */
    static Detector replay(final Path file, final DetectionSettings settings, final IncidentListener listener)
        throws IOException
    {
        final Detector detector = new Detector(settings, listener);
        try (PcapFileSource source = PcapFileSource.open(file);
            SingleThreadedCountingStage stage = new SingleThreadedCountingStage())
        {
            final FrameDecoder decoder = new FrameDecoder(source.linkType());
            final RecordPublisher publisher = stage.newPublisher();
            final TrafficWindow window = stage.newWindow();
            final TrafficWindowSample sample = new TrafficWindowSample().wrap(window);
            final PacketClock clock = new PacketClock();
            final SecondTicker ticker = new SecondTicker(3600);

            while (source.poll((frame, offset, capturedLength, wireLength, timestampNanos) ->
            {
                clock.advance(timestampNanos);
                long second;
                while ((second = ticker.pollDueSecond(clock.epochNanos())) != SecondTicker.NO_TICK)
                {
                    stage.tick(second, window);
                    detector.onTick(second, sample);
                }
                final int index = publisher.claim(0);
                if (index >= 0)
                {
                    decoder.decode(frame, offset, capturedLength, wireLength, timestampNanos, publisher.buffer(), index);
                    publisher.commit(index);
                }
            }) != PacketSource.END_OF_INPUT)
            {
                // Reading a file never waits; keep polling until the end.
            }

            if (ticker.currentSecond() != SecondTicker.NO_TICK)
            {
                final long last = ticker.currentSecond();
                stage.tick(last, window);
                detector.onTick(last, sample);
                detector.finish(Math.floorDiv(source.lastTimestampNanos(), 1_000_000L));
            }
        }
        return detector;
    }
}
