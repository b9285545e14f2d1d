package com.flowtriq.ftagent.l7;

/**
 * The L7 detection keys, their defaults and validation. Immutable; built once from configuration (cold path).
 * <p>
 * Keys: {@code l7_threshold_multiplier} (default 3.0), {@code l7_min_rps} (50), {@code l7_sensitivity} (medium),
 * {@code l7_holddown_seconds} (15), {@code l7_baseline_window_minutes} (falls back to {@code baseline_window_minutes},
 * 60), {@code l7_baseline_percentile} (95), {@code l7_error_rate_threshold} (0.7), {@code l7_max_line_bytes} (16384,
 * used by the tailer).
 */
public final class L7DetectorSettings
{
    public static final String THRESHOLD_MULTIPLIER_PROP_NAME = "l7_threshold_multiplier";
    public static final double THRESHOLD_MULTIPLIER_DEFAULT = 3.0;
    public static final String MIN_RPS_PROP_NAME = "l7_min_rps";
    public static final long MIN_RPS_DEFAULT = 50;
    public static final String SENSITIVITY_PROP_NAME = "l7_sensitivity";
    public static final L7Sensitivity SENSITIVITY_DEFAULT = L7Sensitivity.MEDIUM;
    public static final String HOLDDOWN_SECONDS_PROP_NAME = "l7_holddown_seconds";
    public static final int HOLDDOWN_SECONDS_DEFAULT = 15;
    public static final String BASELINE_WINDOW_MINUTES_PROP_NAME = "l7_baseline_window_minutes";
    public static final int BASELINE_WINDOW_MINUTES_DEFAULT = 60;
    public static final String BASELINE_PERCENTILE_PROP_NAME = "l7_baseline_percentile";
    public static final int BASELINE_PERCENTILE_DEFAULT = 95;
    public static final String MAX_LINE_BYTES_PROP_NAME = "l7_max_line_bytes";
    public static final int MAX_LINE_BYTES_DEFAULT = AccessLogTailer.DEFAULT_MAX_LINE_BYTES;

    /** A "moderate" surge is at least this fraction of the threshold; it opens only with another signal. */
    public static final double MODERATE_SURGE_FRACTION = 0.5;
    /** Top client share at which one source dominates. */
    public static final double SINGLE_SOURCE_SHARE = 0.5;
    /** Top path share at which one endpoint is targeted. */
    public static final double ENDPOINT_SHARE = 0.6;
    public static final String ERROR_RATE_THRESHOLD_PROP_NAME = "l7_error_rate_threshold";
    /** Share of 4xx/5xx for an error flood, unless configured. */
    public static final double ERROR_RATE_THRESHOLD_DEFAULT = 0.7;
    /** Share of never-seen path+query for cache busting. */
    public static final double CACHE_BYPASS_SHARE = 0.5;
    /** Share of slow requests for slow_rate. */
    public static final double SLOW_SHARE = 0.5;
    /**
     * Seconds of baseline learned before any incident can open. Without it, a busy server would open an incident on
     * its first seconds (threshold = {@code l7_min_rps}) that could never resolve, because attack seconds do not
     * feed the baseline. An attack during warm-up is learned; it stops mattering once it is under 5% of the window.
     */
    public static final int WARMUP_SECONDS = 60;
    /** Seconds between update events of an open incident. */
    public static final int UPDATE_INTERVAL_SECONDS = 10;

    private final double thresholdMultiplier;
    private final long minRps;
    private final L7Sensitivity sensitivity;
    private final int holddownSeconds;
    private final int baselineWindowSeconds;
    private final int baselinePercentile;
    private final double errorRateThreshold;

    public L7DetectorSettings(
        final double thresholdMultiplier,
        final long minRps,
        final L7Sensitivity sensitivity,
        final int holddownSeconds,
        final int baselineWindowMinutes,
        final int baselinePercentile,
        final double errorRateThreshold)
    {
        if (!(thresholdMultiplier >= 1.0 && thresholdMultiplier <= 1000.0))
        {
            throw new IllegalArgumentException(THRESHOLD_MULTIPLIER_PROP_NAME + "=" + thresholdMultiplier);
        }
        if (minRps < 1)
        {
            throw new IllegalArgumentException(MIN_RPS_PROP_NAME + "=" + minRps);
        }
        if (sensitivity == null)
        {
            throw new IllegalArgumentException(SENSITIVITY_PROP_NAME + "=null");
        }
        if (holddownSeconds < 1 || holddownSeconds > 3600)
        {
            throw new IllegalArgumentException(HOLDDOWN_SECONDS_PROP_NAME + "=" + holddownSeconds);
        }
        if (baselineWindowMinutes < 1 || baselineWindowMinutes > 7 * 24 * 60)
        {
            throw new IllegalArgumentException(BASELINE_WINDOW_MINUTES_PROP_NAME + "=" + baselineWindowMinutes);
        }
        if (baselinePercentile < 50 || baselinePercentile > 100)
        {
            throw new IllegalArgumentException(BASELINE_PERCENTILE_PROP_NAME + "=" + baselinePercentile);
        }
        if (!(errorRateThreshold > 0.0 && errorRateThreshold <= 1.0))
        {
            throw new IllegalArgumentException(ERROR_RATE_THRESHOLD_PROP_NAME + "=" + errorRateThreshold);
        }
        this.thresholdMultiplier = thresholdMultiplier;
        this.minRps = minRps;
        this.sensitivity = sensitivity;
        this.holddownSeconds = holddownSeconds;
        this.baselineWindowSeconds = baselineWindowMinutes * 60;
        this.baselinePercentile = baselinePercentile;
        this.errorRateThreshold = errorRateThreshold;
    }

    /** Settings with every default. */
    public static L7DetectorSettings defaults()
    {
        return new L7DetectorSettings(THRESHOLD_MULTIPLIER_DEFAULT, MIN_RPS_DEFAULT, SENSITIVITY_DEFAULT,
            HOLDDOWN_SECONDS_DEFAULT, BASELINE_WINDOW_MINUTES_DEFAULT, BASELINE_PERCENTILE_DEFAULT,
            ERROR_RATE_THRESHOLD_DEFAULT);
    }

    public double thresholdMultiplier()
    {
        return thresholdMultiplier;
    }

    public long minRps()
    {
        return minRps;
    }

    public L7Sensitivity sensitivity()
    {
        return sensitivity;
    }

    public int holddownSeconds()
    {
        return holddownSeconds;
    }

    public int baselineWindowSeconds()
    {
        return baselineWindowSeconds;
    }

    public int baselinePercentile()
    {
        return baselinePercentile;
    }

    /** Share of 4xx/5xx responses in a second that counts as an error signal. */
    public double errorRateThreshold()
    {
        return errorRateThreshold;
    }
}
