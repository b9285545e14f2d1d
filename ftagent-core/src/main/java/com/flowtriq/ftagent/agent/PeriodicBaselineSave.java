package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.detect.BaselineSaver;
import com.flowtriq.ftagent.detect.Detector;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * The baseline's periodic save in {@code run} (issue #4: the baseline is written to {@code state_dir} periodically
 * and on shutdown): a {@link BaselineSaver} on its own thread, which the detector offers a snapshot every interval
 * of its clock, so that a crash loses at most one interval of learning. The shutdown save stays with
 * {@link AgentRuntime#close()}, after this has been closed, so the two never write the file at once.
 *
 * <p>Threading: started and closed by the thread that builds and closes the runtime, before the detection thread
 * starts and after it has stopped; the detector offers snapshots on the detection thread.
 */
final class PeriodicBaselineSave implements AutoCloseable
{
    private static final System.Logger LOGGER = System.getLogger(PeriodicBaselineSave.class.getName());
    /** The saver thread mostly sleeps: one write per interval. */
    private static final long IDLE_SLEEP_MILLIS = 100;

    private final BaselineSaver saver;
    private final AgentRunner runner;

    private PeriodicBaselineSave(final BaselineSaver saver, final AgentRunner runner)
    {
        this.saver = saver;
        this.runner = runner;
    }

    /**
     * Gives {@code detector} a saver for its {@link Detector#baselinePath()} and starts the saver's thread. Call
     * before the detection thread starts.
     *
     * @param intervalSeconds clock seconds between two snapshots.
     */
    static PeriodicBaselineSave start(final Detector detector, final long intervalSeconds)
    {
        final BaselineSaver saver =
            new BaselineSaver(detector.baselinePath(), detector.baseline().capacity(), intervalSeconds);
        detector.baselineSaver(saver);
        final AgentRunner runner = new AgentRunner(new SleepingMillisIdleStrategy(IDLE_SLEEP_MILLIS),
            ex -> LOGGER.log(System.Logger.Level.ERROR, "baseline saver: " + ex), null, saver);
        AgentRunner.startOnThread(runner);
        return new PeriodicBaselineSave(saver, runner);
    }

    /** The saver, for its counters. */
    BaselineSaver saver()
    {
        return saver;
    }

    /** Stops the saver's thread; a snapshot being written is finished first. */
    @Override
    public void close()
    {
        runner.close();
    }
}
