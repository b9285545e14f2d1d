package com.flowtriq.ftagent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Mitigation switches, safelist, rules and the credentials of the remote backends (Cloudflare token redacted in
 * {@link #toString()}). Immutable; thread-safe.
 */
public final class MitigationConfig
{
    static final List<ConfigKey> KEYS = List.of(
        ConfigKeys.MITIGATION_ENABLED, ConfigKeys.MITIGATION_DRY_RUN, ConfigKeys.MITIGATION_SAFELIST,
        ConfigKeys.MITIGATION_MAX_BLOCKED_SOURCES, ConfigKeys.MITIGATION_COMMAND_TIMEOUT_SECONDS,
        ConfigKeys.MITIGATION_RULES, ConfigKeys.MITIGATION_CLOUDFLARE_API_TOKEN,
        ConfigKeys.MITIGATION_CLOUDFLARE_ZONE_ID, ConfigKeys.MITIGATION_CLOUDFLARE_ACCOUNT_ID,
        ConfigKeys.MITIGATION_CLOUDFLARE_API_BASE, ConfigKeys.MITIGATION_EXABGP_PIPE,
        ConfigKeys.MITIGATION_EXABGP_BLACKHOLE_COMMUNITY);

    private final ConfigValues values;
    private final boolean enabled;
    private final boolean dryRun;
    private final List<String> safelist;
    private final int maxBlockedSources;
    private final int commandTimeoutSeconds;
    private final List<MitigationRule> rules;
    private final String cloudflareApiToken;
    private final String cloudflareZoneId;
    private final String cloudflareAccountId;
    private final String cloudflareApiBase;
    private final Path exabgpPipe;
    private final String exabgpBlackholeCommunity;

    MitigationConfig(final ConfigValues values)
    {
        this.values = values;
        enabled = values.bool(ConfigKeys.MITIGATION_ENABLED);
        dryRun = values.bool(ConfigKeys.MITIGATION_DRY_RUN);
        safelist = values.strings(ConfigKeys.MITIGATION_SAFELIST);
        maxBlockedSources = values.intValue(ConfigKeys.MITIGATION_MAX_BLOCKED_SOURCES);
        commandTimeoutSeconds = values.intValue(ConfigKeys.MITIGATION_COMMAND_TIMEOUT_SECONDS);
        final List<MitigationRule> ruleList = new ArrayList<>();
        for (final ConfigValues element : values.elements(ConfigKeys.MITIGATION_RULES))
        {
            ruleList.add(new MitigationRule(element));
        }
        rules = Collections.unmodifiableList(ruleList);
        cloudflareApiToken = values.string(ConfigKeys.MITIGATION_CLOUDFLARE_API_TOKEN);
        cloudflareZoneId = values.string(ConfigKeys.MITIGATION_CLOUDFLARE_ZONE_ID);
        cloudflareAccountId = values.string(ConfigKeys.MITIGATION_CLOUDFLARE_ACCOUNT_ID);
        cloudflareApiBase = values.string(ConfigKeys.MITIGATION_CLOUDFLARE_API_BASE);
        final String pipe = values.string(ConfigKeys.MITIGATION_EXABGP_PIPE);
        exabgpPipe = null == pipe ? null : Path.of(pipe);
        exabgpBlackholeCommunity = values.string(ConfigKeys.MITIGATION_EXABGP_BLACKHOLE_COMMUNITY);
    }

    public boolean enabled()
    {
        return enabled;
    }

    public boolean dryRun()
    {
        return dryRun;
    }

    /**
     * @return configured CIDRs never to block (the host's own addresses are added at run time).
     */
    public List<String> safelist()
    {
        return safelist;
    }

    public int maxBlockedSources()
    {
        return maxBlockedSources;
    }

    public int commandTimeoutSeconds()
    {
        return commandTimeoutSeconds;
    }

    public List<MitigationRule> rules()
    {
        return rules;
    }

    /**
     * @return the Cloudflare API token or null; never log it.
     */
    public String cloudflareApiToken()
    {
        return cloudflareApiToken;
    }

    public String cloudflareZoneId()
    {
        return cloudflareZoneId;
    }

    public String cloudflareAccountId()
    {
        return cloudflareAccountId;
    }

    public String cloudflareApiBase()
    {
        return cloudflareApiBase;
    }

    /**
     * @return the ExaBGP API pipe path, or null.
     */
    public Path exabgpPipe()
    {
        return exabgpPipe;
    }

    public String exabgpBlackholeCommunity()
    {
        return exabgpBlackholeCommunity;
    }

    public String toString()
    {
        return "MitigationConfig" + ConfigDump.inline(values, KEYS);
    }
}
