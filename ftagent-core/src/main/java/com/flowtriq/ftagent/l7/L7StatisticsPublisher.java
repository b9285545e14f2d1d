package com.flowtriq.ftagent.l7;

import org.agrona.concurrent.Agent;

/**
 * Copies each log's counters into its {@link L7LogStatistics} after every poll of the {@link L7Agent} and once more
 * on close, so that {@code /metrics} and {@code /health} read them from their own threads.
 * <p>
 * Threading: runs on the L7 thread after the {@link L7Agent} (in one composite agent); no allocation.
 */
public final class L7StatisticsPublisher implements Agent
{
    private final AccessLogTailer[] tailers;
    private final L7LogIngest[] ingests;
    private final L7LogStatistics[] statistics;

    /**
     * @param tailers    one per log.
     * @param ingests    one per log, same order.
     * @param statistics one per log, same order.
     */
    public L7StatisticsPublisher(
        final AccessLogTailer[] tailers, final L7LogIngest[] ingests, final L7LogStatistics[] statistics)
    {
        if (tailers.length != ingests.length || tailers.length != statistics.length)
        {
            throw new IllegalArgumentException("tailers=" + tailers.length + " ingests=" + ingests.length +
                " statistics=" + statistics.length);
        }
        this.tailers = tailers.clone();
        this.ingests = ingests.clone();
        this.statistics = statistics.clone();
    }

    public int doWork()
    {
        for (int i = 0; i < tailers.length; i++)
        {
            statistics[i].publish(tailers[i], ingests[i]);
        }
        return 0;
    }

    public void onClose()
    {
        doWork();
    }

    public String roleName()
    {
        return "l7-statistics";
    }
}
