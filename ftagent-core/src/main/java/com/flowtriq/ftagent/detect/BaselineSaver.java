package com.flowtriq.ftagent.detect;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Writes the baseline to disk off the detection thread. A single-slot hand-off: the detection thread
 * {@link #offer(Baseline, long) offers} a snapshot every {@link #saveIntervalSeconds()} clock seconds (it encodes
 * into a preallocated buffer, a copy of a few tens of KB, without allocating); this agent, on its own thread, writes it atomically with
 * {@link BaselineFile}. If the previous snapshot is still being written the offer is refused and counted in
 * {@link #busyRefusals()}: the next interval tries again, nothing queues up.
 * <p>
 * On shutdown, stop the agent's runner first, then call {@link BaselineFile#save} from the detection thread.
 * <p>
 * Threading: {@link #offer} and {@link #offerIfDue} from the detection thread only; {@link #doWork()} from the
 * agent's thread only; the counters may be read from any thread.
 */
public final class BaselineSaver implements Agent
{
    /** Default cadence: a crash loses at most this much learning. */
    public static final long DEFAULT_SAVE_INTERVAL_SECONDS = 300;

    private static final int SLOT_FREE = 0;
    private static final int SLOT_READY = 1;

    private static final System.Logger LOGGER = System.getLogger(BaselineSaver.class.getName());

    private final Path file;
    private final long saveIntervalSeconds;
    private final byte[] slot;
    private final UnsafeBuffer slotBuffer;
    private final CRC32C checksum = new CRC32C();
    private final AtomicInteger slotState = new AtomicInteger(SLOT_FREE);
    private int slotLength;
    private long lastOfferSecond = Long.MIN_VALUE;

    // Each counter has one writer (saves and failures: the agent thread; busyRefusals: the detection thread),
    // so a volatile read-increment-write is not racy; volatile only publishes the value to readers.
    private volatile long saves;
    private volatile long failures;
    private volatile long busyRefusals;

    /**
     * @param file                the baseline file, normally {@code <state_dir>/baseline.bin}.
     * @param capacity            the baseline's capacity, to size the buffer.
     * @param saveIntervalSeconds clock seconds between offers by {@link #offerIfDue}.
     */
    public BaselineSaver(final Path file, final int capacity, final long saveIntervalSeconds)
    {
        if (saveIntervalSeconds < 1)
        {
            throw new IllegalArgumentException("saveIntervalSeconds=" + saveIntervalSeconds + ": expected >= 1");
        }
        this.file = file;
        this.saveIntervalSeconds = saveIntervalSeconds;
        this.slot = new byte[BaselineFile.encodedLength(capacity)];
        this.slotBuffer = new UnsafeBuffer(slot);
    }

    /**
     * Offers a snapshot if {@link #saveIntervalSeconds()} have passed since the last offer. Detection thread.
     *
     * @return true if a snapshot was handed over.
     */
    public boolean offerIfDue(final Baseline baseline, final long nowEpochSecond)
    {
        if (lastOfferSecond != Long.MIN_VALUE && nowEpochSecond - lastOfferSecond < saveIntervalSeconds)
        {
            return false;
        }
        lastOfferSecond = nowEpochSecond;
        return offer(baseline, nowEpochSecond);
    }

    /**
     * Encodes a snapshot into the slot unless the previous one is still being written. Detection thread.
     *
     * @return true if handed over, false if the slot was busy (counted).
     */
    public boolean offer(final Baseline baseline, final long nowEpochSecond)
    {
        if (slotState.get() != SLOT_FREE)
        {
            busyRefusals++;
            return false;
        }

        slotLength = BaselineFile.encode(baseline, nowEpochSecond, slotBuffer, checksum);
        slotState.set(SLOT_READY);
        return true;
    }

    @Override
    public int doWork()
    {
        if (slotState.get() != SLOT_READY)
        {
            return 0;
        }

        boolean saved = false;
        try
        {
            BaselineFile.writeAtomically(file, slot, slotLength);
            saved = true;
        }
        catch (final IOException ex)
        {
            failures++;
            LOGGER.log(System.Logger.Level.WARNING, "could not save baseline to " + file + ": " + ex);
        }
        finally
        {
            slotState.set(SLOT_FREE);
        }
        // Counted once the slot is free again: a reader that sees the count can offer the next snapshot.
        if (saved)
        {
            saves++;
        }

        return 1;
    }

    @Override
    public String roleName()
    {
        return "baseline-saver";
    }

    public long saveIntervalSeconds()
    {
        return saveIntervalSeconds;
    }

    /** Snapshots written. */
    public long saves()
    {
        return saves;
    }

    /** Snapshots that failed to write (logged). */
    public long failures()
    {
        return failures;
    }

    /** Offers refused because the previous snapshot was still being written. */
    public long busyRefusals()
    {
        return busyRefusals;
    }
}
