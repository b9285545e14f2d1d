package com.flowtriq.ftagent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's whole configuration, validated: one typed, immutable section per pipeline stage.
 * <p>
 * Built only from values that passed {@link ConfigReader} (or {@link ConfigValues.Builder}) and
 * {@link ConfigConsistency}; unset keys take the registry defaults. {@link #toString()} and {@link #dump()} redact
 * every secret. Immutable; safe to share between threads.
 */
public final class AgentConfig
{
    private static final AgentConfig DEFAULTS = new AgentConfig(ConfigValues.empty());

    private final ConfigValues values;
    private final ApiConfig api;
    private final CaptureConfig capture;
    private final DetectionConfig detection;
    private final PcapConfig pcap;
    private final L7Config l7;
    private final StateConfig state;
    private final NotifyConfig notify;
    private final MitigationConfig mitigation;
    private final LoggingConfig logging;

    private AgentConfig(final ConfigValues values)
    {
        this.values = values;
        api = new ApiConfig(values);
        capture = new CaptureConfig(values);
        detection = new DetectionConfig(values);
        pcap = new PcapConfig(values);
        l7 = new L7Config(values);
        state = new StateConfig(values);
        notify = new NotifyConfig(values);
        mitigation = new MitigationConfig(values);
        logging = new LoggingConfig(values);
    }

    /**
     * @return the configuration with every key at its default: local mode, interface auto.
     */
    public static AgentConfig defaults()
    {
        return DEFAULTS;
    }

    /**
     * @param values values that each passed validation.
     * @return the config.
     * @throws ConfigValidationException if a cross-key rule fails (e.g. api_key without node_uuid).
     */
    public static AgentConfig of(final ConfigValues values)
    {
        final List<ConfigProblem> problems = ConfigConsistency.problems(values);
        if (!problems.isEmpty())
        {
            throw new ConfigValidationException("config", problems);
        }
        return new AgentConfig(values);
    }

    /**
     * @return the values as set (unset keys are defaults), e.g. for {@link ConfigWriter}.
     */
    public ConfigValues values()
    {
        return values;
    }

    public ApiConfig api()
    {
        return api;
    }

    public CaptureConfig capture()
    {
        return capture;
    }

    public DetectionConfig detection()
    {
        return detection;
    }

    public PcapConfig pcap()
    {
        return pcap;
    }

    public L7Config l7()
    {
        return l7;
    }

    public StateConfig state()
    {
        return state;
    }

    public NotifyConfig notifiers()
    {
        return notify;
    }

    public MitigationConfig mitigation()
    {
        return mitigation;
    }

    public LoggingConfig logging()
    {
        return logging;
    }

    /**
     * @return true if any secret (API key, webhook URL, token) is set: the file should then be readable by its
     * owner only.
     */
    public boolean holdsSecrets()
    {
        return !secretKeysSet().isEmpty();
    }

    /**
     * @return paths of the secret keys that are set, for messages.
     */
    public List<String> secretKeysSet()
    {
        final List<String> set = new ArrayList<>();
        for (final ConfigKey key : ConfigKeys.all())
        {
            if (key.secret() && values.isSet(key))
            {
                set.add(key.path());
            }
        }
        return set;
    }

    /**
     * @return every effective value, one {@code key = value} per line, defaults marked, secrets redacted.
     */
    public String dump()
    {
        return ConfigDump.lines(values);
    }

    public boolean equals(final Object o)
    {
        return o instanceof AgentConfig other && values.equals(other.values);
    }

    public int hashCode()
    {
        return values.hashCode();
    }

    public String toString()
    {
        return "AgentConfig{" + api + ", " + capture + ", " + detection + ", " + pcap + ", " + l7 + ", " + state +
            ", " + notify + ", " + mitigation + ", " + logging + "}";
    }
}
