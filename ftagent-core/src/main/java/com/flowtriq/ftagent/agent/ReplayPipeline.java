package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.count.DecodingPublisher;
import com.flowtriq.ftagent.count.SingleThreadedCountingStage;
import com.flowtriq.ftagent.count.TrafficWindow;
import com.flowtriq.ftagent.decode.DecodeCounters;
import com.flowtriq.ftagent.decode.FragmentTable;
import com.flowtriq.ftagent.decode.FrameDecoder;
import com.flowtriq.ftagent.decode.Ipv6AddressBook;
import com.flowtriq.ftagent.detect.Detector;
import com.flowtriq.ftagent.detect.PacketClock;
import com.flowtriq.ftagent.detect.SecondTicker;
import com.flowtriq.ftagent.detect.TrafficWindowSample;
import com.flowtriq.ftagent.pcap.PcapFrameTap;
import com.flowtriq.ftagent.pcap.PcapIncidentRecorder;
import org.agrona.concurrent.EpochNanoClock;

import java.lang.foreign.MemorySegment;

/**
 * Replays a capture through the same decode, count and detect stages as {@code run}, on one thread and in packet
 * time: the detector's clock is the capture's timestamps, so a ten-minute attack recorded yesterday opens, updates
 * and resolves exactly as it would have live, in however long the file takes to read.
 *
 * <p>Counting is single-threaded (the reading thread counts directly), so each second is closed exactly at the
 * first frame of a later second: no record can straddle a tick. Empty seconds inside the capture are ticked too
 * (up to {@link #MAX_CATCH_UP_SECONDS} across one gap), so holddown and cooldown run through silence.
 *
 * <p>Threading: confined to the thread that calls {@link #replay}.
 */
public final class ReplayPipeline implements FrameHandler
{
    /**
     * The most empty seconds ticked across one timestamp gap: longer than any holddown plus cooldown the config
     * allows, so an incident always resolves, while a bogus timestamp years ahead costs a day of empty ticks, not
     * years of them.
     */
    public static final long MAX_CATCH_UP_SECONDS = 86_400;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Detector detector;
    private final SingleThreadedCountingStage stage;
    private final TrafficWindow window;
    private final TrafficWindowSample sample = new TrafficWindowSample();
    private final PacketClock clock = new PacketClock();
    private final SecondTicker ticker = new SecondTicker(MAX_CATCH_UP_SECONDS);
    private final Ipv6AddressBook addressBook = new Ipv6AddressBook();
    private DecodingPublisher publisher;
    private PcapIncidentRecorder pcap;
    private PcapFrameTap pcapTap;
    private long lateTicks;
    /**
     * Packet time at which the ticker's current second ends: a frame before it cannot make a tick due, so the
     * per-frame check is one comparison. The packet clock never goes back, so this only moves forward; before
     * the first frame it is {@code Long.MIN_VALUE}, so the first frame starts the ticker.
     */
    private long nextSecondNanos = Long.MIN_VALUE;

    /**
     * @param detector receives one tick per second of packet time.
     * @param stage    counts on the reading thread; {@link #replay} closes it.
     */
    public ReplayPipeline(final Detector detector, final SingleThreadedCountingStage stage)
    {
        this.detector = detector;
        this.stage = stage;
        this.window = stage.newWindow();
    }

    /**
     * Writes incident captures as {@code run} does (pre-attack frames, then the incident's frames), on this
     * thread and on the packet clock, so a replay cuts exactly the frames a live run would have. The caller's
     * incident listener asks {@code recorder} to start and stop; this pipeline runs its work between frames.
     *
     * @param recorder a recorder built with {@link #packetClock()} as its clock; not started on a thread.
     * @return this.
     */
    public ReplayPipeline pcapRecorder(final PcapIncidentRecorder recorder)
    {
        this.pcap = recorder;
        this.pcapTap = recorder.newTap();
        return this;
    }

    /** @return the packet clock as an Agrona clock, for a {@link PcapIncidentRecorder}. */
    public EpochNanoClock packetClock()
    {
        return clock::epochNanos;
    }

    /**
     * Reads {@code source} to its end, ticks the last second, and resolves an incident still open as truncated.
     *
     * @param source   a finite source, e.g. a pcap file; closed by the caller.
     * @param progress called about once per million frames and at the end, with the frames read so far.
     * @return the number of frames read.
     */
    public long replay(final PacketSource source, final Progress progress)
    {
        publisher = new DecodingPublisher(
            new FrameDecoder(source.linkType(), new DecodeCounters(), new FragmentTable(), addressBook),
            stage.newPublisher());
        long frames = 0;
        long nextProgress = 1_000_000;
        int polled;
        while ((polled = source.poll(this)) != PacketSource.END_OF_INPUT)
        {
            frames += polled;
            drainPcap();
            if (frames >= nextProgress)
            {
                progress.onProgress(frames, clock.epochNanos());
                nextProgress += 1_000_000;
            }
        }

        if (clock.hasStarted())
        {
            // The last second is complete once the input ends: close it as if the clock had moved past it.
            final long end = (Math.floorDiv(clock.epochNanos(), NANOS_PER_SECOND) + 1) * NANOS_PER_SECOND;
            tickDueSeconds(end);
            detector.finish(Math.floorDiv(clock.epochNanos(), 1_000_000L));
        }
        if (pcap != null)
        {
            drainPcap();
            pcap.onClose();
        }
        progress.onProgress(frames, clock.epochNanos());
        stage.close();
        return frames;
    }

    @Override
    public void onFrame(
        final MemorySegment frame,
        final long offset,
        final int capturedLength,
        final int wireLength,
        final long timestampNanos)
    {
        clock.advance(timestampNanos);
        final long now = clock.epochNanos();
        if (now >= nextSecondNanos)
        {
            tickDueSeconds(now);
        }
        if (pcapTap != null)
        {
            pcapTap.onFrame(frame, offset, capturedLength, wireLength, timestampNanos);
        }
        publisher.onFrame(frame, offset, capturedLength, wireLength, timestampNanos);
    }

    private void tickDueSeconds(final long nowNanos)
    {
        long second;
        while ((second = ticker.pollDueSecond(nowNanos)) != SecondTicker.NO_TICK)
        {
            if (!stage.tick(second, window))
            {
                lateTicks++;
            }
            detector.onTick(second, sample.wrap(window));
            // A start or stop the tick asked for takes effect before the next frame, as on a live writer thread
            // that keeps up.
            drainPcap();
        }
        if (ticker.currentSecond() != SecondTicker.NO_TICK)
        {
            nextSecondNanos = (ticker.currentSecond() + 1) * NANOS_PER_SECOND;
        }
    }

    private void drainPcap()
    {
        if (pcap != null)
        {
            while (pcap.doWork() > 0)
            {
                // Frames queued by the tap, then the commands, until the recorder is idle.
            }
            // A capture that just started gets its pre-attack frames now, not only with the next frame: the
            // incident may open on the file's last tick.
            pcapTap.catchUp(clock.epochNanos());
            while (pcap.doWork() > 0)
            {
                // and those frames written
            }
        }
    }

    /** @return the IPv6 addresses behind the decoder's digests; usable before {@link #replay}. */
    public Ipv6AddressBook addressBook()
    {
        return addressBook;
    }

    /** @return the decoder of the replay, for its per-reason counters; null before {@link #replay}. */
    public FrameDecoder decoder()
    {
        return publisher == null ? null : publisher.decoder();
    }

    /** @return frames older than the latest timestamp seen (counted in the second being built). */
    public long outOfOrderFrames()
    {
        return clock.outOfOrderPackets();
    }

    /** @return empty seconds skipped across timestamp gaps longer than {@link #MAX_CATCH_UP_SECONDS}. */
    public long skippedSeconds()
    {
        return ticker.skippedSeconds();
    }

    /** @return ticks the counting stage could not close completely (0 for the single-threaded stage). */
    public long lateTicks()
    {
        return lateTicks;
    }

    /** Progress of a long replay, for the operator. */
    @FunctionalInterface
    public interface Progress
    {
        /**
         * @param frames              frames read so far.
         * @param packetTimeEpochNanos the packet clock, or {@code DetectorClock.NOT_STARTED}.
         */
        void onProgress(long frames, long packetTimeEpochNanos);
    }
}
