package com.flowtriq.ftagent.count;

/**
 * The counting stage between the decoder and the detector. Capture threads publish records through a
 * {@link RecordPublisher} each; the detector calls {@link #tick(long, TrafficWindow)} once per clock second to
 * close that second and receive its merged {@link TrafficWindow}.
 *
 * <p>Implementations: {@link FanOutCountingStage} (records fanned out by source address to counting workers on
 * their own threads) and {@link SingleThreadedCountingStage} (the capture thread counts directly; for replay of
 * small files and 1-core hosts).
 */
public interface CountingStage extends AutoCloseable
{
    /** A publisher for one capture thread. Cold path. */
    RecordPublisher newPublisher();

    /**
     * Closes tick {@code second}: every record handed over before this call (published, and flushed by a
     * publisher that batches; in ring order, see the implementations) is in the window, every later one in a later
     * window. Fills {@code into}, reused.
     *
     * @return true if every worker's bank for this tick was merged; false if a worker missed the deadline
     * (its counts then go into a later window, and nothing is lost).
     */
    boolean tick(long second, TrafficWindow into);

    /** A window sized for this stage (heavy-hitter capacity and HyperLogLog precision). Cold path. */
    TrafficWindow newWindow();

    /** Records dropped for lack of ring space since the start. */
    long backPressureDrops();

    /** Number of counting workers (1 for the single-threaded stage). */
    int workerCount();

    /** Starts the worker threads, if any. */
    void start();

    /** Stops the worker threads, if any. */
    @Override
    void close();
}
