package com.flowtriq.ftagent.pcap;

import static com.flowtriq.ftagent.pcap.PcapHandoffRecordDescriptor.FRAME_MSG_TYPE_ID;
import static com.flowtriq.ftagent.pcap.PcapHandoffRecordDescriptor.FRAME_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapHandoffRecordDescriptor.GENERATION_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapHandoffRecordDescriptor.TIMESTAMP_OFFSET;
import static com.flowtriq.ftagent.pcap.PcapHandoffRecordDescriptor.WIRE_LENGTH_OFFSET;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Writes incident capture files (issue #5): on {@link #requestStart(String, long)} it opens
 * {@code <pcap_dir>/<incident_id>_<UTC yyyyMMddTHHmmssZ>.pcap} (mode 0600, directory 0700) and the capture threads'
 * {@link PcapFrameTap}s hand it their pre-attack frames, then live frames, through one Agrona ring. The file ends
 * at {@code pcap_max_packets} frames, {@code pcap_max_seconds} after the incident opened, on
 * {@link #requestStop(String)}, or when writing fails; the {@link PcapCaptureListener} then gets a
 * {@link PcapCaptureResult}. Once a minute it also enforces retention on the directory ({@link PcapRetention}),
 * never touching the file it is writing.
 *
 * <p>One capture at a time: a start for another incident while one runs is refused ({@link
 * PcapCaptureOutcome#REFUSED_BUSY}). A start is refused when the file system has less usable space than
 * {@code pcap_min_free_mb} ({@link PcapCaptureOutcome#REFUSED_LOW_DISK}, logged once until a capture starts
 * again). A failed write (a full disk) ends the capture as {@link PcapCaptureOutcome#FAILED} with the error in
 * the result; the frames written so far stay in the file, and capture threads are never affected.
 *
 * <p>Frame timestamps decide the duration limit for frames (so a replay cuts the same frames as a live run), and
 * {@link #doWork()} also ends a capture on the given detection clock when no frames come.
 *
 * <p>Threading: an Agrona {@link Agent}: one thread runs {@link #doWork()} and {@link #onClose()}, and the listener
 * is called on it. {@link #requestStart(String, long)} and {@link #requestStop(String)} may be called from any
 * thread (they queue a command). {@link #newTap()} may be called from any thread; each tap belongs to one capture
 * thread. Counter accessors may be read from any thread.
 */
public final class PcapIncidentRecorder implements Agent
{
    /** {@link #activeGeneration()} when no capture is running. */
    public static final long NO_CAPTURE = 0;
    /** Frames written per {@link #doWork()} at most. */
    public static final int FRAMES_PER_WORK = 1024;
    private static final int COMMAND_QUEUE_CAPACITY = 64;
    private static final System.Logger LOGGER = System.getLogger(PcapIncidentRecorder.class.getName());

    private final PcapCaptureConfiguration configuration;
    private final EpochNanoClock clock;
    private final EpochNanoClock wallClock = new SystemEpochNanoClock();
    private final PcapCaptureListener listener;
    private final PcapRetention retention;
    private final ManyToOneRingBuffer handoff;
    private final MemorySegment handoffMemory;
    private final ManyToOneConcurrentArrayQueue<Object> commands =
        new ManyToOneConcurrentArrayQueue<>(COMMAND_QUEUE_CAPACITY);
    private final MessageHandler frameWriter = this::onHandoffMessage;
    /** Reused by every incident file, one at a time. */
    private final ByteBuffer stagingBuffer = ByteBuffer.allocateDirect(PcapFileWriter.DEFAULT_BUFFER_CAPACITY);

    private volatile long activeGeneration = NO_CAPTURE;
    /** Written before {@link #activeGeneration}, so a tap that sees a new generation sees its filter. */
    private volatile PcapIncidentFilter activeFilter;
    private final AtomicLong captureFilteredFrames = new AtomicLong();
    private final AtomicLong captureDroppedFrames = new AtomicLong();
    private final AtomicLong capturePreAttackFrames = new AtomicLong();
    private final AtomicLong staleFrames = new AtomicLong();
    private final AtomicLong capturesStarted = new AtomicLong();
    private final AtomicLong capturesRefused = new AtomicLong();
    private final AtomicLong capturesFailed = new AtomicLong();
    /** Frames dropped from all captures (ring to the writer full), for metrics; never reset. */
    private final AtomicLong droppedFramesTotal = new AtomicLong();
    /** {@link #writtenFrames} as last published by the writer thread, for readers on other threads. */
    private final AtomicLong captureWrittenFrames = new AtomicLong();
    /** The incident being captured, null if none; written before {@link #activeGeneration}. */
    private volatile String captureIncidentId;
    /** The last finished (or refused) capture; written before {@link #captureIncidentId} is cleared. */
    private volatile PcapCaptureResult lastResult;

    private long lastGeneration;
    private String incidentId;
    private long endAtNanos;
    private PcapFileWriter writer;
    private long writtenFrames;
    private boolean lowDiskLogged;
    private long nextRetentionNanos;

    /**
     * @param clock    the detection clock, for the duration limit when no frames come: real time in {@code run},
     *                 the replay clock in {@code replay}. Retention ages are always measured on the system clock,
     *                 against file modification times.
     * @param listener told of every finished or refused capture, on this agent's thread.
     */
    public PcapIncidentRecorder(
        final PcapCaptureConfiguration configuration,
        final EpochNanoClock clock,
        final PcapCaptureListener listener)
    {
        this.configuration = configuration;
        this.clock = clock;
        this.listener = listener;
        this.retention = new PcapRetention(
            configuration.directory(),
            configuration.retentionAgeNanos(),
            configuration.maxDiskBytes(),
            configuration.maxFiles());
        final ByteBuffer memory =
            ByteBuffer.allocateDirect(configuration.handoffCapacity() + RingBufferDescriptor.TRAILER_LENGTH);
        this.handoff = new ManyToOneRingBuffer(new UnsafeBuffer(memory));
        this.handoffMemory = MemorySegment.ofBuffer(memory);
    }

    /** A tap for one capture thread, with its own pre-attack ring sized by the configuration. */
    public PcapFrameTap newTap()
    {
        final PcapPreAttackRing ring = configuration.preAttackPackets() > 0 ? configuration.newPreAttackRing() : null;
        return new PcapFrameTap(
            this, ring, handoff, handoffMemory, configuration.keptLength(), configuration.linkType());
    }

    /**
     * Asks for a capture for an incident that opened at {@code openedAtNanos} (ns since the epoch, the incident's
     * {@code started_at}). A start for the incident already being captured is ignored.
     *
     * @return false if the command queue is full (the request is lost and should be retried).
     */
    public boolean requestStart(final String incidentId, final long openedAtNanos)
    {
        return requestStart(incidentId, openedAtNanos, null);
    }

    /**
     * As {@link #requestStart(String, long)}, keeping only the frames {@code filter} matches
     * ({@code pcap_incident_filter}); null keeps every frame.
     */
    public boolean requestStart(final String incidentId, final long openedAtNanos, final PcapIncidentFilter filter)
    {
        return commands.offer(new Start(Objects.requireNonNull(incidentId, "incidentId"), openedAtNanos, filter));
    }

    /** Asks to end the capture of {@code incidentId} (it resolved). Ignored if that incident is not captured. */
    public boolean requestStop(final String incidentId)
    {
        return commands.offer(new Stop(Objects.requireNonNull(incidentId, "incidentId")));
    }

    @Override
    public String roleName()
    {
        return "pcap-incident-recorder";
    }

    @Override
    public int doWork()
    {
        // Frames already queued first: they were taken before any command now pending (a stop, a start).
        int work = handoff.read(frameWriter, FRAMES_PER_WORK);
        Object command;
        while ((command = commands.poll()) != null)
        {
            if (command instanceof final Start start)
            {
                start(start.incidentId(), start.openedAtNanos(), start.filter());
            }
            else if (command instanceof final Stop stop && writer != null && stop.incidentId().equals(incidentId))
            {
                // What the taps queued before the incident resolved still belongs to it.
                drainHandoff();
                if (writer != null)
                {
                    finish(PcapCaptureOutcome.STOPPED, "");
                }
            }
            work++;
        }

        final long now = clock.nanoTime();
        if (writer != null && now >= endAtNanos)
        {
            finish(PcapCaptureOutcome.MAX_DURATION, "");
            work++;
        }
        final long wallNow = wallClock.nanoTime();
        if (wallNow >= nextRetentionNanos)
        {
            nextRetentionNanos = wallNow + configuration.retentionIntervalNanos();
            work += retention.enforce(wallNow, writer == null ? null : writer.path());
        }
        return work;
    }

    /** Ends a running capture ({@link PcapCaptureOutcome#STOPPED}). */
    @Override
    public void onClose()
    {
        if (writer != null)
        {
            drainHandoff();
            if (writer != null)
            {
                finish(PcapCaptureOutcome.STOPPED, "recorder closed");
            }
        }
    }

    /**
     * Writes what is queued in the ring now. A read stops at the end of the ring's buffer, so what was queued can
     * need two: the second also takes frames queued meanwhile, and no more, so that it ends under live traffic.
     */
    private void drainHandoff()
    {
        handoff.read(frameWriter, Integer.MAX_VALUE);
        handoff.read(frameWriter, Integer.MAX_VALUE);
    }

    /** Generation of the running capture, {@link #NO_CAPTURE} if none; read by taps once per frame. */
    long activeGeneration()
    {
        return activeGeneration;
    }

    /** The running capture's filter, null for none; read by a tap when it sees a new generation. */
    PcapIncidentFilter activeFilter()
    {
        return activeFilter;
    }

    void countFiltered()
    {
        captureFilteredFrames.incrementAndGet();
    }

    void countDropped()
    {
        captureDroppedFrames.incrementAndGet();
        droppedFramesTotal.incrementAndGet();
    }

    void countPreAttack(final int frames)
    {
        capturePreAttackFrames.addAndGet(frames);
    }

    /** Whether a capture is running. */
    public boolean capturing()
    {
        return activeGeneration != NO_CAPTURE;
    }

    /** The incident whose capture is running, or null. */
    public String captureIncidentId()
    {
        return captureIncidentId;
    }

    /** Frames written so far to the running capture's file (the last capture's once it ended). */
    public long captureWrittenFrames()
    {
        return captureWrittenFrames.get();
    }

    /** Frames dropped so far from the running capture (the last capture's once it ended). */
    public long captureDroppedFrames()
    {
        return captureDroppedFrames.get();
    }

    /** Frames dropped from every capture since this recorder was made (ring to the writer full). */
    public long droppedFramesTotal()
    {
        return droppedFramesTotal.get();
    }

    /** The last capture that finished or was refused, or null before the first. */
    public PcapCaptureResult lastResult()
    {
        return lastResult;
    }

    /** Where the capture of an incident opened at {@code openedAtNanos} is (or would be) written. */
    public Path fileFor(final String incidentId, final long openedAtNanos)
    {
        return configuration.directory().resolve(PcapIncidentFileName.of(incidentId, openedAtNanos));
    }

    /** Frames found in the ring after their capture had ended, and not written. */
    public long staleFrames()
    {
        return staleFrames.get();
    }

    public long capturesStarted()
    {
        return capturesStarted.get();
    }

    public long capturesRefused()
    {
        return capturesRefused.get();
    }

    public long capturesFailed()
    {
        return capturesFailed.get();
    }

    /** The retention this recorder enforces, for its counters. */
    public PcapRetention retention()
    {
        return retention;
    }

    private void start(final String incidentId, final long openedAtNanos, final PcapIncidentFilter filter)
    {
        if (writer != null)
        {
            if (!incidentId.equals(this.incidentId))
            {
                refuse(incidentId, PcapCaptureOutcome.REFUSED_BUSY,
                    "capture of incident " + this.incidentId + " is running; one capture at a time");
            }
            return;
        }

        final Path directory = configuration.directory();
        final Path file = directory.resolve(PcapIncidentFileName.of(incidentId, openedAtNanos));
        try
        {
            PcapFileWriter.createPrivateDirectory(directory);
            final long usable = Files.getFileStore(directory).getUsableSpace();
            if (usable < configuration.minFreeBytes())
            {
                final String detail = "only " + usable + " bytes usable in " + directory + ", pcap_min_free_mb needs " +
                    configuration.minFreeBytes();
                if (!lowDiskLogged)
                {
                    lowDiskLogged = true;
                    LOGGER.log(System.Logger.Level.WARNING, "pcap capture refused for incident " + incidentId + ": " +
                        detail + " (logged once until a capture starts)");
                }
                refuse(incidentId, PcapCaptureOutcome.REFUSED_LOW_DISK, detail);
                return;
            }
            writer = PcapFileWriter.create(
                file,
                configuration.linkType(),
                configuration.keptLength(),
                PcapTimestampResolution.NANOSECONDS,
                stagingBuffer);
        }
        catch (final IOException | RuntimeException ex)
        {
            capturesFailed.incrementAndGet();
            final String detail = "cannot create " + file + ": " + ex;
            LOGGER.log(System.Logger.Level.ERROR, "pcap capture failed for incident " + incidentId + ": " + detail);
            final PcapCaptureResult result =
                new PcapCaptureResult(incidentId, null, 0, 0, 0, 0, 0, PcapCaptureOutcome.FAILED, detail);
            lastResult = result;
            listener.onCaptureFinished(result);
            return;
        }

        lowDiskLogged = false;
        this.incidentId = incidentId;
        this.endAtNanos = openedAtNanos + configuration.maxDurationNanos();
        writtenFrames = 0;
        captureWrittenFrames.set(0);
        captureDroppedFrames.set(0);
        capturePreAttackFrames.set(0);
        captureFilteredFrames.set(0);
        activeFilter = filter;
        captureIncidentId = incidentId;
        capturesStarted.incrementAndGet();
        // Published last: taps that see it find the counters reset and the file open.
        activeGeneration = ++lastGeneration;
    }

    private void refuse(final String incidentId, final PcapCaptureOutcome outcome, final String detail)
    {
        capturesRefused.incrementAndGet();
        final PcapCaptureResult result = new PcapCaptureResult(incidentId, null, 0, 0, 0, 0, 0, outcome, detail);
        lastResult = result;
        listener.onCaptureFinished(result);
    }

    private void onHandoffMessage(
        final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long generation = buffer.getLong(index + GENERATION_OFFSET);
        final PcapFileWriter writer = this.writer;
        if (msgTypeId != FRAME_MSG_TYPE_ID || writer == null || generation != activeGeneration)
        {
            staleFrames.incrementAndGet();
            return;
        }
        final long timestampNanos = buffer.getLong(index + TIMESTAMP_OFFSET);
        if (timestampNanos >= endAtNanos)
        {
            finish(PcapCaptureOutcome.MAX_DURATION, "");
            return;
        }
        try
        {
            writer.write(
                handoffMemory,
                index + FRAME_OFFSET,
                length - FRAME_OFFSET,
                buffer.getInt(index + WIRE_LENGTH_OFFSET),
                timestampNanos);
        }
        catch (final IOException | RuntimeException ex)
        {
            finish(PcapCaptureOutcome.FAILED, "writing " + writer.path() + " failed after " + writtenFrames +
                " frames: " + ex);
            return;
        }
        captureWrittenFrames.lazySet(++writtenFrames);
        if (writtenFrames >= configuration.maxPackets())
        {
            finish(PcapCaptureOutcome.MAX_PACKETS, "");
        }
    }

    private void finish(final PcapCaptureOutcome outcome, final String detail)
    {
        // Taps stop forwarding first; frames already in the ring for this generation are then stale.
        activeGeneration = NO_CAPTURE;
        final PcapFileWriter writer = this.writer;
        this.writer = null;

        PcapCaptureOutcome finalOutcome = outcome;
        String finalDetail = detail;
        try
        {
            writer.close();
        }
        catch (final IOException | RuntimeException ex)
        {
            finalOutcome = PcapCaptureOutcome.FAILED;
            finalDetail = (detail.isEmpty() ? "" : detail + "; ") + "closing " + writer.path() + " failed: " + ex;
        }
        long fileBytes;
        try
        {
            fileBytes = Files.size(writer.path());
        }
        catch (final IOException ex)
        {
            fileBytes = -1;
        }
        if (finalOutcome == PcapCaptureOutcome.FAILED)
        {
            capturesFailed.incrementAndGet();
            LOGGER.log(System.Logger.Level.ERROR, "pcap capture failed for incident " + incidentId + ": " +
                finalDetail + " (free disk: " + usableSpace() + " bytes)");
        }
        final PcapCaptureResult result = new PcapCaptureResult(
            incidentId,
            writer.path(),
            writtenFrames,
            capturePreAttackFrames.get(),
            captureDroppedFrames.get(),
            captureFilteredFrames.get(),
            fileBytes,
            finalOutcome,
            finalDetail);
        // Published before the running id is cleared: a reader that no longer sees the capture finds its result.
        lastResult = result;
        captureIncidentId = null;
        listener.onCaptureFinished(result);
        incidentId = null;
    }

    private long usableSpace()
    {
        try
        {
            return Files.getFileStore(configuration.directory()).getUsableSpace();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    private record Start(String incidentId, long openedAtNanos, PcapIncidentFilter filter)
    {
    }

    private record Stop(String incidentId)
    {
    }
}
