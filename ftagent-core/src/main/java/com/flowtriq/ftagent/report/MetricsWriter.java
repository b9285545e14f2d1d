package com.flowtriq.ftagent.report;

/**
 * Where a {@link MetricsSource} writes its current values. Names follow Prometheus conventions: base units,
 * counters end in {@code _total}. A family may get samples from several calls (one per label value).
 */
public interface MetricsWriter
{
    void counter(String name, String help, double value);

    void gauge(String name, String help, double value);

    void counter(String name, String help, String labelName, String labelValue, double value);

    void gauge(String name, String help, String labelName, String labelValue, double value);
}
