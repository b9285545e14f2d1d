package com.flowtriq.ftagent.mitigate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ipset_drop_sources}, for hosts without nftables: two ipsets ({@code ftagent4}, {@code ftagent6}, type
 * {@code hash:ip} with timeout support) and one rule at the top of INPUT in iptables and ip6tables that drops
 * sources in the set:
 * <pre>
 *   ipset restore -!     &lt;&lt;&lt; create ftagent4 hash:ip family inet timeout 0 / add ftagent4 ADDRESS [timeout N]
 *   iptables -I INPUT -m set --match-set ftagent4 src -j DROP     (inserted once; checked with -C first)
 * </pre>
 * Element changes are one {@code ipset restore -!} batch on stdin (create lines first, so adds and dels never
 * fail on a missing set or element). Built only from fixed keywords and {@link IpAddress#text()}.
 * <p>
 * Threading: single caller (the engine's worker).
 */
public final class IpsetDropSources implements SourceBlocker
{
    public static final String ACTION = "ipset_drop_sources";
    public static final String SET_V4 = "ftagent4";
    public static final String SET_V6 = "ftagent6";
    /** Upper bound on duplicate rules removed by {@link #removeAll()}. */
    public static final int MAX_RULE_REMOVALS = 16;
    public static final int MAX_BATCH_ELEMENTS = 1024;

    private static final List<String> IPSET_RESTORE = List.of("ipset", "restore", "-!");

    private final ArgvRunner runner;
    private boolean rulesInstalled;

    public IpsetDropSources(final ArgvRunner runner)
    {
        this.runner = runner;
    }

    public String action()
    {
        return ACTION;
    }

    public CommandOutcome block(final List<IpAddress> sources, final long ttlSeconds)
    {
        CommandOutcome last = CommandOutcome.skipped(IPSET_RESTORE);
        for (final String script : scripts("add", sources, ttlSeconds))
        {
            last = runner.run(IPSET_RESTORE, script.getBytes(StandardCharsets.US_ASCII));
            if (!last.succeeded())
            {
                return last;
            }
        }
        if (!rulesInstalled)
        {
            for (final String program : List.of("iptables", "ip6tables"))
            {
                final List<String> rule = rule(program, "-C");
                if (!runner.run(rule).succeeded())
                {
                    last = runner.run(rule(program, "-I"));
                    if (!last.succeeded())
                    {
                        return last;
                    }
                }
            }
            rulesInstalled = true;
        }
        return last;
    }

    public CommandOutcome unblock(final List<IpAddress> sources)
    {
        CommandOutcome last = CommandOutcome.skipped(IPSET_RESTORE);
        for (final String script : scripts("del", sources, 0))
        {
            last = runner.run(IPSET_RESTORE, script.getBytes(StandardCharsets.US_ASCII));
            if (!last.succeeded())
            {
                return last;
            }
        }
        return last;
    }

    public CommandOutcome removeAll()
    {
        rulesInstalled = false;
        for (final String program : List.of("iptables", "ip6tables"))
        {
            for (int i = 0; i < MAX_RULE_REMOVALS && runner.run(rule(program, "-C")).succeeded(); i++)
            {
                final CommandOutcome removed = runner.run(rule(program, "-D"));
                if (!removed.succeeded())
                {
                    return removed;
                }
            }
        }
        // create first so destroying a set that never existed is not an error
        final String script = createLines() + "destroy " + SET_V4 + "\ndestroy " + SET_V6 + "\n";
        return runner.run(IPSET_RESTORE, script.getBytes(StandardCharsets.US_ASCII));
    }

    public List<String> describeBlock(final List<IpAddress> sources, final long ttlSeconds)
    {
        final List<String> result = new ArrayList<>();
        for (final String script : scripts("add", sources, ttlSeconds))
        {
            result.add(String.join(" ", IPSET_RESTORE) + " <<< " + script.replace('\n', ';'));
        }
        result.add(String.join(" ", rule("iptables", "-I")));
        result.add(String.join(" ", rule("ip6tables", "-I")));
        return result;
    }

    private static List<String> rule(final String program, final String verb)
    {
        final String set = "iptables".equals(program) ? SET_V4 : SET_V6;
        return List.of(program, verb, "INPUT", "-m", "set", "--match-set", set, "src", "-j", "DROP");
    }

    private static String createLines()
    {
        return "create " + SET_V4 + " hash:ip family inet timeout 0\n" +
            "create " + SET_V6 + " hash:ip family inet6 timeout 0\n";
    }

    private static List<String> scripts(final String verb, final List<IpAddress> sources, final long ttlSeconds)
    {
        final List<String> scripts = new ArrayList<>();
        for (int from = 0; from < sources.size(); from += MAX_BATCH_ELEMENTS)
        {
            final StringBuilder script = new StringBuilder(createLines());
            for (final IpAddress source : sources.subList(from, Math.min(sources.size(), from + MAX_BATCH_ELEMENTS)))
            {
                script.append(verb).append(' ').append(source.isIpv4() ? SET_V4 : SET_V6).append(' ')
                    .append(source.text());
                if ("add".equals(verb) && ttlSeconds > 0)
                {
                    script.append(" timeout ").append(ttlSeconds);
                }
                script.append('\n');
            }
            scripts.add(script.toString());
        }
        return scripts;
    }

    public String toString()
    {
        return "IpsetDropSources{runner=" + runner + "}";
    }
}
