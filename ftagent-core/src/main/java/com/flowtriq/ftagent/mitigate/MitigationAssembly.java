package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.config.MitigationConfig;
import com.flowtriq.ftagent.config.MitigationRule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link MitigationEngine} from the parsed {@code mitigation} config: one runner with the configured
 * command timeout, the backends the rules name, the host safelist. The caller then calls
 * {@link MitigationEngine#start()} (which reconciles a crashed run) and {@link MitigationEngine#close()} on shutdown.
 * <p>
 * Limits: at most one {@code command} and one {@code iptables_rate_limit} rule (actions are keyed by name).
 */
public final class MitigationAssembly
{
    private static final System.Logger LOGGER = System.getLogger(MitigationAssembly.class.getName());
    private static final long EXABGP_OPEN_TIMEOUT_MILLIS = 2_000;

    private MitigationAssembly()
    {
    }

    /**
     * @param config           the {@code mitigation} section.
     * @param stateDirectory   {@code state_dir}.
     * @param apiHostAddresses the Flowtriq API host's resolved addresses, added to the safelist.
     * @param runnerPrefix     argv before every firewall command (empty in production).
     * @return the engine, not started.
     * @throws IllegalArgumentException if the rules cannot be built (e.g. two command rules).
     */
    public static MitigationEngine create(
        final MitigationConfig config,
        final Path stateDirectory,
        final List<IpAddress> apiHostAddresses,
        final List<String> runnerPrefix)
    {
        final ArgvRunner runner = new ArgvRunner(runnerPrefix, config.commandTimeoutSeconds() * 1000L);
        final List<SourceBlocker> blockers = new ArrayList<>();
        final List<IncidentAction> actions = new ArrayList<>();
        try
        {
            addBackends(config, stateDirectory, runner, blockers, actions);
        }
        catch (final RuntimeException ex)
        {
            // a backend opened before the bad rule (Cloudflare's outbox thread) must not outlive the failure
            for (final IncidentAction action : actions)
            {
                if (action instanceof CloudflareBlock cloudflare)
                {
                    cloudflare.close();
                }
            }
            throw ex;
        }
        return new MitigationEngine(
            MitigationPolicy.from(config),
            Safelist.forHost(config.safelist(), apiHostAddresses),
            blockers,
            actions,
            new MitigationStateFile(stateDirectory),
            System::currentTimeMillis);
    }

    private static void addBackends(
        final MitigationConfig config,
        final Path stateDirectory,
        final ArgvRunner runner,
        final List<SourceBlocker> blockers,
        final List<IncidentAction> actions)
    {
        for (final MitigationRule rule : config.rules())
        {
            switch (rule.action())
            {
                case NftDropSources.ACTION ->
                {
                    if (blockers.stream().noneMatch(b -> NftDropSources.ACTION.equals(b.action())))
                    {
                        blockers.add(new NftDropSources(runner));
                    }
                }
                case IpsetDropSources.ACTION ->
                {
                    if (blockers.stream().noneMatch(b -> IpsetDropSources.ACTION.equals(b.action())))
                    {
                        blockers.add(new IpsetDropSources(runner));
                    }
                }
                case CommandAction.ACTION ->
                {
                    if (actions.stream().anyMatch(a -> CommandAction.ACTION.equals(a.action())))
                    {
                        throw new IllegalArgumentException("only one mitigation rule with action command is supported");
                    }
                    actions.add(new CommandAction(runner, CommandTemplate.of(rule.command()),
                        rule.revert().isEmpty() ? null : CommandTemplate.of(rule.revert())));
                }
                case ExabgpAnnouncer.BLACKHOLE, ExabgpAnnouncer.FLOWSPEC ->
                {
                    if (null == config.exabgpPipe())
                    {
                        throw new IllegalArgumentException(rule.action() + " needs mitigation.exabgp.pipe");
                    }
                    if (actions.stream().noneMatch(a -> rule.action().equals(a.action())))
                    {
                        actions.add(new ExabgpAnnouncer(rule.action(), config.exabgpPipe(),
                            config.exabgpBlackholeCommunity(), EXABGP_OPEN_TIMEOUT_MILLIS));
                    }
                }
                case IptablesRateLimit.ACTION ->
                {
                    if (actions.stream().anyMatch(a -> IptablesRateLimit.ACTION.equals(a.action())))
                    {
                        throw new IllegalArgumentException(
                            "only one mitigation rule with action iptables_rate_limit is supported");
                    }
                    actions.add(new IptablesRateLimit(runner, rule.rateLimitPps()));
                }
                case CloudflareBlock.ACTION ->
                {
                    if (null == config.cloudflareApiToken() ||
                        (null == config.cloudflareZoneId() && null == config.cloudflareAccountId()))
                    {
                        throw new IllegalArgumentException(
                            "cloudflare_block needs mitigation.cloudflare.api_token and zone_id or account_id");
                    }
                    if (actions.stream().noneMatch(a -> CloudflareBlock.ACTION.equals(a.action())))
                    {
                        try
                        {
                            actions.add(new CloudflareBlock(config.cloudflareApiBase(), config.cloudflareZoneId(),
                                config.cloudflareAccountId(), config.cloudflareApiToken(),
                                java.time.Duration.ofSeconds(config.commandTimeoutSeconds()), stateDirectory, null));
                        }
                        catch (final java.io.IOException ex)
                        {
                            throw new IllegalArgumentException("cloudflare_block: cannot open " +
                                stateDirectory.resolve(CloudflareDelivery.OUTBOX_DIRECTORY) + ": " + ex.getMessage(), ex);
                        }
                    }
                }
                default -> LOGGER.log(System.Logger.Level.WARNING, "mitigation action " + rule.action() +
                    " has no backend in this build; matching incidents are counted as unsupported");
            }
        }
    }
}
