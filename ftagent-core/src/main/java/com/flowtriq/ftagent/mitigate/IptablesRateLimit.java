package com.flowtriq.ftagent.mitigate;

import java.util.List;

/**
 * {@code iptables_rate_limit}: one hashlimit rule at the top of INPUT per victim port and protocol, dropping each
 * source's packets above the configured rate:
 * <pre>
 *   iptables -I INPUT -p udp --dport 53 -m hashlimit --hashlimit-above 1000/sec --hashlimit-burst 1000
 *            --hashlimit-mode srcip --hashlimit-name ftagent-udp-53 -j DROP
 * </pre>
 * ({@code ip6tables} for an IPv6 victim.) Applied only if not present ({@code -C} first); revert deletes while
 * {@code -C} finds it, bounded, so it is idempotent. Built from {@link Port}, {@link Protocol} and a number only.
 * <p>
 * Threading: engine worker only.
 */
public final class IptablesRateLimit implements IncidentAction
{
    public static final String ACTION = "iptables_rate_limit";
    public static final int MAX_RULE_REMOVALS = 16;

    private final ArgvRunner runner;
    private final long ratePps;

    /**
     * @param runner  runs iptables; its prefix may enter a namespace.
     * @param ratePps packets per second allowed per source, 1..{@link Integer#MAX_VALUE}.
     */
    public IptablesRateLimit(final ArgvRunner runner, final long ratePps)
    {
        if (ratePps < 1 || ratePps > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("ratePps=" + ratePps + " must be 1.." + Integer.MAX_VALUE);
        }
        this.runner = runner;
        this.ratePps = ratePps;
    }

    public String action()
    {
        return ACTION;
    }

    public CommandOutcome apply(final List<TemplateValues> targets)
    {
        CommandOutcome last = new CommandOutcome(List.of("iptables"), -1, false, "", "no victim port and protocol");
        for (final TemplateValues target : targets)
        {
            if (!hasPortAndProtocol(target))
            {
                continue;
            }
            last = runner.run(rule(target, "-C"));
            if (!last.succeeded())
            {
                last = runner.run(rule(target, "-I"));
                if (!last.succeeded())
                {
                    return last;
                }
            }
        }
        return last;
    }

    public CommandOutcome revert(final List<TemplateValues> targets)
    {
        for (final TemplateValues target : targets)
        {
            if (!hasPortAndProtocol(target))
            {
                continue;
            }
            for (int i = 0; i < MAX_RULE_REMOVALS && runner.run(rule(target, "-C")).succeeded(); i++)
            {
                final CommandOutcome removed = runner.run(rule(target, "-D"));
                if (!removed.succeeded())
                {
                    return removed;
                }
            }
        }
        return CommandOutcome.skipped(List.of("iptables"));
    }

    private static boolean hasPortAndProtocol(final TemplateValues target)
    {
        return null != target.port() && (Protocol.TCP == target.protocol() || Protocol.UDP == target.protocol());
    }

    List<String> rule(final TemplateValues target, final String verb)
    {
        final boolean ipv6 = null != target.destinationIp() && !target.destinationIp().isIpv4();
        final String protocol = target.protocol().keyword();
        final String rate = Long.toString(ratePps);
        return List.of(ipv6 ? "ip6tables" : "iptables", verb, "INPUT", "-p", protocol,
            "--dport", target.port().text(), "-m", "hashlimit", "--hashlimit-above", rate + "/sec",
            "--hashlimit-burst", rate, "--hashlimit-mode", "srcip",
            "--hashlimit-name", "ftagent-" + protocol + "-" + target.port().text(), "-j", "DROP");
    }

    public String toString()
    {
        return "IptablesRateLimit{ratePps=" + ratePps + "}";
    }
}
