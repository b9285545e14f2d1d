package com.flowtriq.ftagent.report;

/**
 * A piece of work the reporting thread does on each pass ({@link ReportAgent}). Called only on that thread.
 */
@FunctionalInterface
public interface ReportTask
{
    /**
     * @param nowMillis wall-clock time read once for this pass.
     * @return units of work done; 0 lets the thread idle.
     */
    int doWork(long nowMillis);
}
