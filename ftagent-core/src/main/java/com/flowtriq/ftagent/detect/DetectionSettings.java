package com.flowtriq.ftagent.detect;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The detection keys of {@code config.json}, validated, as one immutable value. The JSON config loader builds it
 * through {@link #builder()}; everything in {@code detect} and {@code incident} reads it.
 * <p>
 * Each key has a {@code *_KEY} name (as spelled in the config file) and a {@code *_DEFAULT}. {@link Builder#build()}
 * checks every key and throws one {@link IllegalArgumentException} listing each bad value as
 * {@code key=value: expected ...}.
 * <p>
 * Threshold resolution per dimension (PPS and BPS, see {@link ThresholdPolicy}): with {@code dynamic_threshold},
 * {@code max(min_*_threshold, *_threshold, p99 x threshold_multiplier)}; without,
 * {@code max(min_*_threshold, *_threshold)}. {@code pps_threshold}/{@code bps_threshold} 0 means unset.
 * <p>
 * Immutable and therefore safe to share between threads.
 */
public final class DetectionSettings
{
    public static final String DYNAMIC_THRESHOLD_KEY = "dynamic_threshold";
    public static final boolean DYNAMIC_THRESHOLD_DEFAULT = true;

    public static final String BASELINE_WINDOW_MINUTES_KEY = "baseline_window_minutes";
    public static final int BASELINE_WINDOW_MINUTES_DEFAULT = 60;
    public static final int BASELINE_WINDOW_MINUTES_MIN = 1;
    /** One day: the ring then holds 86,400 samples (about 2.8 MB with its adaptation ring). */
    public static final int BASELINE_WINDOW_MINUTES_MAX = 1440;

    public static final String THRESHOLD_MULTIPLIER_KEY = "threshold_multiplier";
    public static final double THRESHOLD_MULTIPLIER_DEFAULT = 3.0;
    public static final double THRESHOLD_MULTIPLIER_MIN = 1.0;
    public static final double THRESHOLD_MULTIPLIER_MAX = 100.0;

    /** Static PPS threshold (used when dynamic is off, and as a floor when on); 0 means unset. */
    public static final String PPS_THRESHOLD_KEY = "pps_threshold";
    public static final long PPS_THRESHOLD_DEFAULT = 0;

    /** Static BPS (bits per second) threshold (used when dynamic is off, and as a floor when on); 0 means unset. */
    public static final String BPS_THRESHOLD_KEY = "bps_threshold";
    public static final long BPS_THRESHOLD_DEFAULT = 0;

    public static final String MIN_PPS_THRESHOLD_KEY = "min_pps_threshold";
    public static final long MIN_PPS_THRESHOLD_DEFAULT = 5_000;

    /** Bits per second. */
    public static final String MIN_BPS_THRESHOLD_KEY = "min_bps_threshold";
    public static final long MIN_BPS_THRESHOLD_DEFAULT = 50_000_000;

    public static final String ATTACK_CONFIRM_SECONDS_KEY = "attack_confirm_seconds";
    public static final int ATTACK_CONFIRM_SECONDS_DEFAULT = 2;
    public static final int ATTACK_CONFIRM_SECONDS_MAX = 60;

    public static final String ATTACK_HOLDDOWN_SECONDS_KEY = "attack_holddown_seconds";
    public static final int ATTACK_HOLDDOWN_SECONDS_DEFAULT = 10;
    public static final int ATTACK_HOLDDOWN_SECONDS_MAX = 3600;

    public static final String ATTACK_COOLDOWN_SECONDS_KEY = "attack_cooldown_seconds";
    public static final int ATTACK_COOLDOWN_SECONDS_DEFAULT = 60;
    public static final int ATTACK_COOLDOWN_SECONDS_MAX = 86_400;

    public static final String METRICS_INTERVAL_KEY = "metrics_interval";
    public static final int METRICS_INTERVAL_DEFAULT = 10;
    public static final int METRICS_INTERVAL_MAX = 3600;

    public static final String STATE_DIR_KEY = "state_dir";
    public static final String STATE_DIR_DEFAULT = "/var/lib/ftagent";

    public static final String PROTECTED_PREFIXES_KEY = "protected_prefixes";

    private static final DetectionSettings DEFAULTS = builder().build();

    private final boolean dynamicThreshold;
    private final int baselineWindowMinutes;
    private final double thresholdMultiplier;
    private final long ppsThreshold;
    private final long bpsThreshold;
    private final long minPpsThreshold;
    private final long minBpsThreshold;
    private final int attackConfirmSeconds;
    private final int attackHolddownSeconds;
    private final int attackCooldownSeconds;
    private final int metricsInterval;
    private final Path stateDir;
    private final List<String> protectedPrefixCidrs;
    private final ProtectedPrefixes protectedPrefixes;

    private DetectionSettings(final Builder b, final Path stateDir, final ProtectedPrefixes protectedPrefixes)
    {
        this.dynamicThreshold = b.dynamicThreshold;
        this.baselineWindowMinutes = b.baselineWindowMinutes;
        this.thresholdMultiplier = b.thresholdMultiplier;
        this.ppsThreshold = b.ppsThreshold;
        this.bpsThreshold = b.bpsThreshold;
        this.minPpsThreshold = b.minPpsThreshold;
        this.minBpsThreshold = b.minBpsThreshold;
        this.attackConfirmSeconds = b.attackConfirmSeconds;
        this.attackHolddownSeconds = b.attackHolddownSeconds;
        this.attackCooldownSeconds = b.attackCooldownSeconds;
        this.metricsInterval = b.metricsInterval;
        this.stateDir = stateDir;
        this.protectedPrefixCidrs = List.copyOf(b.protectedPrefixes);
        this.protectedPrefixes = protectedPrefixes;
    }

    /** The settings with every key at its default. */
    public static DetectionSettings defaults()
    {
        return DEFAULTS;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** A builder preloaded with these values, for changing a few keys (e.g. a server-pushed threshold). */
    public Builder toBuilder()
    {
        return new Builder()
            .dynamicThreshold(dynamicThreshold)
            .baselineWindowMinutes(baselineWindowMinutes)
            .thresholdMultiplier(thresholdMultiplier)
            .ppsThreshold(ppsThreshold)
            .bpsThreshold(bpsThreshold)
            .minPpsThreshold(minPpsThreshold)
            .minBpsThreshold(minBpsThreshold)
            .attackConfirmSeconds(attackConfirmSeconds)
            .attackHolddownSeconds(attackHolddownSeconds)
            .attackCooldownSeconds(attackCooldownSeconds)
            .metricsInterval(metricsInterval)
            .stateDir(stateDir.toString())
            .protectedPrefixes(protectedPrefixCidrs);
    }

    public boolean dynamicThreshold()
    {
        return dynamicThreshold;
    }

    public int baselineWindowMinutes()
    {
        return baselineWindowMinutes;
    }

    /** The baseline window in seconds, which is also the ring capacity in samples. */
    public int baselineWindowSeconds()
    {
        return baselineWindowMinutes * 60;
    }

    public double thresholdMultiplier()
    {
        return thresholdMultiplier;
    }

    /** Static PPS threshold, 0 when unset. */
    public long ppsThreshold()
    {
        return ppsThreshold;
    }

    /** Static BPS threshold in bits per second, 0 when unset. */
    public long bpsThreshold()
    {
        return bpsThreshold;
    }

    public long minPpsThreshold()
    {
        return minPpsThreshold;
    }

    /** Bits per second. */
    public long minBpsThreshold()
    {
        return minBpsThreshold;
    }

    public int attackConfirmSeconds()
    {
        return attackConfirmSeconds;
    }

    public int attackHolddownSeconds()
    {
        return attackHolddownSeconds;
    }

    public int attackCooldownSeconds()
    {
        return attackCooldownSeconds;
    }

    public int metricsInterval()
    {
        return metricsInterval;
    }

    public Path stateDir()
    {
        return stateDir;
    }

    /** The CIDRs as written in the config, in order. */
    public List<String> protectedPrefixCidrs()
    {
        return protectedPrefixCidrs;
    }

    /** The parsed prefixes, for matching destinations. */
    public ProtectedPrefixes protectedPrefixes()
    {
        return protectedPrefixes;
    }

    @Override
    public String toString()
    {
        return "DetectionSettings{" +
            DYNAMIC_THRESHOLD_KEY + "=" + dynamicThreshold +
            ", " + BASELINE_WINDOW_MINUTES_KEY + "=" + baselineWindowMinutes +
            ", " + THRESHOLD_MULTIPLIER_KEY + "=" + thresholdMultiplier +
            ", " + PPS_THRESHOLD_KEY + "=" + ppsThreshold +
            ", " + BPS_THRESHOLD_KEY + "=" + bpsThreshold +
            ", " + MIN_PPS_THRESHOLD_KEY + "=" + minPpsThreshold +
            ", " + MIN_BPS_THRESHOLD_KEY + "=" + minBpsThreshold +
            ", " + ATTACK_CONFIRM_SECONDS_KEY + "=" + attackConfirmSeconds +
            ", " + ATTACK_HOLDDOWN_SECONDS_KEY + "=" + attackHolddownSeconds +
            ", " + ATTACK_COOLDOWN_SECONDS_KEY + "=" + attackCooldownSeconds +
            ", " + METRICS_INTERVAL_KEY + "=" + metricsInterval +
            ", " + STATE_DIR_KEY + "=" + stateDir +
            ", " + PROTECTED_PREFIXES_KEY + "=" + protectedPrefixCidrs +
            '}';
    }

    /**
     * Mutable collector of key values; {@link #build()} validates all of them at once. Not thread-safe.
     */
    public static final class Builder
    {
        private boolean dynamicThreshold = DYNAMIC_THRESHOLD_DEFAULT;
        private int baselineWindowMinutes = BASELINE_WINDOW_MINUTES_DEFAULT;
        private double thresholdMultiplier = THRESHOLD_MULTIPLIER_DEFAULT;
        private long ppsThreshold = PPS_THRESHOLD_DEFAULT;
        private long bpsThreshold = BPS_THRESHOLD_DEFAULT;
        private long minPpsThreshold = MIN_PPS_THRESHOLD_DEFAULT;
        private long minBpsThreshold = MIN_BPS_THRESHOLD_DEFAULT;
        private int attackConfirmSeconds = ATTACK_CONFIRM_SECONDS_DEFAULT;
        private int attackHolddownSeconds = ATTACK_HOLDDOWN_SECONDS_DEFAULT;
        private int attackCooldownSeconds = ATTACK_COOLDOWN_SECONDS_DEFAULT;
        private int metricsInterval = METRICS_INTERVAL_DEFAULT;
        private String stateDir = STATE_DIR_DEFAULT;
        private List<String> protectedPrefixes = List.of();

        private Builder()
        {
        }

        public Builder dynamicThreshold(final boolean value)
        {
            dynamicThreshold = value;
            return this;
        }

        public Builder baselineWindowMinutes(final int value)
        {
            baselineWindowMinutes = value;
            return this;
        }

        public Builder thresholdMultiplier(final double value)
        {
            thresholdMultiplier = value;
            return this;
        }

        public Builder ppsThreshold(final long value)
        {
            ppsThreshold = value;
            return this;
        }

        public Builder bpsThreshold(final long value)
        {
            bpsThreshold = value;
            return this;
        }

        public Builder minPpsThreshold(final long value)
        {
            minPpsThreshold = value;
            return this;
        }

        public Builder minBpsThreshold(final long value)
        {
            minBpsThreshold = value;
            return this;
        }

        public Builder attackConfirmSeconds(final int value)
        {
            attackConfirmSeconds = value;
            return this;
        }

        public Builder attackHolddownSeconds(final int value)
        {
            attackHolddownSeconds = value;
            return this;
        }

        public Builder attackCooldownSeconds(final int value)
        {
            attackCooldownSeconds = value;
            return this;
        }

        public Builder metricsInterval(final int value)
        {
            metricsInterval = value;
            return this;
        }

        public Builder stateDir(final String value)
        {
            stateDir = value;
            return this;
        }

        public Builder protectedPrefixes(final List<String> value)
        {
            protectedPrefixes = value == null ? null : new ArrayList<>(value);
            return this;
        }

        /**
         * Validates every key and returns the settings.
         *
         * @throws IllegalArgumentException naming each bad key as {@code key=value: expected ...}, all in one message.
         */
        public DetectionSettings build()
        {
            final List<String> problems = new ArrayList<>();

            checkRange(problems, BASELINE_WINDOW_MINUTES_KEY, baselineWindowMinutes,
                BASELINE_WINDOW_MINUTES_MIN, BASELINE_WINDOW_MINUTES_MAX);
            if (!(thresholdMultiplier >= THRESHOLD_MULTIPLIER_MIN && thresholdMultiplier <= THRESHOLD_MULTIPLIER_MAX))
            {
                problems.add(THRESHOLD_MULTIPLIER_KEY + "=" + thresholdMultiplier + ": expected a number in " +
                    THRESHOLD_MULTIPLIER_MIN + ".." + THRESHOLD_MULTIPLIER_MAX);
            }
            checkRange(problems, PPS_THRESHOLD_KEY, ppsThreshold, 0, Long.MAX_VALUE, " (0 = unset)");
            checkRange(problems, BPS_THRESHOLD_KEY, bpsThreshold, 0, Long.MAX_VALUE, " (0 = unset)");
            checkRange(problems, MIN_PPS_THRESHOLD_KEY, minPpsThreshold, 1, Long.MAX_VALUE, "");
            checkRange(problems, MIN_BPS_THRESHOLD_KEY, minBpsThreshold, 1, Long.MAX_VALUE, "");
            checkRange(problems, ATTACK_CONFIRM_SECONDS_KEY, attackConfirmSeconds, 1, ATTACK_CONFIRM_SECONDS_MAX);
            checkRange(problems, ATTACK_HOLDDOWN_SECONDS_KEY, attackHolddownSeconds, 1, ATTACK_HOLDDOWN_SECONDS_MAX);
            checkRange(problems, ATTACK_COOLDOWN_SECONDS_KEY, attackCooldownSeconds, 0, ATTACK_COOLDOWN_SECONDS_MAX);
            checkRange(problems, METRICS_INTERVAL_KEY, metricsInterval, 1, METRICS_INTERVAL_MAX);

            Path parsedStateDir = null;
            if (stateDir == null || stateDir.isBlank())
            {
                problems.add(STATE_DIR_KEY + "=" + quoted(stateDir) + ": expected a directory path");
            }
            else
            {
                try
                {
                    parsedStateDir = Path.of(stateDir);
                }
                catch (final InvalidPathException ex)
                {
                    problems.add(STATE_DIR_KEY + "=" + quoted(stateDir) + ": expected a directory path (" +
                        ex.getReason() + ")");
                }
            }

            ProtectedPrefixes parsedPrefixes = null;
            if (protectedPrefixes == null)
            {
                problems.add(PROTECTED_PREFIXES_KEY + "=null: expected a list of CIDRs (may be empty)");
            }
            else
            {
                parsedPrefixes = ProtectedPrefixes.parse(protectedPrefixes, PROTECTED_PREFIXES_KEY, problems);
            }

            if (!problems.isEmpty())
            {
                throw new IllegalArgumentException("invalid detection settings: " + String.join("; ", problems));
            }

            return new DetectionSettings(this, parsedStateDir, parsedPrefixes);
        }

        private static void checkRange(
            final List<String> problems, final String key, final long value, final long min, final long max)
        {
            checkRange(problems, key, value, min, max, "");
        }

        private static void checkRange(
            final List<String> problems,
            final String key,
            final long value,
            final long min,
            final long max,
            final String note)
        {
            if (value < min || value > max)
            {
                final String expected = max == Long.MAX_VALUE ? "an integer >= " + min : "an integer in " + min + ".." + max;
                problems.add(key + "=" + value + ": expected " + expected + note);
            }
        }

        private static String quoted(final String value)
        {
            return value == null ? "null" : "\"" + value + "\"";
        }
    }
}
