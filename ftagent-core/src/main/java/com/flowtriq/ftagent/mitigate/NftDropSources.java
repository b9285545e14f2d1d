package com.flowtriq.ftagent.mitigate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nft_drop_sources}: a dedicated table {@code inet ftagent} holding two sets of blocked sources (IPv4 and
 * IPv6, per-element timeouts allowed) and one chain on the input hook that drops and counts packets from them.
 * <pre>
 *   table inet ftagent
 *     set blocked4 { type ipv4_addr; flags timeout; }
 *     set blocked6 { type ipv6_addr; flags timeout; }
 *     chain input { type filter hook input priority -150; policy accept; }
 *       ip saddr @blocked4 counter drop
 *       ip6 saddr @blocked6 counter drop
 * </pre>
 * Every change is one atomic batch fed to {@code nft -f -} on stdin, so either the whole batch applies or none of
 * it. Scripts are built only from fixed keywords and {@link IpAddress#text()}, never from input strings.
 * <p>
 * Idempotence without {@code destroy} (nft 1.0.6 lacks it): a removal batch first adds each element, then deletes
 * it, so a missing element cannot fail the batch; removing the table first adds it, then deletes it.
 * <p>
 * Threading: single caller (the engine's worker).
 */
public final class NftDropSources implements SourceBlocker
{
    public static final String ACTION = "nft_drop_sources";
    public static final String TABLE = "ftagent";
    public static final String SET_V4 = "blocked4";
    public static final String SET_V6 = "blocked6";
    public static final String CHAIN = "input";
    /** Chain priority on the input hook: ahead of the usual filter (0) chains. */
    public static final int PRIORITY = -150;
    /** Most elements per nft call. */
    public static final int MAX_BATCH_ELEMENTS = 512;

    /** The program run when none is given: found through the runner's fixed PATH. */
    public static final String DEFAULT_PROGRAM = "nft";

    private final ArgvRunner runner;
    private final List<String> nftFromStdin;
    private boolean chainInstalled;

    /**
     * @param runner runs {@code nft}; its prefix may enter a namespace.
     */
    public NftDropSources(final ArgvRunner runner)
    {
        this(runner, DEFAULT_PROGRAM);
    }

    /**
     * @param runner  runs the program; its prefix may enter a namespace.
     * @param program the nft executable, e.g. {@code /usr/sbin/nft}.
     */
    public NftDropSources(final ArgvRunner runner, final String program)
    {
        this.runner = runner;
        this.nftFromStdin = List.of(program, "-f", "-");
    }

    public String action()
    {
        return ACTION;
    }

    public CommandOutcome block(final List<IpAddress> sources, final long ttlSeconds)
    {
        CommandOutcome last = null;
        for (final String script : blockScripts(sources, ttlSeconds))
        {
            last = runScript(script);
            if (!last.succeeded())
            {
                return last;
            }
            chainInstalled = true;
        }
        return null == last ? CommandOutcome.skipped(nftFromStdin) : last;
    }

    public CommandOutcome unblock(final List<IpAddress> sources)
    {
        CommandOutcome last = null;
        for (int from = 0; from < sources.size(); from += MAX_BATCH_ELEMENTS)
        {
            final List<IpAddress> batch = sources.subList(from, Math.min(sources.size(), from + MAX_BATCH_ELEMENTS));
            final StringBuilder script = new StringBuilder(256);
            appendSets(script);
            appendElements(script, "add", batch, 0);
            appendElements(script, "delete", batch, 0);
            last = runScript(script.toString());
            if (!last.succeeded())
            {
                return last;
            }
        }
        return null == last ? CommandOutcome.skipped(nftFromStdin) : last;
    }

    public CommandOutcome removeAll()
    {
        chainInstalled = false;
        return runScript("add table inet " + TABLE + "\ndelete table inet " + TABLE + "\n");
    }

    public List<String> describeBlock(final List<IpAddress> sources, final long ttlSeconds)
    {
        final List<String> result = new ArrayList<>();
        for (final String script : blockScripts(sources, ttlSeconds))
        {
            result.add(String.join(" ", nftFromStdin) + " <<< " + script.replace('\n', ';'));
        }
        return result;
    }

    /**
     * @return the nft scripts (one per batch) that block {@code sources}.
     */
    List<String> blockScripts(final List<IpAddress> sources, final long ttlSeconds)
    {
        final List<String> scripts = new ArrayList<>();
        for (int from = 0; from < sources.size(); from += MAX_BATCH_ELEMENTS)
        {
            final List<IpAddress> batch = sources.subList(from, Math.min(sources.size(), from + MAX_BATCH_ELEMENTS));
            final StringBuilder script = new StringBuilder(512);
            appendSets(script);
            if (!chainInstalled)
            {
                // flush + re-add makes the rules exactly two however often this runs; set elements are untouched
                script.append("add chain inet ").append(TABLE).append(' ').append(CHAIN)
                    .append(" { type filter hook input priority ").append(PRIORITY).append("; policy accept; }\n")
                    .append("flush chain inet ").append(TABLE).append(' ').append(CHAIN).append('\n')
                    .append("add rule inet ").append(TABLE).append(' ').append(CHAIN)
                    .append(" ip saddr @").append(SET_V4).append(" counter drop\n")
                    .append("add rule inet ").append(TABLE).append(' ').append(CHAIN)
                    .append(" ip6 saddr @").append(SET_V6).append(" counter drop\n");
            }
            appendElements(script, "add", batch, ttlSeconds);
            scripts.add(script.toString());
        }
        return scripts;
    }

    private static void appendSets(final StringBuilder script)
    {
        script.append("add table inet ").append(TABLE).append('\n')
            .append("add set inet ").append(TABLE).append(' ').append(SET_V4)
            .append(" { type ipv4_addr; flags timeout; }\n")
            .append("add set inet ").append(TABLE).append(' ').append(SET_V6)
            .append(" { type ipv6_addr; flags timeout; }\n");
    }

    private static void appendElements(
        final StringBuilder script, final String verb, final List<IpAddress> batch, final long ttlSeconds)
    {
        appendElements(script, verb, SET_V4, batch, true, ttlSeconds);
        appendElements(script, verb, SET_V6, batch, false, ttlSeconds);
    }

    private static void appendElements(
        final StringBuilder script,
        final String verb,
        final String set,
        final List<IpAddress> batch,
        final boolean ipv4,
        final long ttlSeconds)
    {
        boolean first = true;
        for (final IpAddress address : batch)
        {
            if (address.isIpv4() != ipv4)
            {
                continue;
            }
            script.append(first ? verb + " element inet " + TABLE + ' ' + set + " { " : ", ").append(address.text());
            if (ttlSeconds > 0)
            {
                script.append(" timeout ").append(ttlSeconds).append('s');
            }
            first = false;
        }
        if (!first)
        {
            script.append(" }\n");
        }
    }

    private CommandOutcome runScript(final String script)
    {
        return runner.run(nftFromStdin, script.getBytes(StandardCharsets.US_ASCII));
    }

    public String toString()
    {
        return "NftDropSources{runner=" + runner + "}";
    }
}
