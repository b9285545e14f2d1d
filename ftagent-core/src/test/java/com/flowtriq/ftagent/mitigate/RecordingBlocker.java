package com.flowtriq.ftagent.mitigate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link SourceBlocker} that keeps the blocked set in memory and records every call.
 */
final class RecordingBlocker implements SourceBlocker
{
    final Set<IpAddress> blocked = new LinkedHashSet<>();
    final List<String> calls = new ArrayList<>();
    Consumer<List<IpAddress>> beforeBlock = sources -> {};
    boolean failBlock;
    /** When set, what a block returns instead of succeeding. */
    CommandOutcome blockOutcome;
    /** When set, what an unblock returns instead of succeeding (nothing is removed then). */
    CommandOutcome unblockOutcome;

    public String action()
    {
        return NftDropSources.ACTION;
    }

    public CommandOutcome block(final List<IpAddress> sources, final long ttlSeconds)
    {
        beforeBlock.accept(sources);
        calls.add("block " + sources + " ttl=" + ttlSeconds);
        if (null != blockOutcome)
        {
            return blockOutcome;
        }
        if (failBlock)
        {
            return new CommandOutcome(List.of("fake"), 1, false, "", "refused by test");
        }
        blocked.addAll(sources);
        return CommandOutcome.skipped(List.of("fake"));
    }

    public CommandOutcome unblock(final List<IpAddress> sources)
    {
        calls.add("unblock " + sources);
        if (null != unblockOutcome)
        {
            return unblockOutcome;
        }
        sources.forEach(blocked::remove);
        return CommandOutcome.skipped(List.of("fake"));
    }

    public CommandOutcome removeAll()
    {
        calls.add("removeAll");
        blocked.clear();
        return CommandOutcome.skipped(List.of("fake"));
    }

    public List<String> describeBlock(final List<IpAddress> sources, final long ttlSeconds)
    {
        return List.of("fake block " + sources);
    }
}
