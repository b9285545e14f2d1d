package com.flowtriq.ftagent.l7;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;

/**
 * Saves where each tailer stands to {@link TailerCheckpointFile} every {@code intervalMillis} and once more on
 * close, so that a restart reads every line exactly once: lines written while the agent was down are read after it,
 * lines already delivered are not read again.
 * <p>
 * Runs on the L7 thread after {@link L7Agent} (in one composite agent), so it reads the tailers between polls: the
 * device, inode, fingerprint and offset it saves always belong together. A save that finds every tailer where the
 * last one left it writes nothing. A log whose file has not been found yet keeps the checkpoint it was restored
 * from, so a log missing for a while is still resumed when it comes back.
 * <p>
 * A failed save is logged (once per distinct message) and retried at the next interval; it never stops L7.
 * <p>
 * Threading: confined to the L7 agent thread. Allocates only when it writes (every few seconds at most).
 */
public final class TailerCheckpointAgent implements Agent
{
    /** Default time between saves. */
    public static final long DEFAULT_INTERVAL_MILLIS = 5_000;

    private static final System.Logger LOGGER = System.getLogger(TailerCheckpointAgent.class.getName());
    private static final int FIELDS = 4;

    private final AccessLogTailer[] tailers;
    private final TailerCheckpoint[] restored;
    private final TailerCheckpointFile file;
    private final EpochClock clock;
    private final long intervalMillis;
    /** Per tailer: device, inode, fingerprint and offset as last saved. */
    private final long[] saved;
    private long nextSaveMillis;
    private long saves;
    private long saveFailures;
    private String lastFailure;

    /**
     * @param tailers        the L7 agent's tailers.
     * @param restored       per tailer, the checkpoint it was resumed from, or null.
     * @param file           where to save.
     * @param clock          wall clock.
     * @param intervalMillis time between saves.
     */
    public TailerCheckpointAgent(
        final AccessLogTailer[] tailers,
        final TailerCheckpoint[] restored,
        final TailerCheckpointFile file,
        final EpochClock clock,
        final long intervalMillis)
    {
        if (tailers.length != restored.length)
        {
            throw new IllegalArgumentException("tailers=" + tailers.length + " restored=" + restored.length);
        }
        this.tailers = tailers.clone();
        this.restored = restored.clone();
        this.file = file;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
        this.saved = new long[tailers.length * FIELDS];
        Arrays.fill(saved, -1);
        this.nextSaveMillis = clock.time() + intervalMillis;
    }

    /**
     * Gives each tailer the checkpoint saved for its path, if any, before the L7 thread starts.
     *
     * @param tailers the tailers, not yet polled.
     * @param file    the checkpoint file.
     * @return per tailer the checkpoint applied, or null (the tailer then starts as configured).
     */
    public static TailerCheckpoint[] restore(final AccessLogTailer[] tailers, final TailerCheckpointFile file)
    {
        final Map<String, TailerCheckpoint> saved = file.load();
        final TailerCheckpoint[] applied = new TailerCheckpoint[tailers.length];
        for (int i = 0; i < tailers.length; i++)
        {
            final TailerCheckpoint checkpoint = saved.get(tailers[i].path().toString());
            if (checkpoint != null)
            {
                checkpoint.applyTo(tailers[i]);
                applied[i] = checkpoint;
                LOGGER.log(System.Logger.Level.INFO, "L7: " + checkpoint.path() + ": resuming at offset " +
                    checkpoint.offset() + " of inode " + checkpoint.inode() + " saved by the last run");
            }
        }
        return applied;
    }

    public int doWork()
    {
        final long now = clock.time();
        if (now < nextSaveMillis)
        {
            return 0;
        }
        nextSaveMillis = now + intervalMillis;
        return saveIfMoved() ? 1 : 0;
    }

    public void onClose()
    {
        saveIfMoved();
    }

    public String roleName()
    {
        return "l7-checkpoints";
    }

    /** Checkpoints written since start. */
    public long saves()
    {
        return saves;
    }

    /** Saves that failed. */
    public long saveFailures()
    {
        return saveFailures;
    }

    private boolean saveIfMoved()
    {
        boolean moved = false;
        for (int i = 0; i < tailers.length; i++)
        {
            final AccessLogTailer tailer = tailers[i];
            if (tailer.filesOpened() > 0)
            {
                final int at = i * FIELDS;
                moved |= saved[at] != tailer.device() || saved[at + 1] != tailer.inode() ||
                    saved[at + 2] != tailer.fingerprint() || saved[at + 3] != tailer.checkpointOffset();
            }
        }
        if (!moved)
        {
            return false;
        }
        final List<TailerCheckpoint> checkpoints = new ArrayList<>(tailers.length);
        for (int i = 0; i < tailers.length; i++)
        {
            if (tailers[i].filesOpened() > 0)
            {
                checkpoints.add(TailerCheckpoint.of(tailers[i]));
            }
            else if (restored[i] != null)
            {
                checkpoints.add(restored[i]);
            }
        }
        try
        {
            file.save(checkpoints);
            saves++;
            lastFailure = null;
        }
        catch (final IOException | RuntimeException ex)
        {
            saveFailures++;
            final String message = ex.toString();
            if (!message.equals(lastFailure))
            {
                lastFailure = message;
                LOGGER.log(System.Logger.Level.WARNING, "L7: cannot save " + file.file() + ": " + message +
                    "; a restart would start the access logs at their end");
            }
            return false;
        }
        for (int i = 0; i < tailers.length; i++)
        {
            final AccessLogTailer tailer = tailers[i];
            if (tailer.filesOpened() > 0)
            {
                final int at = i * FIELDS;
                saved[at] = tailer.device();
                saved[at + 1] = tailer.inode();
                saved[at + 2] = tailer.fingerprint();
                saved[at + 3] = tailer.checkpointOffset();
            }
        }
        return true;
    }
}
