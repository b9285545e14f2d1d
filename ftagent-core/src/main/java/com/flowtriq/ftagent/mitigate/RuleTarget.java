package com.flowtriq.ftagent.mitigate;

/**
 * What a rule acts on: the incident's heaviest sources, the victim address, or the victim's port and protocol.
 */
public enum RuleTarget
{
    TOP_SOURCES("top_sources"),
    VICTIM("victim"),
    VICTIM_PORT("victim_port");

    private final String configName;

    RuleTarget(final String configName)
    {
        this.configName = configName;
    }

    public String configName()
    {
        return configName;
    }

    /**
     * @return the target named {@code name} in config, or null.
     */
    public static RuleTarget parse(final String name)
    {
        for (final RuleTarget target : values())
        {
            if (target.configName.equals(name))
            {
                return target;
            }
        }
        return null;
    }
}
